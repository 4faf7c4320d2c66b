"""Reading an answers file (JSON or TOML) for ``ftawizard assess``.

The file's *shape* is checked here (it parses, it is one object/table); the *values* are
checked by the engine's ``parse_answers``, like every other front-end's.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


class AnswersFileError(ValueError):
    """The file cannot be read as answers; the message names the file and the problem."""


def parse_answers_text(text: str, name: str, suffix: str = "") -> dict[str, Any]:
    errors: list[str] = []
    parsers = ("toml", "json") if suffix == ".toml" else ("json", "toml")
    for kind in parsers:
        loads: Callable[[str], Any]
        if kind == "json":
            loads, invalid = json.loads, json.JSONDecodeError
        else:
            import tomllib  # only when TOML is tried: a JSON file never pays for it

            loads, invalid = tomllib.loads, tomllib.TOMLDecodeError
        try:
            data = loads(text)
        except invalid as error:
            errors.append(f"{kind.upper()}: {error}")
            continue
        if not isinstance(data, dict):
            raise AnswersFileError(
                f"{name}: the answers must be one JSON object or TOML table, not {type(data).__name__}"
            )
        return data
    first = errors[0] if suffix in (".json", ".toml") else "; ".join(errors)
    raise AnswersFileError(f"{name}: not a valid JSON or TOML answers file ({first})")


def read_answers_file(path: str) -> dict[str, Any]:
    if path == "-":
        return parse_answers_text(sys.stdin.read(), "standard input")
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnswersFileError(f"{path}: is a folder, not an answers file") from None
    except UnicodeDecodeError:
        raise AnswersFileError(f"{path}: not a text file (expected UTF-8 JSON or TOML)") from None
    except OSError as error:
        raise AnswersFileError(f"{path}: cannot be read ({error.strerror})") from None
    return parse_answers_text(text, path, file.suffix.lower())


def wizard_answers(path: str) -> dict[str, Any]:
    """An answers file as the wizard stores answers (dates as YYYY-MM-DD text), so that an
    example file can seed a session, a screenshot or a benchmark."""
    import datetime as dt

    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in read_answers_file(path).items()
    }
