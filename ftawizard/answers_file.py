"""Reading an answers file (JSON or TOML) for ``ftawizard assess`` and ``checklist``.

The file's *shape* is checked here (it is UTF-8 text, not empty, parses, is one
object/table, holds no key twice and nests no deeper than answers can); the *values* are
checked by the engine's ``parse_answers``, like every other front-end's. Every problem is one
``AnswersFileError`` whose message names the file and the problem, never a traceback.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ftawizard.nesting import MAX_DEPTH, nesting_depth

BOM = "\ufeff"


class AnswersFileError(ValueError):
    """The file cannot be read as answers; the message names the file and the problem."""


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (JSON would let the last one win
    silently: the person meant one of them, and which one cannot be guessed)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def _json_loads(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_unique_object)


def parse_answers_text(text: str, name: str, suffix: str = "") -> dict[str, Any]:
    if text.startswith(BOM):  # written by an editor that marks UTF-8 (Windows Notepad)
        text = text[1:]
    if not text.strip():
        raise AnswersFileError(
            f"{name}: is empty (expected a JSON object or a TOML table of answers)"
        )
    errors: list[str] = []
    parsers = ("toml", "json") if suffix == ".toml" else ("json", "toml")
    too_deep = AnswersFileError(
        f"{name}: nested deeper than {MAX_DEPTH} levels (answers are single values)"
    )
    for kind in parsers:
        loads: Callable[[str], Any]
        if kind == "json":
            loads = _json_loads
        else:
            import tomllib  # only when TOML is tried: a JSON file never pays for it

            loads = tomllib.loads
        try:
            data = loads(text)
        except _DuplicateKey as error:
            raise AnswersFileError(
                f"{name}: the key {shorten(repr(error.key), 80)} appears more than once (keep one)"
            ) from None
        except RecursionError:
            raise too_deep from None
        except ValueError as error:  # (JSON's and TOML's errors, numbers too long to read)
            errors.append(f"{kind.upper()}: {shorten(str(error), 200)}")
            continue
        if not isinstance(data, dict):
            raise AnswersFileError(
                f"{name}: the answers must be one JSON object or TOML table, not {type(data).__name__}"
            )
        if nesting_depth(data) > MAX_DEPTH:
            raise too_deep
        return data
    first = errors[0] if suffix in (".json", ".toml") else "; ".join(errors)
    raise AnswersFileError(f"{name}: not a valid JSON or TOML answers file ({first})")


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AnswersFileError(f"{name}: is UTF-16 text; save it as UTF-8") from None
    raise AnswersFileError(f"{name}: not a text file (expected UTF-8 JSON or TOML)") from None


def read_answers_file(path: str) -> dict[str, Any]:
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)
        text = _decode(stream.read(), "standard input") if stream else sys.stdin.read()
        return parse_answers_text(text, "standard input")
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise AnswersFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnswersFileError(f"{path}: is a folder, not an answers file") from None
    except OSError as error:
        raise AnswersFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    return parse_answers_text(_decode(data, path), path, file.suffix.lower())


_LONG_QUOTED = re.compile(r"""'[^'\n]{80,}'|"[^"\n]{80,}\"""")


def shorten(message: str, limit: int = 500) -> str:
    """A message fit for one line: long quoted values cut to their start (with how long
    they were), and what is still too long cut in the middle."""

    def cut(match: re.Match[str]) -> str:
        quoted = match.group(0)
        return f"{quoted[:61]}…{quoted[0]} ({len(quoted) - 2:,} characters)"

    message = _LONG_QUOTED.sub(cut, message) if len(message) > limit else message
    if len(message) > limit:
        half = limit // 2 - 10
        message = f"{message[:half]} … {message[-half:]}"
    return message.replace("\n", " ").replace("\r", " ")


MAX_WARNINGS = 10


def warning_lines(warnings: Sequence[str]) -> list[str]:
    """The answers' warnings as lines to print: the first ten, then how many more (a file of
    300,000 unknown keys is not 300,000 lines), each cut to a sensible length."""
    lines = [f"ftawizard: warning: {shorten(warning)}" for warning in warnings[:MAX_WARNINGS]]
    if len(warnings) > MAX_WARNINGS:
        more = len(warnings) - MAX_WARNINGS
        lines.append(f"ftawizard: warning: … and {more:,} more warnings like these")
    return lines


def wizard_answers(path: str) -> dict[str, Any]:
    """An answers file as the wizard stores answers (dates as YYYY-MM-DD text), so that an
    example file can seed a session, a screenshot or a benchmark."""
    import datetime as dt

    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in read_answers_file(path).items()
    }
