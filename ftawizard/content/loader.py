"""Load and validate the content tree.

``load_content(path)`` returns a frozen ``Content`` or raises ``ContentInvalid`` with every
problem found (file, line, what is wrong). It reads only files; it never imports a UI.
"""

from __future__ import annotations

import datetime as dt
import gc
import operator
from collections.abc import Callable, Container, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import attrs

from ftawizard.content import models as m
from ftawizard.content.errors import ContentInvalid
from ftawizard.content.paths import default_content_dir
from ftawizard.content.reader import (
    FoundLine,
    HeaderLine,
    Line,
    ParsedFiles,
    Problems,
    SourceFile,
    Table,
    read_toml,
)

QUESTION_TYPES = ("choice", "bool", "number", "date", "country", "noc", "cusma_profession", "text")
RULE_KINDS = (
    "condition",
    "occupation_level",
    "occupation_list",
    "cusma_profession",
    "cusma_noc_match",
    "principal_eligible",
)
NOC2016_LEVELS = ("0", "A", "B", "C", "D")
# Sentences the engine needs that belong to no single rule (kept in content, not code).
REQUIRED_TEXTS = (
    "opened_by_citizenship",
    "opened_by_residence",
    "citizenship_unknown",
    "occupation_unknown",
    "officer_decides",
    "list_allowed_met",
    "list_allowed_not_met",
    "list_allowed_officer",
    "list_excluded_met",
    "list_excluded_not_met",
    "list_excluded_officer",
)
_COMPARE_OPS: tuple[m.CompareOp, ...] = ("eq", "ne", "gt", "gte", "lt", "lte")


# A reference to check once everything is loaded: (kind, target, file, line, where). A plain
# tuple: a tree holds thousands of them.
_Reference = tuple[str, str, str, Line, str]


class _Loader:
    def __init__(self, root: Path, parsed: ParsedFiles | None = None) -> None:
        self.root = root
        self.parsed = parsed
        self.problems = Problems()
        self.references: list[_Reference] = []
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

    # ------------------------------------------------------------------ helpers
    def ref(self, kind: str, target: str, table: Table, key: str) -> None:
        self.references.append((kind, target, table.source.name, table.lazy_line(key), table.where))

    def toml(self, relative: str) -> tuple[SourceFile, dict[str, Any]] | None:
        path = self.root / relative
        if not path.is_file():
            self.problems.add(relative, None, "file is missing")
            return None
        return read_toml(path, relative, self.problems, self.parsed)

    def csv_rows(
        self, relative: str, columns: tuple[str, ...]
    ) -> list[tuple[int, tuple[str, ...]]]:
        """Each row's line and its values of ``columns`` (in that order). The first row names
        the columns (where a name is repeated, the last column of that name counts, as with
        ``csv.DictReader``); blank rows are skipped; a short row reads "" for what it lacks."""
        path = self.root / relative
        if not path.is_file():
            self.problems.add(relative, None, "file is missing")
            return []
        import csv

        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, None) or []
                missing = [column for column in columns if column not in header]
                if missing:
                    self.problems.add(relative, 1, f"missing column(s): {', '.join(missing)}")
                    return []
                last = {name: index for index, name in enumerate(header)}
                positions = [last[column] for column in columns]
                width = max(positions) + 1
                pick = _picker(positions)
                rows: list[tuple[int, tuple[str, ...]]] = []
                for row in reader:
                    if not row:
                        continue
                    if len(row) < width:
                        row = row + [""] * (width - len(row))
                    rows.append((reader.line_num, pick(row)))
                return rows
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            self.problems.add(relative, None, f"cannot read the CSV: {error}")
            return []

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

    # ------------------------------------------------------------------ conditions
    def condition(self, value: Any, table: Table, key: str) -> m.Condition | None:
        where = f"{table.where}.{key}" if table.where else key
        line = table.lazy_line(key)
        return self._condition(value, table.source.name, line, where)

    def _condition(self, value: Any, file: str, line: Line, where: str) -> m.Condition | None:
        def bad(message: str) -> None:
            self.problems.add(file, line, f"{where}: {message}")

        if not isinstance(value, dict):
            bad(
                f'a condition must be a table such as {{ q = "job_offer", eq = true }}, not {value!r}'
            )
            return None
        # the one key of a one-key condition ({ all = [...] }, { not = {...} }…)
        only = next(iter(value)) if len(value) == 1 else None
        if only == "all" or only == "any":
            name = only
            parts_raw = value[name]
            if not isinstance(parts_raw, list) or not parts_raw:
                bad(f"'{name}' needs a non-empty list of conditions")
                return None
            parts = [self._condition(part, file, line, f"{where}.{name}") for part in parts_raw]
            if any(part is None for part in parts):
                return None
            clean = tuple(part for part in parts if part is not None)
            return m.AllOf(clean) if name == "all" else m.AnyOf(clean)
        if only == "not":
            part = self._condition(value["not"], file, line, f"{where}.not")
            return None if part is None else m.Not(part)
        if only == "officer":
            if not isinstance(value["officer"], str) or not value["officer"].strip():
                bad("'officer' needs the text explaining what the officer decides")
                return None
            return m.Officer(value["officer"])
        if only == "always":
            if not isinstance(value["always"], bool):
                bad("'always' must be true or false")
                return None
            return m.Always(value["always"])
        if only == "country_in":
            codes = value["country_in"]
            if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
                bad("'country_in' needs a list of country codes")
                return None
            return m.RouteCountry(frozenset(self.expand_countries(codes, file, line, where)))
        if "q" not in value:
            bad(
                "unknown condition; expected q = … with eq/ne/gt/gte/lt/lte/in/at_least/"
                "answered/needs_answer/gte_q…, or all/any/not/officer/always/country_in"
            )
            return None
        question = value["q"]
        if not isinstance(question, str):
            bad("'q' must be a question id")
            return None
        self.condition_uses.append((question, file, line, where))
        operators = value.keys() - {"q"}
        if len(operators) != 1:
            bad(
                f"a condition on '{question}' needs exactly one operator, found {sorted(operators)}"
            )
            return None
        (operator,) = operators
        operand = value[operator]
        if operator in _COMPARE_OPS:
            if operator in ("gt", "gte", "lt", "lte") and (
                isinstance(operand, bool) or not isinstance(operand, int | float | dt.date)
            ):
                bad(f"'{operator}' needs a number or a date, not {operand!r}")
                return None
            if isinstance(operand, str):
                self.choice_uses.append((question, operand, file, line, where))
            return m.Compare(question, cast(m.CompareOp, operator), operand)
        if operator.endswith("_q") and operator[:-2] in _COMPARE_OPS:
            if not isinstance(operand, str):
                bad(f"'{operator}' needs a question id")
                return None
            self.condition_uses.append((operand, file, line, where))
            return m.CompareAnswers(question, cast(m.CompareOp, operator[:-2]), operand)
        if operator == "in":
            if not isinstance(operand, list) or not operand:
                bad("'in' needs a non-empty list")
                return None
            values: list[object] = []
            for item in operand:
                if isinstance(item, str) and item.startswith("@"):
                    # a country group, for country questions (e.g. the employer's country)
                    values.extend(self.expand_countries([item], file, line, where))
                    continue
                if isinstance(item, str):
                    self.choice_uses.append((question, item, file, line, where))
                values.append(item)
            return m.InSet(question, frozenset(values))
        if operator == "at_least":
            if not isinstance(operand, str):
                bad("'at_least' needs a choice value")
                return None
            self.choice_uses.append((question, operand, file, line, where))
            return m.AtLeast(question, operand)
        if operator == "needs_answer":
            if operand is not True:
                bad("'needs_answer' must be true")
                return None
            return m.NeedsAnswer(question)
        if operator == "answered":
            if not isinstance(operand, bool):
                bad("'answered' must be true or false")
                return None
            return m.Answered(question, operand)
        bad(f"unknown operator '{operator}'")
        return None

    def optional_condition(self, table: Table, key: str) -> m.Condition | None:
        if key not in table.data:
            return None
        return self.condition(table.data[key], table, key)

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

    # ------------------------------------------------------------------ files
    def manifest(self) -> tuple[str, dt.date, dict[str, str]]:
        fallback: tuple[str, dt.date, dict[str, str]] = ("unknown", dt.date(2022, 11, 16), {})
        loaded = self.toml("manifest.toml")
        if loaded is None:
            return fallback
        source, data = loaded
        table = Table(source, data, 1, "", self.problems)
        table.check_keys(["content", "texts"])
        content = table.sub("content", header="content")
        if content is None:
            return fallback
        content.check_keys(
            ["version", "title", "noc2021_effective", "noc2021_source", "agreement_order"]
        )
        self.agreement_order = content.string_list("agreement_order")
        version = content.text("version")
        content.text("title", required=False)
        switch = content.date("noc2021_effective") or dt.date(2022, 11, 16)
        noc_source = content.text("noc2021_source")
        self.ref("source", noc_source, content, "noc2021_source")
        texts: dict[str, str] = {}
        texts_table = table.sub("texts", header="texts")
        if texts_table is not None:
            for key in REQUIRED_TEXTS:
                texts[key] = texts_table.text(key)
            texts_table.check_keys(REQUIRED_TEXTS)
        return version, switch, texts

    def sources(self) -> dict[str, m.Source]:
        loaded = self.toml("sources.toml")
        if loaded is None:
            return {}
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["sources"])
        return self.source_tables(source, data)

    def source_tables(self, source: SourceFile, data: dict[str, Any]) -> dict[str, m.Source]:
        """The ``[sources.<id>]`` tables of a file (sources.toml or an agreement file)."""
        result: dict[str, m.Source] = {}
        for source_id, table in self.named_tables(source, data, "sources"):
            table.check_keys(["title", "url", "date", "publisher", "note"])
            url = table.text("url")
            if url and not url.startswith(("https://", "http://")):
                table.problem(f"'url' must be a web address, not {url!r}", "url")
            result[source_id] = m.Source(
                id=source_id,
                title=table.text("title"),
                url=url,
                date=table.date("date", required=False),
                publisher=table.text("publisher", required=False),
            )
        return result

    def questions(self) -> tuple[m.Question, ...]:
        loaded = self.toml("questions.toml")
        if loaded is None:
            return ()
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["questions", "retired"])
        for retired_id, table in self.named_tables(source, data, "retired"):
            table.check_keys(["replaced_by", "values"])
            replaced_by = table.text("replaced_by")
            self.condition_uses.append(
                (replaced_by, source.name, table.lazy_line("replaced_by"), table.where)
            )
            pairs: list[tuple[object, object]] = []
            for pair in table.inline_tables("values"):
                pair.check_keys(["old", "new"])
                new = pair.raw("new")
                if isinstance(new, str):
                    self.choice_uses.append(
                        (replaced_by, new, source.name, pair.lazy_line("new"), table.where)
                    )
                pairs.append((pair.raw("old"), new))
            self.retired[retired_id] = m.RetiredQuestion(retired_id, replaced_by, tuple(pairs))
        counter: dict[str, int] = {}
        result: list[m.Question] = []
        seen: set[str] = set()
        for table in root.tables("questions", "questions", counter, required=True):
            table.check_keys(
                [
                    "id",
                    "step",
                    "prompt",
                    "help",
                    "type",
                    "choices",
                    "unit",
                    "min",
                    "max",
                    "default",
                    "always",
                    "optional",
                    "source",
                    "ask_with",
                    "label",
                ]
            )
            question_id = table.text("id")
            table.where = f"question '{question_id}'"
            if question_id in seen:
                table.problem(f"question id '{question_id}' is used twice", "id")
            seen.add(question_id)
            kind = table.text("type")
            if kind and kind not in QUESTION_TYPES:
                table.problem(
                    f"unknown type '{kind}' (expected one of: {', '.join(QUESTION_TYPES)})", "type"
                )
            choices: list[m.Choice] = []
            for choice_table in table.inline_tables("choices"):
                choice_table.check_keys(["value", "label"])
                choices.append(m.Choice(choice_table.text("value"), choice_table.text("label")))
            if kind == "choice" and not choices:
                table.problem("a choice question needs 'choices'", "type")
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            ask_with = table.string_list("ask_with")
            for other in ask_with:
                self.condition_uses.append(
                    (other, source.name, table.lazy_line("ask_with"), table.where)
                )
            result.append(
                m.Question(
                    id=question_id,
                    step=table.text("step"),
                    prompt=table.text("prompt"),
                    help=table.text("help"),
                    type=kind if kind in QUESTION_TYPES else "text",  # type: ignore[arg-type]
                    source=source_id,
                    choices=tuple(choices),
                    unit=table.text("unit", required=False),
                    min=table.number("min"),
                    max=table.number("max"),
                    default=table.raw("default"),
                    always=table.boolean("always"),
                    optional=table.boolean("optional"),
                    ask_with=tuple(ask_with),
                    label=table.text("label", required=False)
                    or question_id.replace("_", " ").capitalize(),
                )
            )
        return tuple(result)

    def documents(self) -> dict[str, m.Document]:
        loaded = self.toml("documents.toml")
        if loaded is None:
            return {}
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["documents"])
        return self.document_tables(source, data)

    def document_tables(self, source: SourceFile, data: dict[str, Any]) -> dict[str, m.Document]:
        """The ``[documents.<id>]`` tables of a file (documents.toml or an agreement file)."""
        result: dict[str, m.Document] = {}
        for document_id, table in self.named_tables(source, data, "documents"):
            table.check_keys(["title", "provided_by", "why", "source"])
            provided_by = table.text("provided_by")
            if provided_by not in ("worker", "employer"):
                table.problem(
                    f'\'provided_by\' must be "worker" or "employer", not {provided_by!r}',
                    "provided_by",
                )
                provided_by = "worker"
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            result[document_id] = m.Document(
                id=document_id,
                title=table.text("title"),
                provided_by=provided_by,  # type: ignore[arg-type]
                why=table.text("why"),
                source=source_id,
            )
        return result

    def countries(self) -> dict[str, m.Country]:
        result: dict[str, m.Country] = {}
        columns = ("code", "name_en", "name_in_text")
        for line, (code, name, in_text) in self.csv_rows("countries.csv", columns):
            code = code.strip()
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                self.problems.add(
                    "countries.csv", line, f"'{code}' is not an ISO 3166-1 alpha-2 code"
                )
                continue
            result[code] = m.Country(code, name.strip(), in_text.strip())
        return result

    def load_country_groups(self) -> dict[str, m.CountryGroup]:
        """``country_groups.toml``: named sets of countries (EU-27, WTO members…)."""
        loaded = self.toml("country_groups.toml")
        if loaded is None:
            return {}
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["groups"])
        result: dict[str, m.CountryGroup] = {}
        for group_id, table in self.named_tables(source, data, "groups"):
            table.check_keys(["title", "countries", "source", "as_of", "note"])
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            codes = table.string_list("countries", required=True)
            for code in codes:
                self.ref("country", code, table, "countries")
            if len(set(codes)) != len(codes):
                table.problem("a country is listed twice", "countries")
            result[group_id] = m.CountryGroup(
                id=group_id,
                title=table.text("title"),
                countries=frozenset(codes),
                source=source_id,
                as_of=table.date("as_of"),
                note=table.text("note", required=False),
            )
        self.country_groups = result
        return result

    def noc2021(self) -> dict[str, m.NocUnitGroup]:
        name = "occupations/noc2021_unit_groups.csv"
        result: dict[str, m.NocUnitGroup] = {}
        columns = ("code", "title_en", "title_fr", "teer")
        for line, (code, title_en, title_fr, teer) in self.csv_rows(name, columns):
            code = code.strip()
            teer = teer.strip()
            if len(code) != 5 or not code.isdigit():
                self.problems.add(name, line, f"'{code}' is not a five-digit NOC 2021 code")
                continue
            if teer != code[1]:
                self.problems.add(
                    name, line, f"TEER {teer!r} does not match code {code} (second digit)"
                )
                continue
            result[code] = m.NocUnitGroup(code, title_en.strip(), title_fr.strip(), int(teer))
        return result

    def noc2016(self) -> dict[str, m.Noc2016UnitGroup]:
        name = "occupations/noc2016_unit_groups.csv"
        result: dict[str, m.Noc2016UnitGroup] = {}
        for line, (code, title, level) in self.csv_rows(name, ("code", "title", "skill_level")):
            code = code.strip()
            level = level.strip()
            if len(code) != 4 or not code.isdigit():
                self.problems.add(name, line, f"'{code}' is not a four-digit NOC 2016 code")
                continue
            if level not in NOC2016_LEVELS:
                self.problems.add(name, line, f"skill level {level!r} is not one of 0, A, B, C, D")
                continue
            result[code] = m.Noc2016UnitGroup(code, title.strip(), level)
        return result

    def concordance(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        name = "occupations/noc2016_noc2021.csv"
        forward: dict[str, list[str]] = {}
        backward: dict[str, list[str]] = {}
        for _line, (old, new) in self.csv_rows(name, ("noc2016_code", "noc2021_code")):
            old = old.strip()
            new = new.strip()
            forward.setdefault(old, []).append(new)
            backward.setdefault(new, []).append(old)
        return (
            {key: tuple(dict.fromkeys(value)) for key, value in forward.items()},
            {key: tuple(dict.fromkeys(value)) for key, value in backward.items()},
        )

    def codes(self, table: Table, key: str, system: str) -> frozenset[str]:
        codes = table.string_list(key)
        for code in codes:
            self.ref(system, code, table, key)
        return frozenset(codes)

    def groups(self) -> dict[str, m.OccupationGroup]:
        loaded = self.toml("occupations/groups.toml")
        if loaded is None:
            return {}
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["groups"])
        result: dict[str, m.OccupationGroup] = {}
        for group_id, table in self.named_tables(source, data, "groups"):
            table.check_keys(
                [
                    "title",
                    "noc2021",
                    "noc2016",
                    "borderline2021",
                    "borderline2016",
                    "source",
                    "note",
                ]
            )
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            result[group_id] = m.OccupationGroup(
                id=group_id,
                title=table.text("title"),
                noc2021=self.codes(table, "noc2021", "noc2021"),
                noc2016=self.codes(table, "noc2016", "noc2016"),
                borderline2021=self.codes(table, "borderline2021", "noc2021"),
                borderline2016=self.codes(table, "borderline2016", "noc2016"),
                source=source_id,
                note=table.text("note"),
            )
        return result

    def lists(self) -> dict[str, m.OccupationList]:
        result: dict[str, m.OccupationList] = {}
        # lists that repeat another list's items (e.g. Colombia's lists are Peru's)
        copies: list[tuple[str, str, Table]] = []
        folder = self.root / "occupations" / "lists"
        if not folder.is_dir():
            self.problems.add("occupations/lists", None, "folder is missing")
            return result
        for path in sorted(folder.glob("*.toml")):
            relative = f"occupations/lists/{path.name}"
            loaded = read_toml(path, relative, self.problems, self.parsed)
            if loaded is None:
                continue
            source, data = loaded
            root = Table(source, data, 1, "", self.problems)
            root.check_keys(["lists"])
            section = data.get("lists", {})
            counter: dict[str, int] = {}
            for list_id, body in section.items() if isinstance(section, dict) else ():
                header = f'lists."{list_id}"'
                line = HeaderLine(source, header, 0, FoundLine(source, list_id))
                if not isinstance(body, dict):
                    self.problems.add(relative, line, f"list '{list_id}': must be a table")
                    continue
                table = Table(source, body, line, f"list '{list_id}'", self.problems)
                table.check_keys(["title", "kind", "source", "items", "note", "same_as"])
                kind = table.text("kind")
                if kind not in ("allowed", "excluded"):
                    table.problem(f'\'kind\' must be "allowed" or "excluded", not {kind!r}', "kind")
                    kind = "allowed"
                source_id = table.text("source")
                self.ref("source", source_id, table, "source")
                if list_id in result:
                    table.problem(f"list id '{list_id}' is defined twice")
                items: list[m.ListItem] = []
                same_as = table.text("same_as", required=False)
                if same_as:
                    copies.append((list_id, same_as, table))
                    if "items" in table.data:
                        table.problem(
                            "a list with 'same_as' takes its items from that list", "items"
                        )
                for item_table in table.tables(
                    "items", f"{header}.items", counter, required=not same_as
                ):
                    items.append(self.list_item(item_table))
                result[list_id] = m.OccupationList(
                    id=list_id,
                    title=table.text("title"),
                    kind=kind,  # type: ignore[arg-type]
                    source=source_id,
                    items=tuple(items),
                )
        for list_id, same_as, table in copies:
            original = result.get(same_as)
            if original is None or original.id in {copy for copy, _, _ in copies}:
                table.problem(f"'same_as' names no list with its own items: '{same_as}'", "same_as")
                continue
            result[list_id] = attrs.evolve(result[list_id], items=original.items)
        return result

    def list_item(self, table: Table) -> m.ListItem:
        table.check_keys(
            [
                "label",
                "noc2021",
                "noc2016",
                "partial2021",
                "partial2016",
                "group",
                "applies_when",
                "method",
                "note",
            ]
        )
        label = table.text("label")
        table.where = f"{table.where} ('{label}')"
        group = table.text("group", required=False) or None
        if group:
            self.ref("group", group, table, "group")
        item = m.ListItem(
            label=label,
            noc2021=self.codes(table, "noc2021", "noc2021"),
            noc2016=self.codes(table, "noc2016", "noc2016"),
            partial2021=self.codes(table, "partial2021", "noc2021"),
            partial2016=self.codes(table, "partial2016", "noc2016"),
            group=group,
            applies_when=self.optional_condition(table, "applies_when"),
            method=table.text("method", required=False),
            note=table.text("note", required=False),
        )
        if not (group or item.noc2021 or item.partial2021):
            table.problem("an item needs NOC 2021 codes (noc2021 / partial2021) or a 'group'")
        if not (group or item.noc2016 or item.partial2016):
            table.problem("an item needs NOC 2016 codes (noc2016 / partial2016) or a 'group'")
        return item

    def cusma(self) -> tuple[m.CusmaProfession, ...]:
        loaded = self.toml("occupations/cusma_professions.toml")
        if loaded is None:
            return ()
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["professions"])
        counter: dict[str, int] = {}
        result: list[m.CusmaProfession] = []
        keys: dict[str, str] = {}
        for table in root.tables("professions", "professions", counter, required=True):
            table.check_keys(
                [
                    "name",
                    "aliases",
                    "group",
                    "credentials_text",
                    "credentials",
                    "requires",
                    "requires_text",
                    "noc_hints",
                    "source",
                    "note",
                ]
            )
            name = table.text("name")
            table.where = f"profession '{name}'"
            aliases = table.string_list("aliases")
            for key in (name, *aliases):
                folded = key.casefold()
                if folded in keys:
                    table.problem(
                        f"'{key}' is already used by profession '{keys[folded]}'", "aliases"
                    )
                keys[folded] = name
            group = table.text("group")
            if group not in ("general", "medical", "scientist", "teacher"):
                table.problem(
                    f"'group' must be general, medical, scientist or teacher, not {group!r}",
                    "group",
                )
            credentials = self.optional_condition(table, "credentials")
            if credentials is None and "credentials" not in table.data:
                table.problem("missing required key 'credentials'")
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            result.append(
                m.CusmaProfession(
                    name=name,
                    aliases=tuple(aliases),
                    group=group,
                    credentials_text=table.text("credentials_text"),
                    credentials=credentials or m.Always(False),
                    source=source_id,
                    requires=self.optional_condition(table, "requires"),
                    requires_text=table.text("requires_text", required=False),
                    noc_hints=self.codes(table, "noc_hints", "noc2021"),
                )
            )
        return tuple(result)

    def steps(self) -> tuple[dict[str, m.Step], tuple[m.Note, ...], dict[str, m.ApplyAt]]:
        """``steps.toml``: the application's steps (with fees), the general notes and the
        places an application may be made."""
        loaded = self.toml("steps.toml")
        if loaded is None:
            return {}, (), {}
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["steps", "general_notes", "apply_at"])
        apply_at: dict[str, m.ApplyAt] = {}
        for place_id, table in self.named_tables(source, data, "apply_at"):
            table.check_keys(["title", "text", "source"])
            place_source = table.text("source")
            self.ref("source", place_source, table, "source")
            apply_at[place_id] = m.ApplyAt(
                place_id, table.text("title"), table.text("text"), place_source
            )
        result: dict[str, m.Step] = {}
        for step_id, table in self.named_tables(source, data, "steps"):
            table.check_keys(["title", "who", "text", "source", "fee"])
            who = table.text("who")
            if who not in ("worker", "employer"):
                table.problem(f'\'who\' must be "worker" or "employer", not {who!r}', "who")
                who = "worker"
            source_id = table.text("source")
            self.ref("source", source_id, table, "source")
            fee = None
            fee_table = table.sub("fee", required=False)
            if fee_table is not None:
                fee_table.check_keys(["amount", "currency", "per", "checked"])
                amount = fee_table.number("amount")
                if amount is None or amount < 0:
                    fee_table.problem("'amount' must be a number of 0 or more", "amount")
                fee = m.Fee(
                    amount=amount or 0.0,
                    currency=fee_table.text("currency"),
                    per=fee_table.text("per"),
                    checked=fee_table.date("checked") or dt.date.min,
                )
            result[step_id] = m.Step(
                id=step_id,
                title=table.text("title"),
                who=who,  # type: ignore[arg-type]
                text=table.text("text"),
                source=source_id,
                fee=fee,
            )
        notes = self.notes(root, "general_notes", "general_notes", {})
        return result, notes, apply_at

    def notes(
        self, table: Table, key: str, header: str, counter: dict[str, int]
    ) -> tuple[m.Note, ...]:
        """An array of notes (text, source, optional condition): a category's or the general ones."""
        notes = []
        for note_table in table.tables(key, header, counter):
            note_table.check_keys(["text", "source", "when"])
            note_source = note_table.text("source")
            self.ref("source", note_source, note_table, "source")
            notes.append(
                m.Note(
                    note_table.text("text"),
                    note_source,
                    self.optional_condition(note_table, "when"),
                )
            )
        return tuple(notes)

    def changes(self) -> tuple[m.ContentChange, ...]:
        """``changes.toml``: what changed in each content version (sessions name it)."""
        loaded = self.toml("changes.toml")
        if loaded is None:
            return ()
        source, data = loaded
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["versions"])
        counter: dict[str, int] = {}
        result = []
        for table in root.tables("versions", "versions", counter, required=True):
            table.check_keys(["version", "date", "changes"])
            result.append(
                m.ContentChange(
                    version=table.text("version"),
                    date=table.date("date") or dt.date.min,
                    changes=tuple(table.string_list("changes", required=True)),
                )
            )
        return tuple(result)

    def agreements(self) -> tuple[m.Agreement, ...]:
        folder = self.root / "agreements"
        if not folder.is_dir():
            self.problems.add("agreements", None, "folder is missing")
            return ()
        result: list[m.Agreement] = []
        for path in sorted(folder.glob("*.toml")):
            relative = f"agreements/{path.name}"
            loaded = read_toml(path, relative, self.problems, self.parsed)
            if loaded is None:
                continue
            agreement = self.agreement(*loaded)
            if agreement is not None:
                result.append(agreement)
        # the order people meet them in (manifest.toml); any other agreement after those
        order = {agreement_id: index for index, agreement_id in enumerate(self.agreement_order)}
        known = {agreement.id for agreement in result}
        for agreement_id in self.agreement_order:
            if agreement_id not in known:
                self.problems.add(
                    "manifest.toml", None, f"agreement_order names no agreement '{agreement_id}'"
                )
        result.sort(key=lambda agreement: (order.get(agreement.id, len(order)), agreement.id))
        return tuple(result)

    def agreement(self, source: SourceFile, data: dict[str, Any]) -> m.Agreement | None:
        root = Table(source, data, 1, "", self.problems)
        root.check_keys(["agreement", "categories", "sources", "documents"])
        for source_id, item in self.source_tables(source, data).items():
            line = FoundLine(source, f"[sources.{source_id}]")
            self.agreement_sources.append((source_id, item, source.name, line))
        for document_id, document in self.document_tables(source, data).items():
            line = FoundLine(source, f"[documents.{document_id}]")
            self.agreement_documents.append((document_id, document, source.name, line))
        head = root.sub("agreement", header="agreement")
        if head is None:
            return None
        head.check_keys(["id", "name", "short", "source", "summary"])
        agreement_id = head.text("id")
        source_id = head.text("source")
        self.ref("source", source_id, head, "source")
        counter: dict[str, int] = {}
        categories = tuple(
            self.category(table, agreement_id, counter)
            for table in root.tables("categories", "categories", counter, required=True)
        )
        return m.Agreement(
            id=agreement_id,
            name=head.text("name"),
            short=head.text("short"),
            source=source_id,
            categories=categories,
            summary=head.text("summary", required=False),
        )

    def category(self, table: Table, agreement_id: str, counter: dict[str, int]) -> m.Category:
        table.check_keys(
            [
                "id",
                "name",
                "exemption_code",
                "former_codes",
                "max_initial_duration_months",
                "source",
                "citizens",
                "permanent_residents",
                "not_covered",
                "principal",
                "rules",
                "documents",
                "notes",
                "steps",
                "summary",
                "duration",
                "apply_at",
            ]
        )
        category_id = table.text("id")
        route_id = f"{agreement_id}.{category_id}"
        table.where = f"category '{route_id}'"
        source_id = table.text("source")
        self.ref("source", source_id, table, "source")
        citizens = self.table_countries(table, "citizens", required=True)
        residents = self.table_countries(table, "permanent_residents")
        former: list[m.FormerCode] = []
        for code_table in table.inline_tables("former_codes"):
            code_table.check_keys(["code", "until"])
            until = code_table.date("until")
            former.append(m.FormerCode(code_table.text("code"), until or dt.date.min))
        not_covered: list[m.NotCovered] = []
        for nc_table in table.inline_tables("not_covered"):
            nc_table.check_keys(["citizens", "permanent_residents", "text", "source"])
            nc_source = nc_table.text("source")
            self.ref("source", nc_source, nc_table, "source")
            nc_citizens = self.table_countries(nc_table, "citizens")
            nc_residents = self.table_countries(nc_table, "permanent_residents")
            not_covered.append(
                m.NotCovered(
                    nc_table.text("text"),
                    nc_source,
                    frozenset(nc_citizens),
                    frozenset(nc_residents),
                )
            )
        principal = table.string_list("principal")
        for route in principal:
            self.ref("route", route, table, "principal")
        rules = tuple(
            self.rule(rule_table, route_id)
            for rule_table in table.tables("rules", "categories.rules", counter, required=True)
        )
        seen_rules: set[str] = set()
        for rule in rules:
            if rule.id in seen_rules:
                table.problem(f"rule id '{rule.id}' is used twice")
            seen_rules.add(rule.id)
        documents: list[m.DocumentRef] = []
        for doc_table in table.tables("documents", "categories.documents", counter):
            doc_table.check_keys(["id", "when"])
            document_id = doc_table.text("id")
            self.ref("document", document_id, doc_table, "id")
            documents.append(m.DocumentRef(document_id, self.optional_condition(doc_table, "when")))
        notes = self.notes(table, "notes", "categories.notes", counter)
        steps: list[m.DocumentRef] = []
        for step_table in table.tables("steps", "categories.steps", counter):
            step_table.check_keys(["id", "when"])
            step_id = step_table.text("id")
            self.ref("step", step_id, step_table, "id")
            steps.append(m.DocumentRef(step_id, self.optional_condition(step_table, "when")))
        duration = None
        duration_table = table.sub("duration", required=True)
        if duration_table is not None:
            duration_table.check_keys(["initial", "extensions", "total", "total_months", "source"])
            duration_source = duration_table.text("source")
            self.ref("source", duration_source, duration_table, "source")
            total_months = None
            if "total_months" in duration_table.data:
                total_months = duration_table.integer("total_months")
            duration = m.Duration(
                initial=duration_table.text("initial"),
                extensions=duration_table.text("extensions"),
                total=duration_table.text("total"),
                source=duration_source,
                total_months=total_months,
            )
        apply_at = table.text("apply_at")
        if apply_at:
            self.ref("apply_at", apply_at, table, "apply_at")
        months = table.integer("max_initial_duration_months")
        if months <= 0:
            table.problem(
                "'max_initial_duration_months' must be a positive number of months",
                "max_initial_duration_months",
            )
        return m.Category(
            id=category_id,
            route_id=route_id,
            agreement_id=agreement_id,
            name=table.text("name"),
            exemption_code=table.text("exemption_code"),
            max_initial_duration_months=months,
            source=source_id,
            citizens=frozenset(citizens),
            permanent_residents=frozenset(residents),
            rules=rules,
            documents=tuple(documents),
            notes=notes,
            steps=tuple(steps),
            not_covered=tuple(not_covered),
            former_codes=tuple(former),
            principal=tuple(principal),
            summary=table.text("summary", required=False),
            duration=duration,
            apply_at=apply_at,
        )

    def rule(self, table: Table, route_id: str) -> m.Rule:
        table.check_keys(
            [
                "id",
                "kind",
                "test",
                "met",
                "not_met",
                "unknown",
                "officer",
                "source",
                "applies_when",
                "teer",
                "noc2016_levels",
                "lists",
                "lists_by",
            ]
        )
        rule_id = table.text("id")
        table.where = f"rule '{route_id}/{rule_id}'"
        kind = table.text("kind")
        if kind not in RULE_KINDS:
            table.problem(
                f"unknown rule kind '{kind}' (expected one of: {', '.join(RULE_KINDS)})", "kind"
            )
            kind = "condition"
        source_id = table.text("source")
        self.ref("source", source_id, table, "source")
        texts = m.RuleTexts(
            met=table.text("met"),
            not_met=table.text("not_met"),
            unknown=table.text("unknown"),
            officer=table.text("officer", required=False),
        )
        test = None
        if kind == "condition":
            if "test" not in table.data:
                table.problem("a condition rule needs 'test'")
            test = self.optional_condition(table, "test")
        elif "test" in table.data:
            table.problem(f"'test' is only for condition rules, not '{kind}'", "test")
        teer: frozenset[int] = frozenset()
        levels: frozenset[str] = frozenset()
        if kind == "occupation_level":
            raw_teer = table.raw("teer")
            if not isinstance(raw_teer, list) or not all(
                isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 5
                for value in raw_teer
            ):
                table.problem("'teer' must be a list of TEER numbers 0–5", "teer")
            else:
                teer = frozenset(raw_teer)
            level_list = table.string_list("noc2016_levels", required=True)
            for level in level_list:
                if level not in NOC2016_LEVELS:
                    table.problem(
                        f"NOC 2016 level {level!r} is not one of 0, A, B, C, D", "noc2016_levels"
                    )
            levels = frozenset(level_list)
        lists: dict[str, str] = {}
        lists_by = table.text("lists_by", required=False) or None
        if lists_by is not None:
            self.condition_uses.append(
                (lists_by, table.source.name, table.lazy_line("lists_by"), table.where)
            )
        if kind == "occupation_list":
            lists_table = table.sub("lists", required=True)
            if lists_table is not None:
                for key, list_id in lists_table.data.items():
                    if not isinstance(list_id, str):
                        table.problem(f"lists.{key} must be a list id", "lists")
                        continue
                    if lists_by is None:
                        self.ref("country", key, table, "lists")
                    else:
                        where = table.where
                        self.choice_uses.append(
                            (lists_by, key, table.source.name, table.lazy_line("lists"), where)
                        )
                    self.ref("list", list_id, table, "lists")
                    lists[key] = list_id
        elif "lists" in table.data or lists_by is not None:
            table.problem("'lists' and 'lists_by' are only for occupation_list rules", "lists")
        return m.Rule(
            id=rule_id,
            kind=kind,  # type: ignore[arg-type]
            texts=texts,
            source=source_id,
            applies_when=self.optional_condition(table, "applies_when"),
            test=test,
            teer=teer,
            noc2016_levels=levels,
            lists=lists,
            lists_by=lists_by,
        )


def _picker(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The values at ``positions`` of a row, as a tuple (``itemgetter`` picks them in C)."""
    if len(positions) == 1:
        (position,) = positions
        return lambda row: (row[position],)
    return operator.itemgetter(*positions)


def _check_references(loader: _Loader, content_parts: dict[str, Any]) -> None:
    # what a reference of each kind must name
    known: dict[str, Container[str]] = {
        "source": content_parts["sources"],
        "document": content_parts["documents"],
        "country": content_parts["countries"],
        "noc2021": content_parts["noc2021"],
        "noc2016": content_parts["noc2016"],
        "group": content_parts["groups"],
        "list": content_parts["lists"],
        "route": content_parts["routes"],
        "step": content_parts["steps"],
        "apply_at": content_parts["apply_at"],
    }
    labels = {
        "source": "source",
        "document": "document",
        "country": "country code",
        "noc2021": "NOC 2021 code",
        "noc2016": "NOC 2016 code",
        "group": "occupation group",
        "list": "occupation list",
        "route": "route",
        "step": "step",
        "apply_at": "apply_at entry",
    }
    for kind, target, file, line, where in loader.references:
        if target not in known[kind]:
            prefix = f"{where}: " if where else ""
            loader.problems.add(file, line, f"{prefix}unknown {labels[kind]} '{target}'")
    questions: dict[str, m.Question] = content_parts["questions"]
    for question_id, file, line, where in loader.condition_uses:
        if question_id not in questions:
            loader.problems.add(file, line, f"{where}: unknown question '{question_id}'")
    # the values of each choice question, as ``Question.choice_index`` finds them
    choices = {
        question.id: {choice.value for choice in question.choices}
        for question in questions.values()
        if question.type == "choice"
    }
    for question_id, value, file, line, where in loader.choice_uses:
        values = choices.get(question_id)
        if values is None:
            continue
        if value not in values:
            loader.problems.add(
                file, line, f"{where}: '{value}' is not a choice of question '{question_id}'"
            )


def load_content(path: Path | str | None = None) -> m.Content:
    """Load the tree at ``path`` (default: the shipped tree) or raise ``ContentInvalid``."""
    root = Path(path) if path is not None else default_content_dir()
    if not root.is_dir():
        raise ContentInvalid([_problem(str(root), "is not a folder holding a content tree")])
    from ftawizard.content import cache

    # The collector is paused meanwhile: a load creates tens of thousands of objects that
    # it keeps, and collections (a tenth of a check's time) find next to nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parsed = ParsedFiles(cache.load_parsed())
        loader = _Loader(root, parsed)
        try:
            return _load(loader)
        finally:
            if parsed.parsed:
                cache.store_parsed(parsed.seen)
    finally:
        if collecting:
            gc.enable()


def _load(loader: _Loader) -> m.Content:
    root = loader.root
    version, switch, texts = loader.manifest()
    sources = loader.sources()
    questions = loader.questions()
    documents = loader.documents()
    countries = loader.countries()
    country_groups = loader.load_country_groups()
    noc2021 = loader.noc2021()
    noc2016 = loader.noc2016()
    forward, backward = loader.concordance()
    groups = loader.groups()
    lists = loader.lists()
    cusma = loader.cusma()
    steps, general_notes, apply_at = loader.steps()
    changes = loader.changes()
    agreements = loader.agreements()
    for source_id, source_item, file, line in loader.agreement_sources:
        if source_id in sources:
            loader.problems.add(file, line, f"source '{source_id}' is already defined")
        sources[source_id] = source_item
    for document_id, document, file, line in loader.agreement_documents:
        if document_id in documents:
            loader.problems.add(file, line, f"document '{document_id}' is already defined")
        documents[document_id] = document
    routes = {category.route_id for agreement in agreements for category in agreement.categories}
    questions_by_id = {question.id: question for question in questions}
    parts = {
        "sources": sources,
        "documents": documents,
        "countries": countries,
        "noc2021": noc2021,
        "noc2016": noc2016,
        "groups": groups,
        "lists": lists,
        "routes": routes,
        "steps": steps,
        "questions": questions_by_id,
        "apply_at": apply_at,
    }
    _check_references(loader, parts)
    province = questions_by_id.get("province")
    provinces = {choice.value: choice.label for choice in province.choices} if province else {}
    content = m.Content(
        version=version,
        root=str(root),
        noc_switch_date=switch,
        sources=sources,
        questions=questions,
        documents=documents,
        countries=countries,
        provinces=provinces,
        agreements=agreements,
        noc2021=noc2021,
        noc2016=noc2016,
        noc2016_to_2021=forward,
        noc2021_to_2016=backward,
        groups=groups,
        lists=lists,
        cusma_professions=cusma,
        texts=texts,
        steps=steps,
        general_notes=general_notes,
        changes=changes,
        country_groups=country_groups,
        apply_at=apply_at,
        retired=loader.retired,
    )
    if not loader.problems.items:
        from ftawizard.content.validate import structural_problems

        loader.problems.items.extend(structural_problems(content))
    if loader.problems.items:
        raise ContentInvalid(loader.problems.items)
    return content


def _problem(file: str, message: str) -> Any:
    from ftawizard.content.errors import ContentProblem

    return ContentProblem(file, None, message)


@lru_cache(maxsize=4)
def load_default_content() -> m.Content:
    """The shipped tree, loaded once per process (from the precompiled cache when the
    tree has not changed since it was last validated)."""
    from ftawizard.content import cache

    root = default_content_dir()
    if root.is_dir():
        cached = cache.load_cached(root)
        if cached is not None:
            return cached
    content = load_content(root)
    cache.store(root, content)
    return content
