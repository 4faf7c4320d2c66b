"""Typed, located reading of TOML tables.

``tomllib`` gives plain dicts without positions. A content author needs "file:line: what is
wrong", so this module keeps each table's file and the line of its header, finds the line of
a key inside it, and records every problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ftawizard.content.errors import ContentProblem

_TOML_ERROR_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


class Problems:
    """Collects problems from every file of a tree."""

    def __init__(self) -> None:
        self.items: list[ContentProblem] = []

    def add(self, file: str, line: int | None, message: str) -> None:
        self.items.append(ContentProblem(file, line, message))


class SourceFile:
    """One file of the tree: its relative name, its lines, and where its headers are."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.splitlines()
        self._header_cache: dict[str, list[int]] = {}

    def header_lines(self, header: str) -> list[int]:
        """1-based lines of ``[[header]]`` / ``[header]``, in file order."""
        if header not in self._header_cache:
            wanted = {f"[[{header}]]", f"[{header}]"}
            self._header_cache[header] = [
                number
                for number, line in enumerate(self.lines, start=1)
                if line.split("#", 1)[0].strip() in wanted
            ]
        return self._header_cache[header]

    def key_line(self, start: int | None, key: str) -> int | None:
        """The line of ``key = …`` in the table whose header is at ``start``."""
        begin = (start or 1) - 1 if start else 0
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for index in range(begin, len(self.lines)):
            line = self.lines[index]
            if index > begin and line.lstrip().startswith("[") and start:
                break
            if pattern.match(line):
                return index + 1
        return start

    def find_line(self, needle: str, start: int | None = None) -> int | None:
        begin = (start or 1) - 1
        for index in range(begin, len(self.lines)):
            if needle in self.lines[index]:
                return index + 1
        return start


def read_toml(
    path: Path, name: str, problems: Problems
) -> tuple[SourceFile, dict[str, Any]] | None:
    try:
        source = SourceFile(path, name)
    except (OSError, UnicodeDecodeError) as error:
        problems.add(name, None, f"cannot read the file: {error}")
        return None
    try:
        data = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_ERROR_POSITION.search(message)
        line = int(match.group(1)) if match else None
        problems.add(name, line, f"not valid TOML: {_TOML_ERROR_POSITION.sub('', message).strip()}")
        return None
    return source, data


_TYPE_NAMES = {
    str: "text",
    bool: "true/false",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a table",
    dt.date: "a date (YYYY-MM-DD)",
}


class Table:
    """A TOML table with its position, read key by key."""

    def __init__(
        self,
        source: SourceFile,
        data: dict[str, Any],
        line: int | None,
        where: str,
        problems: Problems,
    ) -> None:
        self.source = source
        self.data = data
        self.line = line
        self.where = where
        self.problems = problems

    # -- problems
    def problem(self, message: str, key: str | None = None) -> None:
        line = self.source.key_line(self.line, key) if key else self.line
        prefix = f"{self.where}: " if self.where else ""
        self.problems.add(self.source.name, line, prefix + message)

    def line_of(self, key: str) -> int | None:
        return self.source.key_line(self.line, key)

    def check_keys(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                known = ", ".join(sorted(allowed_set))
                self.problem(f"unknown key '{key}' (expected one of: {known})", key)

    # -- typed getters
    def _get(self, key: str, kinds: tuple[type, ...], required: bool) -> Any:
        if key not in self.data:
            if required:
                self.problem(f"missing required key '{key}'")
            return None
        value = self.data[key]
        # bool is an int in Python; never accept one for the other.
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if isinstance(value, dt.datetime) and dt.datetime not in kinds:
            ok = False
        if not ok:
            expected = " or ".join(_TYPE_NAMES.get(kind, kind.__name__) for kind in kinds)
            self.problem(f"'{key}' must be {expected}, not {value!r}", key)
            return None
        return value

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self._get(key, (str,), required)
        if value is None:
            return default
        if required and not value.strip():
            self.problem(f"'{key}' must not be empty", key)
        return str(value)

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._get(key, (bool,), False)
        return default if value is None else bool(value)

    def integer(self, key: str, required: bool = True, default: int = 0) -> int:
        value = self._get(key, (int,), required)
        return default if value is None else int(value)

    def number(self, key: str) -> float | None:
        value = self._get(key, (int, float), False)
        return None if value is None else float(value)

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self._get(key, (dt.date,), required)
        return value if isinstance(value, dt.date) else None

    def string_list(self, key: str, required: bool = False) -> list[str]:
        value = self._get(key, (list,), required)
        if value is None:
            return []
        strings: list[str] = []
        for item in value:
            if not isinstance(item, str):
                self.problem(f"every entry of '{key}' must be text, not {item!r}", key)
                continue
            strings.append(item)
        return strings

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def sub(self, key: str, header: str | None = None, required: bool = True) -> Table | None:
        value = self._get(key, (dict,), required)
        if value is None:
            return None
        line = None
        if header is not None:
            lines = self.source.header_lines(header)
            line = lines[0] if lines else None
        if line is None:
            line = self.line_of(key)
        return Table(
            self.source, value, line, f"{self.where}.{key}" if self.where else key, self.problems
        )

    def tables(
        self, key: str, header: str, counter: dict[str, int], required: bool = False
    ) -> list[Table]:
        """An array of tables (``[[header]]``); ``counter`` keeps the running index of
        that header across the file, so nested arrays find their own lines."""
        value = self._get(key, (list,), required)
        if value is None:
            return []
        lines = self.source.header_lines(header)
        result: list[Table] = []
        for position, item in enumerate(value):
            index = counter.get(header, 0)
            counter[header] = index + 1
            line = lines[index] if index < len(lines) else self.line_of(key)
            where = f"{self.where}.{key}[{position}]" if self.where else f"{key}[{position}]"
            if not isinstance(item, dict):
                self.problems.add(self.source.name, line, f"{where}: must be a table, not {item!r}")
                continue
            result.append(Table(self.source, item, line, where, self.problems))
        return result

    def inline_tables(self, key: str) -> list[Table]:
        """An array of inline tables (``key = [{…}, {…}]``), all located at the key's line."""
        value = self._get(key, (list,), False)
        if value is None:
            return []
        line = self.line_of(key)
        result: list[Table] = []
        for position, item in enumerate(value):
            where = f"{self.where}.{key}[{position}]"
            if not isinstance(item, dict):
                self.problems.add(self.source.name, line, f"{where}: must be a table, not {item!r}")
                continue
            result.append(Table(self.source, item, line, where, self.problems))
        return result
