"""What every part of the loader shares: the problems found, the references to check once
everything is loaded, and reading a TOML or CSV file of the tree."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ftawizard.content import models as m
from ftawizard.content.reader import (
    FoundLine,
    Line,
    ParsedFiles,
    Problems,
    SourceFile,
    Table,
    read_text,
    read_toml,
)

# A reference to check once everything is loaded: (kind, target, file, line, where). A plain
# tuple: a tree holds thousands of them.
Reference = tuple[str, str, str, Line, str]


class LoaderBase:
    """The state of one load of a content tree, and the helpers every file kind uses."""

    def __init__(self, root: Path, parsed: ParsedFiles | None = None) -> None:
        self.root = root
        self.parsed = parsed
        self.problems = Problems()
        self.references: list[Reference] = []
        # (question id, value, file, line, where): choice values used by conditions
        self.choice_uses: list[tuple[str, object, str, Line, str]] = []
        self.condition_uses: list[tuple[str, str, Line, str]] = []
        # loaded before the agreements, so that "@eu27" can be expanded where it is used
        self.country_groups: dict[str, m.CountryGroup] = {}
        self.retired: dict[str, m.RetiredQuestion] = {}
        self.agreement_order: list[str] = []
        # sources and documents declared inside agreement files, merged after loading
        self.agreement_sources: list[tuple[str, m.Source, str, Line]] = []
        self.agreement_documents: list[tuple[str, m.Document, str, Line]] = []

    def ref(self, kind: str, target: str, table: Table, key: str) -> None:
        self.references.append((kind, target, table.source.name, table.lazy_line(key), table.where))

    def toml(self, relative: str) -> tuple[SourceFile, dict[str, Any]] | None:
        path = self.root / relative
        if not path.is_file():
            self.problems.add(relative, None, "file is missing", root=True)
            return None
        return read_toml(path, relative, self.problems, self.parsed)

    def toml_file(
        self, relative: str, keys: list[str]
    ) -> tuple[SourceFile, dict[str, Any], Table] | None:
        """A TOML file of the tree: its text, its data and its top level, whose keys are
        checked against ``keys``; None (a problem noted) when it is missing or unreadable."""
        loaded = self.toml(relative)
        if loaded is None:
            return None
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(keys)
        return source, data, root

    def csv_rows(
        self, relative: str, columns: tuple[str, ...]
    ) -> list[tuple[int, tuple[str, ...]]]:
        """Each row's line and its values of ``columns`` (in that order). The first row names
        the columns (where a name is repeated, the last column of that name counts, as with
        ``csv.DictReader``); blank rows are skipped. A row with fewer or more values than the
        header names, or a value running over several lines (a quote left open), is a
        problem at the row's first line and is left out."""
        path = self.root / relative
        if not path.is_file():
            self.problems.add(relative, None, "file is missing", root=True)
            return []
        text = read_text(path, relative, self.problems)
        if text is None:
            return []
        return csv_table(text, relative, columns, self.problems)

    def expand_countries(self, codes: list[str], file: str, line: Line, where: str) -> list[str]:
        """Country codes with every ``@group`` replaced by its members (each checked later)."""
        result: list[str] = []
        removed: set[str] = set()
        for code in codes:
            if code.startswith("!"):  # "!CA": every country of the groups except Canada
                self.references.append(("country", code[1:], file, line, where))
                removed.add(code[1:])
                continue
            if code.startswith("@"):
                group = self.country_groups.get(code[1:])
                if group is None:
                    self.problems.add(file, line, f"{where}: unknown country group '{code}'")
                    continue
                result.extend(sorted(group.countries))
                continue
            self.references.append(("country", code, file, line, where))
            result.append(code)
        return [code for code in result if code not in removed]

    def table_countries(self, table: Table, key: str, required: bool = False) -> list[str]:
        return self.expand_countries(
            table.string_list(key, required=required),
            table.source.name,
            table.lazy_line(key),
            table.where,
        )

    def named_tables(
        self, source: SourceFile, data: dict[str, Any], name: str
    ) -> Iterator[tuple[str, Table]]:
        """The ``[name.<id>]`` tables of a file, each located at its header."""
        section = data.get(name, {})
        if not isinstance(section, dict):
            Table(source, data, 1, "", self.problems).problem(
                f"'{name}' must be a table of tables", name
            )
            return
        for item_id, body in section.items():
            line = FoundLine(source, f"[{name}.{item_id}]")
            if not isinstance(body, dict):
                self.problems.add(source.name, line, f"{name}.{item_id}: must be a table")
                continue
            yield item_id, Table(source, body, line, f"{name}.{item_id}", self.problems)


def _picker(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The values at ``positions`` of a row, as a tuple (``itemgetter`` picks them in C)."""
    if len(positions) == 1:
        (position,) = positions
        return lambda row: (row[position],)
    return operator.itemgetter(*positions)


def csv_table(
    text: str, relative: str, columns: tuple[str, ...], problems: Problems
) -> list[tuple[int, tuple[str, ...]]]:
    """``LoaderBase.csv_rows`` for a file's text."""
    import io

    rows: list[tuple[int, tuple[str, ...]]] = []
    lines = io.StringIO(text, newline="")
    return rows if each_csv_row(lines, relative, columns, problems, rows.append) else []


def each_csv_row(
    lines: Iterable[str],
    relative: str,
    columns: tuple[str, ...],
    problems: Problems,
    take: Callable[[tuple[int, tuple[str, ...]]], object],
) -> bool:
    """Hand each row of a CSV file's lines (as a file opened with ``newline=""`` gives
    them) to ``take``, as ``csv_table`` lists them, without keeping them (``content check``
    reads the 28,000 NOC example titles this way). False when the file cannot be read as a
    whole (a problem says why): the rows handed over until then are not to be used."""
    import csv

    reader = csv.reader(lines, strict=True)
    first = 1  # the line the next row starts on
    try:
        header = next(reader, None) or []
        missing = [column for column in columns if column not in header]
        if missing:
            problems.add(relative, 1, f"missing column(s): {', '.join(missing)}", root=True)
            return False
        last = {name: index for index, name in enumerate(header)}
        pick = _picker([last[column] for column in columns])
        width = len(header)
        first = reader.line_num + 1
        for row in reader:
            line, first = first, reader.line_num + 1
            if not row:
                continue
            if len(row) != width or reader.line_num != line:
                if reader.line_num != line:
                    what = (
                        f"a value runs from this line to line {reader.line_num}: "
                        "is a quote left open?"
                    )
                else:
                    what = (
                        f"the row has {len(row)} value{'s' if len(row) != 1 else ''}, "
                        f"the header names {width} columns"
                    )
                problems.add(relative, line, what, root=True)
                continue
            take((line, pick(row)))
        return True
    except csv.Error as error:
        where = f" (seen at line {reader.line_num})" if reader.line_num > first else ""
        problems.add(
            relative,
            first,
            f"not valid CSV: {error}{where}; is a quote on this line left open?",
            root=True,
        )
        return False
