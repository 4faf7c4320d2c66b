"""Keys are named, matched and shown exactly as Textual does, without Unicode's name
database (ftawizard/tui/keys.py): a person's keys, the footer and the text boxes must
behave the same, and the app must not read that database into memory."""

from __future__ import annotations

import unicodedata

import pytest
import textual.keys
from textual._xterm_parser import XTermParser
from textual.events import Key
from textual.keys import KEY_DISPLAY_ALIASES, KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys
from textual.widgets import Input

from ftawizard.tui import keys
from tests.tui.helpers import bar_text, make_app

KEY_NAMES = sorted(
    {key.value for key in Keys}
    | set(KEY_TO_UNICODE_NAME)
    | set(REPLACED_KEYS)
    | set(KEY_DISPLAY_ALIASES)
    | {"a", "Z", "7", "?", " ", "é", "ctrl+r", "shift+tab", "ctrl+question_mark", "f2", "bogus"}
)
CHARACTERS = [chr(code) for code in range(128)] + ["é", "ß", "€", "😀"]


@pytest.mark.parametrize("key", KEY_NAMES)
def test_a_key_name_means_the_same_character_and_shows_the_same(key: str) -> None:
    assert keys.key_to_character(key) == keys.textual_key_to_character(key)
    assert keys.format_key(key) == keys.textual_format_key(key)


@pytest.mark.parametrize("character", CHARACTERS, ids=repr)
def test_a_typed_character_gets_the_same_key_name(character: str) -> None:
    assert keys.character_to_key(character) == keys.textual_character_to_key(character)


@pytest.fixture
def name_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every look-up in Unicode's name database from now on."""
    calls: list[str] = []
    for name in ("lookup", "name"):
        original = getattr(unicodedata, name)

        def spy(*args: object, _original=original, _name=name) -> object:
            calls.append(f"{_name}{args!r}")
            return _original(*args)

        monkeypatch.setattr(unicodedata, name, spy)
    return calls


async def test_the_wizard_and_typing_need_no_name_lookup(name_lookups: list[str]) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.start("worker")  # the wizard: a footer of keys and a focused text box
        await pilot.pause()
        assert app.screen.query(Input) and app.screen.focused is not None
        # what a terminal sends for "a b?", Tab and Ctrl+R, through Textual's parser
        events = list(XTermParser().feed("a b?\t\x12"))
        assert [event.key for event in events if isinstance(event, Key)] == [
            "a",
            "space",
            "b",
            "question_mark",
            "tab",
            "ctrl+r",
        ]
        assert " ^r Results " in bar_text(pilot)  # the footer's keys, named from the tables
    assert name_lookups == []


def test_textual_still_uses_its_own_answers_for_what_the_tables_do_not_hold(
    name_lookups: list[str],
) -> None:
    keys.install()
    assert textual.keys._character_to_key is keys.character_to_key
    assert keys.character_to_key("€") == "euro_sign"  # looked up, as Textual does
    assert name_lookups
