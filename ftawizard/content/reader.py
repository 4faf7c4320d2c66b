"""Typed, located reading of TOML tables.

``tomllib`` gives plain dicts without positions. A content author needs "file:line: what is
wrong", so this module keeps each table's file and the line of its header, finds the line of
a key inside it, and records every problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ftawizard.content.errors import ContentProblem

try:  # the C pickler alone: module ``pickle`` adds its pure-Python fallbacks (~3 ms) to a start
    import _pickle as pickle
except ImportError:  # pragma: no cover - not CPython
    import pickle  # type: ignore[no-redef]

_PROTOCOL = 5
# what a file needs only to report a problem (finding lines, reading TOML errors) is
# imported or compiled then: a valid tree never needs it
_TOML_ERROR_POSITION = r"\(at line (\d+), column \d+\)"


class LazyLine:
    """A line found only if a problem needs it: a valid tree never does, and the loader
    records thousands of places (each table, each key a reference sits at) in case one is
    wrong. Finding a line indexes the file's lines, which a valid tree then never pays for."""

    __slots__ = ()

    def resolve(self) -> int | None:  # pragma: no cover - every kind below has its own
        raise NotImplementedError


class KeyLine(LazyLine):
    """The line of ``key = …`` in the table at line ``start`` (or ``start`` itself if the key
    is not there). It keeps the table's place, not the table: what the loader records for
    later must not keep the parsed data of every file alive."""

    __slots__ = ("key", "source", "start")

    def __init__(self, source: SourceFile, start: Line, key: str) -> None:
        self.source = source
        self.start = start
        self.key = key

    def resolve(self) -> int | None:
        return self.source.key_line(resolve_line(self.start), self.key)


class HeaderLine(LazyLine):
    """The line of the ``index``-th ``[[header]]`` / ``[header]`` of a file; ``fallback``
    where the file has fewer such headers."""

    __slots__ = ("fallback", "header", "index", "source")

    def __init__(self, source: SourceFile, header: str, index: int, fallback: Line) -> None:
        self.source = source
        self.header = header
        self.index = index
        self.fallback = fallback

    def resolve(self) -> int | None:
        lines = self.source.header_lines(self.header)
        if self.index < len(lines):
            return lines[self.index]
        return resolve_line(self.fallback)


class FoundLine(LazyLine):
    """The first line of a file holding ``needle``, as ``SourceFile.find_line``."""

    __slots__ = ("needle", "source")

    def __init__(self, source: SourceFile, needle: str) -> None:
        self.source = source
        self.needle = needle

    def resolve(self) -> int | None:
        return self.source.find_line(self.needle)


# a line number, one to find when it is needed, or unknown
Line = int | LazyLine | None


def resolve_line(line: Line) -> int | None:
    return line.resolve() if isinstance(line, LazyLine) else line


class Problems:
    """Collects problems from every file of a tree."""

    def __init__(self) -> None:
        self.items: list[ContentProblem] = []

    def add(self, file: str, line: Line, message: str, root: bool = False) -> None:
        self.items.append(ContentProblem(file, resolve_line(line), message, root))


class SourceFile:
    """One file of the tree: its relative name, its text, and where its lines and headers are.

    Line numbers are those of ``str.splitlines`` (as an editor shows them). The lines are
    indexed once, when a line is first looked for: where each line starts in ``joined`` (the
    lines joined by newlines, which is ``text`` itself for a file with plain newlines), which
    lines open a table, and where each header is. Finding the line of a header, a key or a
    piece of text is then a lookup or one search in C, not a scan in Python, and the lines
    themselves are not kept.
    """

    def __init__(self, path: Path, name: str, text: str | None = None) -> None:
        self.path = path
        self.name = name
        self.text = path.read_text(encoding="utf-8") if text is None else text
        self._index: _LineIndex | None = None
        self._headers: dict[str, list[int]] = {}

    @property
    def index(self) -> _LineIndex:
        if self._index is None:
            self._index = _LineIndex(self.text)
        return self._index

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def header_lines(self, header: str) -> list[int]:
        """1-based lines of ``[[header]]`` / ``[header]``, in file order (not to be changed:
        the list is kept for the next caller)."""
        found = self._headers.get(header)
        if found is None:
            headers = self.index.headers
            found = headers.get(f"[[{header}]]", []) + headers.get(f"[{header}]", [])
            found.sort()
            self._headers[header] = found
        return found

    def key_line(self, start: int | None, key: str) -> int | None:
        """The line of ``key = …`` in the table whose header is at ``start``."""
        import bisect

        index = self.index
        begin = start - 1 if start else 0
        if begin >= index.count or "\n" in key:
            return start
        end = index.count
        if start:
            # the table ends at the next line (after its first) that opens a table
            after = bisect.bisect_right(index.brackets, begin)
            if after < len(index.brackets):
                end = index.brackets[after]
        found = _key_pattern(key).search(index.joined, index.offsets[begin], index.offsets[end])
        if found is None:
            return start
        return bisect.bisect_right(index.offsets, found.start())

    def find_line(self, needle: str, start: int | None = None) -> int | None:
        import bisect

        begin = (start or 1) - 1
        index = self.index
        if begin >= index.count or "\n" in needle:
            return start
        position = index.joined.find(needle, index.offsets[begin])
        if position < 0:
            return start
        return bisect.bisect_right(index.offsets, position)


class _LineIndex:
    """Where each line starts in ``joined``, which lines open a table, and the headers."""

    def __init__(self, text: str) -> None:
        import array
        import bisect
        import itertools

        lines = text.splitlines()
        self.count = len(lines)
        joined = "\n".join(lines) + "\n"
        self.joined = text if joined == text else joined
        # offsets[i]: where line i starts; offsets[count]: the end
        self.offsets = array.array(
            "q", itertools.accumulate(map(_PLUS_ONE, map(len, lines)), initial=0)
        )
        self.brackets: list[int] = []  # lines (0-based) that start with "[" (after blanks)
        self.headers: dict[str, list[int]] = {}  # "[header]" -> 1-based lines
        starts = [match.start() + 1 for match in re.finditer(_TABLE_LINE, self.joined)]
        if lines and lines[0].lstrip().startswith("["):
            starts.insert(0, 0)
        for start in starts:
            number = bisect.bisect_right(self.offsets, start) - 1
            self.brackets.append(number)
            header = lines[number].split("#", 1)[0].strip()
            self.headers.setdefault(header, []).append(number + 1)


_PLUS_ONE = (1).__add__
# a line (after the first) whose first character after blanks is "[", as
# ``line.lstrip().startswith("[")``; starting with a newline lets the search skip ahead in C
_TABLE_LINE = r"\n[^\S\n]*\["


@functools.lru_cache(maxsize=256)
def _key_pattern(key: str) -> re.Pattern[str]:
    # as ``^\s*"?key"?\s*=`` on one line: ``[^\S\n]`` is whitespace that stays on the line
    return re.compile(rf'^[^\S\n]*"?{re.escape(key)}"?[^\S\n]*=', re.MULTILINE)


class ParsedFiles:
    """The parsed data of the tree's TOML files, by relative name and exact text.

    ``known`` comes from an earlier run (``cache.load_parsed``): a file whose text is exactly
    the text that was parsed then gets that data back instead of being parsed again (the
    same text always parses to the same data). Each file's data is kept pickled, and
    unpickled only while that file is read. Every file read is recorded in ``seen``, so the
    files of this tree can be remembered for the next run.
    """

    def __init__(self, known: dict[str, tuple[str, bytes]] | None = None) -> None:
        self.known = known or {}
        self.seen: dict[str, tuple[str, bytes]] = {}
        self.parsed = 0  # files that had to be parsed

    def text(self, name: str, text: str) -> str | None:
        """The known text of ``name`` if it is ``text`` (one copy in memory, not two)."""
        entry = self.known.get(name)
        return entry[0] if entry is not None and entry[0] == text else None

    def get(self, name: str, text: str) -> dict[str, Any] | None:
        entry = self.known.get(name)
        if entry is None or entry[0] != text:
            return None
        try:
            data = pickle.loads(entry[1])
        except Exception:  # a damaged entry: parse the file again
            return None
        if not isinstance(data, dict):
            return None
        self.seen[name] = entry
        return data

    def add(self, name: str, text: str, data: dict[str, Any]) -> None:
        self.seen[name] = (text, pickle.dumps(data, protocol=_PROTOCOL))
        self.parsed += 1


# no file of the tree nests anywhere near this deep (a condition inside a condition…); the
# loader reads nested conditions recursively, so a deeper file is refused up front
MAX_NESTING = 40


def read_text(path: Path, name: str, problems: Problems) -> str | None:
    """A file of the tree as text: UTF-8 (a leading byte-order mark is allowed), no NUL
    characters; otherwise a problem at the line where the bad byte is."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(name, None, f"cannot read the file: {error.strerror or error}", root=True)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(
            name,
            line,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}): save the file as UTF-8",
            root=True,
        )
        return None
    if text.startswith("\ufeff"):  # a byte-order mark some editors write: not content
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        problems.add(name, text.count("\n", 0, nul) + 1, "holds a NUL character", root=True)
        return None
    return text


def deep_line(text: str, limit: int) -> int | None:
    """The first line where brackets and braces (outside quoted text) nest deeper than
    ``limit``: where a file nested too deeply for the loader goes wrong."""
    depth = 0
    line = 1
    quote = ""
    escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line
        elif char in "]}":
            depth -= 1
    return None


def read_toml(
    path: Path, name: str, problems: Problems, parsed: ParsedFiles | None = None
) -> tuple[SourceFile, dict[str, Any]] | None:
    text = read_text(path, name, problems)
    if text is None:
        return None
    if parsed is not None:
        text = parsed.text(name, text) or text
    source = SourceFile(path, name, text)
    data = parsed.get(name, text) if parsed is not None else None
    if data is not None:
        return source, data
    import tomllib

    too_deep = f"nested deeper than {MAX_NESTING} levels"
    try:
        data = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(_TOML_ERROR_POSITION, message)
        line = int(match.group(1)) if match else None
        problems.add(
            name,
            line,
            f"not valid TOML: {re.sub(_TOML_ERROR_POSITION, '', message).strip()}",
            root=True,
        )
        return None
    except RecursionError:
        problems.add(name, deep_line(source.text, MAX_NESTING), too_deep, root=True)
        return None
    except ValueError as error:  # a number too long to read
        problems.add(name, None, f"not valid TOML: {error}", root=True)
        return None
    from ftawizard.nesting import nesting_depth

    if nesting_depth(data, MAX_NESTING) > MAX_NESTING:
        problems.add(name, deep_line(source.text, MAX_NESTING), too_deep, root=True)
        return None
    if parsed is not None:
        parsed.add(name, source.text, data)
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
    """A TOML table with its position, read key by key.

    ``line`` is the line of the table's header (or of the key holding it). It may be given
    as a ``LazyLine``: it is then found the first time it is read, which only a problem
    does."""

    __slots__ = ("_line", "data", "problems", "source", "where")

    def __init__(
        self,
        source: SourceFile,
        data: dict[str, Any],
        line: Line,
        where: str,
        problems: Problems,
    ) -> None:
        self.source = source
        self.data = data
        self._line = line
        self.where = where
        self.problems = problems

    @property
    def line(self) -> int | None:
        line = self._line
        if isinstance(line, LazyLine):
            line = self._line = line.resolve()
        return line

    # -- problems
    def problem(self, message: str, key: str | None = None) -> None:
        line = self.source.key_line(self.line, key) if key else self.line
        prefix = f"{self.where}: " if self.where else ""
        self.problems.add(self.source.name, line, prefix + message)

    def line_of(self, key: str) -> int | None:
        return self.source.key_line(self.line, key)

    def lazy_line(self, key: str) -> KeyLine:
        """``line_of(key)``, found only when a problem is reported there."""
        return KeyLine(self.source, self._line, key)

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
        value = self.data.get(key)
        if type(value) is str:  # the common case, without the checks of ``_get``
            if required and not value.strip():
                self.problem(f"'{key}' must not be empty", key)
            return value
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
        # the first ``[header]`` of the file, else the key's line
        line: LazyLine = KeyLine(self.source, self._line, key)
        if header is not None:
            line = HeaderLine(self.source, header, 0, line)
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
        source = self.source
        fallback = KeyLine(source, self._line, key)
        first = counter.get(header, 0)
        counter[header] = first + len(value)
        prefix = f"{self.where}.{key}" if self.where else key
        result: list[Table] = []
        for position, item in enumerate(value):
            line = HeaderLine(source, header, first + position, fallback)
            where = f"{prefix}[{position}]"
            if not isinstance(item, dict):
                self.problems.add(source.name, line, f"{where}: must be a table, not {item!r}")
                continue
            result.append(Table(source, item, line, where, self.problems))
        return result

    def inline_tables(self, key: str) -> list[Table]:
        """An array of inline tables (``key = [{…}, {…}]``), all located at the key's line."""
        value = self._get(key, (list,), False)
        if value is None:
            return []
        line = KeyLine(self.source, self._line, key)
        result: list[Table] = []
        for position, item in enumerate(value):
            where = f"{self.where}.{key}[{position}]"
            if not isinstance(item, dict):
                self.problems.add(self.source.name, line, f"{where}: must be a table, not {item!r}")
                continue
            result.append(Table(self.source, item, line, where, self.problems))
        return result
