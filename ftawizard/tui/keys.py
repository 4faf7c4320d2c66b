"""Key names and characters without Unicode's name database.

Textual goes to Unicode's name database to name a key typed on the terminal (" " is
"space"), to decide whether a focused text box takes a bound key ("question_mark" is "?")
and to show a key in the footer. The first look-up reads about 0.8 MiB of that database
into memory: a tenth of what this whole app adds to a bare Textual app, for answers that
never change. Below are the answers for every key name Textual defines and every ASCII
character; anything else (an accented letter, a key name of another version) is still
looked up by Textual. They are the answers of the Textual version the project pins:
tests/tui/test_keys.py checks them against Textual's own functions.
"""

from __future__ import annotations

import textual._xterm_parser
import textual.app
import textual.binding
import textual.keys
import textual.screen
from textual.keys import _character_to_key as textual_character_to_key
from textual.keys import format_key as textual_format_key
from textual.keys import key_to_character as textual_key_to_character

# the key an ASCII character that is not a letter or digit names (Textual's
# ``_character_to_key``); the control characters not listed here name themselves
KEYS_OF_CHARACTERS: dict[str, str] = {
    "\t": "tab",
    " ": "space",
    "!": "exclamation_mark",
    '"': "quotation_mark",
    "#": "number_sign",
    "$": "dollar_sign",
    "%": "percent_sign",
    "&": "ampersand",
    "'": "apostrophe",
    "(": "left_parenthesis",
    ")": "right_parenthesis",
    "*": "asterisk",
    "+": "plus",
    ",": "comma",
    "-": "minus",
    ".": "full_stop",
    "/": "slash",
    ":": "colon",
    ";": "semicolon",
    "<": "less_than_sign",
    "=": "equals_sign",
    ">": "greater_than_sign",
    "?": "question_mark",
    "@": "at",
    "[": "left_square_bracket",
    "\\": "backslash",
    "]": "right_square_bracket",
    "^": "circumflex_accent",
    "_": "underscore",
    "`": "grave_accent",
    "{": "left_curly_bracket",
    "|": "vertical_line",
    "}": "right_curly_bracket",
    "~": "tilde",
}
# the character a key name stands for (Textual's ``key_to_character``)
CHARACTERS: dict[str, str] = {
    "backspace": "\x08",
    "circumflex_accent": "^",
    "commercial_at": "@",
    "delete": "\x7f",
    "dollar_sign": "$",
    "equals_sign": "=",
    "escape": "\x1b",
    "exclamation_mark": "!",
    "full_stop": ".",
    "grave_accent": "`",
    "greater_than_sign": ">",
    "hyphen_minus": "-",
    "left_curly_bracket": "{",
    "left_parenthesis": "(",
    "left_square_bracket": "[",
    "less_than_sign": "<",
    "low_line": "_",
    "number_sign": "#",
    "percent_sign": "%",
    "plus_sign": "+",
    "question_mark": "?",
    "quotation_mark": '"',
    "reverse_solidus": "\\",
    "right_curly_bracket": "}",
    "right_parenthesis": ")",
    "right_square_bracket": "]",
    "space": " ",
    "tab": "\t",
    "vertical_line": "|",
}
# key names that stand for no character
NOT_CHARACTERS = frozenset(
    {
        "<any>",
        "<ignore>",
        "<scroll-down>",
        "<scroll-up>",
        "at",
        "backslash",
        "ctrl-at",
        "down",
        "end",
        "enter",
        "f1",
        "f10",
        "f11",
        "f12",
        "f13",
        "f14",
        "f15",
        "f16",
        "f17",
        "f18",
        "f19",
        "f2",
        "f20",
        "f21",
        "f22",
        "f23",
        "f24",
        "f3",
        "f4",
        "f5",
        "f6",
        "f7",
        "f8",
        "f9",
        "home",
        "insert",
        "left",
        "minus",
        "pagedown",
        "pageup",
        "plus",
        "return",
        "right",
        "slash",
        "underscore",
        "up",
    }
)
# how a key is shown where Textual shows it otherwise than by its name (``format_key``)
DISPLAYS: dict[str, str] = {
    "at": "@",
    "backslash": "\\",
    "backspace": "⌫",
    "circumflex_accent": "^",
    "commercial_at": "@",
    "delete": "del",
    "dollar_sign": "$",
    "down": "↓",
    "enter": "⏎",
    "equals_sign": "=",
    "escape": "esc",
    "exclamation_mark": "!",
    "full_stop": ".",
    "grave_accent": "`",
    "greater_than_sign": ">",
    "hyphen_minus": "-",
    "left": "←",
    "left_curly_bracket": "{",
    "left_parenthesis": "(",
    "left_square_bracket": "[",
    "less_than_sign": "<",
    "low_line": "_",
    "minus": "-",
    "number_sign": "#",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "percent_sign": "%",
    "plus": "+",
    "plus_sign": "+",
    "question_mark": "?",
    "quotation_mark": '"',
    "reverse_solidus": "\\",
    "right": "→",
    "right_curly_bracket": "}",
    "right_parenthesis": ")",
    "right_square_bracket": "]",
    "slash": "/",
    "underscore": "_",
    "up": "↑",
    "vertical_line": "|",
}


def character_to_key(character: str) -> str:
    """Textual's ``_character_to_key``, without the name database for ASCII characters."""
    key = KEYS_OF_CHARACTERS.get(character)
    if key is not None:
        return key
    if len(character) == 1 and character < "\x80" and not character.isalnum():
        return character  # a control character
    return textual_character_to_key(character)


def key_to_character(key: str) -> str | None:
    """Textual's ``key_to_character``, without the name database for Textual's key names."""
    _, separator, name = key.rpartition("+")
    if separator:
        return None  # a key with a modifier (other than shift) types no character
    if len(name) == 1:
        return name
    if name in NOT_CHARACTERS:
        return None
    return CHARACTERS.get(name) or textual_key_to_character(key)


def format_key(key: str) -> str:
    """Textual's ``format_key``, without the name database for Textual's key names."""
    if len(key) == 1 or key in NOT_CHARACTERS or key in CHARACTERS:
        return DISPLAYS.get(key, key)
    return DISPLAYS.get(key) or textual_format_key(key)


def install() -> None:
    """Have Textual's screens and apps use these functions (Textual imported them into its
    modules by name; the version is pinned)."""
    for module in (textual.keys, textual._xterm_parser, textual.binding, textual.app):
        module._character_to_key = character_to_key  # type: ignore[attr-defined]
    textual.screen.key_to_character = key_to_character  # type: ignore[attr-defined,assignment]
    textual.app.format_key = format_key  # type: ignore[attr-defined,assignment]
