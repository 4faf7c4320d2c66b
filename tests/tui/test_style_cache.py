"""The wizard's parsed styles are kept in the cache folder between runs (issue 7: start-up).
What a screen looks like must never depend on that file: a second start that reads every
style from it draws the same screen without parsing anything, and a file that is damaged,
stale or from another theme is simply not used."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual.css.stylesheet
from textual.css.stylesheet import StylesheetParseError

from ftawizard.content.models import Content
from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.style_cache import STYLES_FILE, CachedStylesheet
from tests.tui.helpers import TODAY


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FTAWIZARD_CACHE", str(folder))
    monkeypatch.delenv("FTAWIZARD_NO_CACHE", raising=False)
    return folder


async def start_screen(content: Content, theme: str = "") -> tuple[str, CachedStylesheet]:
    """Start the app with cached styles (and change to ``theme``), go to the first question,
    quit: what the start screen showed (as an SVG, colours included) and the stylesheet."""
    app = FtaWizardApp(content, today=TODAY, cached_styles=True)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        picture = app.export_screenshot()
        app.stylesheet.sources_at_start = len(app.stylesheet.source)  # type: ignore[attr-defined]
        if theme:
            app.theme = theme
            await pilot.pause()
        await pilot.press("enter")  # the first question: the wizard's widgets' styles too
        await pilot.pause()
    assert isinstance(app.stylesheet, CachedStylesheet)
    return picture, app.stylesheet


def _never_parse(*args: object, **kwargs: object) -> None:
    raise AssertionError("a stylesheet was parsed although the cache holds it")


async def test_second_start_parses_no_style_and_looks_the_same(
    content: Content, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, stylesheet = await start_screen(content)
    assert stylesheet.hits == 0
    assert (cache / STYLES_FILE).is_file()
    monkeypatch.setattr(textual.css.stylesheet, "parse", _never_parse)
    second, stylesheet = await start_screen(content)
    # app.tcss and the defaults of each kind of widget shown: every one from the file
    assert stylesheet.hits >= len(stylesheet.source) > 5
    assert second == first


async def test_damaged_cache_file_is_ignored_and_replaced(content: Content, cache: Path) -> None:
    first, _ = await start_screen(content)
    (cache / STYLES_FILE).write_bytes(b"not a pickle at all")
    second, stylesheet = await start_screen(content)
    assert stylesheet.hits == 0 and second == first
    third, stylesheet = await start_screen(content)
    assert stylesheet.hits >= len(stylesheet.source) > 5 and third == first


async def test_a_change_of_theme_does_not_cost_the_next_start_its_styles(
    content: Content, cache: Path
) -> None:
    first, _ = await start_screen(content)
    _, stylesheet = await start_screen(content, theme="nord")  # the wizard's styles in nord
    hits = stylesheet.hits
    assert hits >= stylesheet.sources_at_start > 5  # the start screen's, before the change
    third, stylesheet = await start_screen(content)
    assert third == first
    assert stylesheet.hits > hits  # the start screen's and the first question's, as before


def _stylesheet(variables: dict[str, str]) -> CachedStylesheet:
    stylesheet = CachedStylesheet(variables=variables)
    stylesheet.add_source("Label { color: $accent; }", read_from=("test.tcss", ""))
    stylesheet.parse()
    return stylesheet


def _colour(stylesheet: CachedStylesheet) -> str:
    (rule,) = stylesheet.rules
    return str(rule.styles.color)


def test_a_stored_parse_is_used_only_for_the_same_text_and_theme(cache: Path) -> None:
    blue = {"accent": "#0000ff"}
    stylesheet = _stylesheet(blue)
    stylesheet.save()
    again = _stylesheet(blue)
    assert again.hits == 1 and _colour(again) == _colour(stylesheet)
    # another theme: the variables differ, the source is parsed with them
    red = _stylesheet({"accent": "#ff0000"})
    assert red.hits == 0 and _colour(red) != _colour(stylesheet)
    # the same place, another text: parsed anew
    edited = CachedStylesheet(variables=blue)
    edited.add_source("Label { color: $accent; text-style: bold; }", read_from=("test.tcss", ""))
    edited.parse()
    assert edited.hits == 0 and "bold" in edited.rules[0].css


def test_a_stylesheet_with_a_problem_is_reported_and_not_stored(cache: Path) -> None:
    for _ in range(2):  # the second time too: nothing was kept that would hide it
        stylesheet = CachedStylesheet(variables={})
        stylesheet.add_source("Label { colour: red; }", read_from=("broken.tcss", ""))
        with pytest.raises(StylesheetParseError):
            stylesheet.parse()
        stylesheet.save()
        assert stylesheet.hits == 0
    assert not (cache / STYLES_FILE).exists()
