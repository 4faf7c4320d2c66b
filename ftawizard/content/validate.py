"""Whole-tree checks that need everything loaded: reachability and dead ends.

The flow is dependency-driven: a question is asked when it is marked ``always`` or when a
route that is still open needs its answer. So a question is *unreachable* when nothing reads
it, and a path *ends without a result* when a route can be opened but cannot be decided
(no rules, a country without an occupation list, a spouse route whose principal is itself a
spouse route, …).
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import TYPE_CHECKING

from ftawizard.content import models as m
from ftawizard.content.errors import ContentProblem
from ftawizard.content.rules_age import NOTICE_PLACEHOLDERS
from ftawizard.content.tokens import perspective_words

if TYPE_CHECKING:
    from ftawizard.content.reader import Problems

# What the engine fills into a sentence (``engine.explain``): every rule's and note's
# sentence may name these; each rule kind adds its own; the manifest's list phrases are
# filled with the list item alone. A placeholder outside its set would reach people as it is.
PLACEHOLDERS = frozenset(
    {
        "agreement",
        "category",
        "code",
        "country",
        "date",
        "switch",
        "noc",
        "noc_title",
        "level",
        "teer",
        "profession",
    }
)
RULE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "condition": frozenset(),
    "occupation_level": frozenset({"allowed"}),
    "occupation_list": frozenset({"list", "match", "item", "note"}),
    "cusma_profession": frozenset({"profession", "credentials", "detail"}),
    "cusma_noc_match": frozenset({"hints"}),
    "principal_eligible": frozenset({"principal"}),
}
LIST_PHRASE_PLACEHOLDERS = frozenset({"list", "item", "note"})

# The step of the questions that only the application checklist reads (never a verdict).
APPLICATION_STEP = "application"

# Answers that the engine reads by rule kind, beyond the questions named in conditions.
IMPLICIT_READS: dict[str, frozenset[str]] = {
    "route": frozenset({"citizenship", "permanent_residence", "application_date", "perspective"}),
    "occupation_level": frozenset({"noc"}),
    "occupation_list": frozenset({"noc"}),
    "cusma_profession": frozenset({"cusma_profession"}),
    "cusma_noc_match": frozenset({"noc", "cusma_profession"}),
    "condition": frozenset(),
    "principal_eligible": frozenset(),
}


class _SharedReads:
    """What each occupation list and the CUSMA professions read, worked out once per tree:
    many rules name the same lists, and every CUSMA profession rule reads every profession."""

    def __init__(self, content: m.Content) -> None:
        self.content = content
        self.lists: dict[str, frozenset[str]] = {}
        self.professions: frozenset[str] | None = None

    def of_list(self, list_id: str) -> frozenset[str]:
        found = self.lists.get(list_id)
        if found is None:
            read: set[str] = set()
            occupation_list = self.content.lists.get(list_id)
            for item in occupation_list.items if occupation_list else ():
                read |= m.condition_questions(item.applies_when)
            found = self.lists[list_id] = frozenset(read)
        return found

    def of_professions(self) -> frozenset[str]:
        if self.professions is None:
            read: set[str] = set()
            for profession in self.content.cusma_professions:
                read |= m.condition_questions(profession.credentials)
                read |= m.condition_questions(profession.requires)
            self.professions = frozenset(read)
        return self.professions


def category_reads(
    content: m.Content, category: m.Category, shared: _SharedReads | None = None
) -> frozenset[str]:
    """Every question one category's rules, items, documents, notes and steps may read."""
    if shared is None:
        shared = _SharedReads(content)
    read: set[str] = set(IMPLICIT_READS["route"])
    for rule in category.rules:
        read |= IMPLICIT_READS[rule.kind]
        read |= m.condition_questions(rule.test)
        read |= m.condition_questions(rule.applies_when)
        if rule.kind == "occupation_list":
            if rule.lists_by is not None:
                read.add(rule.lists_by)
            for list_id in rule.lists.values():
                read |= shared.of_list(list_id)
        if rule.kind == "cusma_profession":
            read |= shared.of_professions()
    for document in category.documents:
        read |= m.condition_questions(document.when)
    for note in category.notes:
        read |= m.condition_questions(note.when)
    for step in category.steps:
        read |= m.condition_questions(step.when)
    return frozenset(read)


def questions_read(content: m.Content) -> frozenset[str]:
    """Every question id some rule, item, document, note, step or profession reads."""
    shared = _SharedReads(content)
    read: set[str] = set(IMPLICIT_READS["route"])
    for category in content.categories:
        read |= category_reads(content, category, shared)
    for general in content.general_notes:
        read |= m.condition_questions(general.when)
    # the application checklist (engine/application.py) reads the questions of its step
    read |= {question.id for question in content.questions if question.step == APPLICATION_STEP}
    return frozenset(read)


def _file_of(content: m.Content, category: m.Category) -> str:
    return f"agreements/{category.agreement_id}.toml"


class _Lines:
    """Finds the line of a definition in a file of the tree (for problems found late)."""

    def __init__(self, root: str) -> None:
        self.root = Path(root)
        self.cache: dict[str, list[str]] = {}

    def find(self, file: str, *needles: str) -> int | None:
        if file not in self.cache:
            try:
                self.cache[file] = (self.root / file).read_text(encoding="utf-8").splitlines()
            except OSError:
                self.cache[file] = []
        line_number: int | None = None
        start = 0
        for needle in needles:
            for index in range(start, len(self.cache[file])):
                if needle in self.cache[file][index]:
                    line_number, start = index + 1, index + 1
                    break
            else:
                return line_number
        return line_number

    def category_line(self, file: str, category_id: str, occurrence: int) -> int | None:
        """The line of the ``occurrence``-th (0-based) ``id = "…"`` of a ``[[categories]]``
        table with this id: a duplicate is reported where it is, not at the first."""
        self.find(file)
        anchor = f'id = "{category_id}"'
        header = ""
        seen = 0
        for number, text in enumerate(self.cache[file], start=1):
            stripped = text.strip()
            if stripped.startswith("["):
                header = stripped.split("#", 1)[0].strip()
            elif header == "[[categories]]" and stripped.startswith(anchor):
                if seen == occurrence:
                    return number
                seen += 1
        return None


def placeholders_of(template: str) -> list[str] | None:
    """The placeholder names in a sentence, or None when its braces do not pair up."""
    try:
        return [
            name.split(".")[0].split("[")[0]
            for _literal, name, _spec, _conversion in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError:
        return None


def _unknown_placeholders(template: str, allowed: frozenset[str]) -> list[str] | str:
    names = placeholders_of(template)
    if names is None:
        return "a '{' or '}' without its pair (write {{ or }} for the character itself)"
    # perspective tokens ("{You are}", "{you hold|the worker holds}") are filled everywhere
    return sorted(
        {
            name
            for name in names
            if name not in allowed and perspective_words(name, employer=False) is None
        }
    )


def _officer_texts(condition: m.Condition | None) -> list[str]:
    """The officer's words of a condition (``{ officer = "…" }``), nested ones included."""
    match condition:
        case m.Officer(text=text):
            return [text]
        case m.AllOf(parts=parts) | m.AnyOf(parts=parts):
            return [text for part in parts for text in _officer_texts(part)]
        case m.Not(part=part):
            return _officer_texts(part)
    return []


def placeholder_problems(content: m.Content) -> list[ContentProblem]:
    """Every sentence the engine fills in, checked against the placeholders it can fill."""
    problems: list[ContentProblem] = []
    lines = _Lines(content.root)

    def check(template: str, allowed: frozenset[str], file: str, what: str, *needles: str) -> None:
        unknown = _unknown_placeholders(template, allowed)
        if not unknown:
            return
        if isinstance(unknown, str):
            message, needle = unknown, "{"
        else:
            names = ", ".join("{" + name + "}" for name in unknown)
            message = (
                f"unknown placeholder{'s' if len(unknown) > 1 else ''} {names} "
                f"(this text can use: {', '.join(sorted(allowed)) or 'none'})"
            )
            needle = "{" + unknown[0] + "}"
        problems.append(
            ContentProblem(file, lines.find(file, *needles, needle), f"{what}: {message}")
        )

    for key, template in content.texts.items():
        allowed = LIST_PHRASE_PLACEHOLDERS if key.startswith("list_") else PLACEHOLDERS
        if key == "rules_may_have_changed":
            allowed = NOTICE_PLACEHOLDERS
        check(template, allowed, "manifest.toml", f"texts.{key}", f"{key} =")
    for category in content.categories:
        file = _file_of(content, category)
        anchor = f'id = "{category.id}"'
        for rule in category.rules:
            allowed = PLACEHOLDERS | RULE_PLACEHOLDERS.get(rule.kind, frozenset())
            for field in ("met", "not_met", "unknown", "officer"):
                check(
                    getattr(rule.texts, field),
                    allowed,
                    file,
                    f"category '{category.route_id}', rule '{rule.id}', {field}",
                    anchor,
                    f'id = "{rule.id}"',
                )
            # the officer's words of its conditions are filled too (after the rule's sentence)
            for words in _officer_texts(rule.test) + _officer_texts(rule.applies_when):
                check(
                    words,
                    allowed,
                    file,
                    f"category '{category.route_id}', rule '{rule.id}', an officer's note",
                    anchor,
                    f'id = "{rule.id}"',
                )
        for note in category.notes:
            check(note.text, PLACEHOLDERS, file, f"category '{category.route_id}', note", anchor)
    return problems


def _readable_text(path: Path, name: str, problems: Problems) -> bool:
    """``reader.read_text``'s checks (UTF-8, no NUL character), line by line, without holding
    the whole file: the same problem at the same line."""
    try:
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    problems.add(
                        name,
                        number,
                        f"not valid UTF-8 (byte 0x{raw[error.start]:02x}): save the file as UTF-8",
                        root=True,
                    )
                    return False
                if "\x00" in line:
                    problems.add(name, number, "holds a NUL character", root=True)
                    return False
    except OSError as error:
        problems.add(name, None, f"cannot read the file: {error.strerror or error}", root=True)
        return False
    return True


def unloaded_file_problems(content: m.Content) -> list[ContentProblem]:
    """Files the loader does not read (the occupation search reads them when it is first
    used), checked for ``content check``: the NOC 2021 example titles."""
    from ftawizard.content.loading.base import each_csv_row
    from ftawizard.content.reader import Problems

    problems = Problems()
    name = "occupations/noc2021_titles.csv"
    path = Path(content.root) / name
    if not path.is_file():
        problems.add(name, None, "file is missing", root=True)
        return problems.items
    if not _readable_text(path, name, problems):  # not UTF-8, a NUL…: said at its line
        return problems.items
    # then row by row, from the file, each row forgotten once checked (28,000 rows: a list
    # of them, or the file's whole text, would be most of the memory of a check)
    found = Problems()  # the rows' own problems, reported if the file reads as a whole
    count = 0

    def check(row: tuple[int, tuple[str, ...]]) -> None:
        nonlocal count
        count += 1
        line, (code, title) = row
        if code not in content.noc2021:
            found.add(
                name,
                line,
                f"NOC 2021 code '{code}' is not a unit group (occupations/noc2021_unit_groups.csv)",
            )
        elif not title.strip():
            found.add(name, line, "the title is empty")

    try:
        with path.open(encoding="utf-8-sig", newline="") as lines:
            complete = each_csv_row(lines, name, ("code", "title"), problems, check)
    except (OSError, UnicodeDecodeError) as error:  # (changed since it was read above)
        problems.add(name, None, f"cannot read the file: {error}", root=True)
        return problems.items
    if not complete:
        return problems.items
    if not count and not problems.items:
        problems.add(name, 1, "holds no titles (only its header)")
    problems.items.extend(found.items)
    return problems.items


def structural_problems(content: m.Content) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    lines = _Lines(content.root)
    read = questions_read(content)
    for question in content.questions:
        if not question.always and question.id not in read and not (set(question.ask_with) & read):
            problems.append(
                ContentProblem(
                    "questions.toml",
                    lines.find("questions.toml", f'id = "{question.id}"'),
                    f"question '{question.id}' can never be reached: no rule, document or note "
                    "reads it and it is not marked always = true",
                )
            )
        if (
            question.default is not None
            and question.type == "choice"
            and question.choice_index(question.default) is None
        ):
            problems.append(
                ContentProblem(
                    "questions.toml",
                    lines.find("questions.toml", f'id = "{question.id}"', "default"),
                    f"question '{question.id}': default {question.default!r} is not one of its choices",
                )
            )
        if (
            question.default is not None
            and question.type == "bool"
            and not isinstance(question.default, bool)
        ):
            problems.append(
                ContentProblem(
                    "questions.toml",
                    lines.find("questions.toml", f'id = "{question.id}"', "default"),
                    f"question '{question.id}': default must be true or false",
                )
            )
    for required in (
        "citizenship",
        "permanent_residence",
        "noc",
        "application_date",
        "perspective",
    ):
        if required not in content.questions_by_id:
            problems.append(
                ContentProblem(
                    "questions.toml",
                    None,
                    f"the engine needs a question '{required}', which is missing",
                )
            )
    spouse_routes = {
        category.route_id
        for category in content.categories
        if any(rule.kind == "principal_eligible" for rule in category.rules)
    }
    route_ids: set[str] = set()
    occurrences: dict[tuple[str, str], int] = {}
    for category in content.categories:
        file = _file_of(content, category)
        where = f"category '{category.route_id}'"
        anchor = f'id = "{category.id}"'

        def report(message: str, *needles: str, file: str = file, anchor: str = anchor) -> None:
            problems.append(ContentProblem(file, lines.find(file, anchor, *needles), message))

        if category.route_id in route_ids:
            seen = occurrences.get((file, category.id), 0)
            problems.append(
                ContentProblem(
                    file,
                    lines.category_line(file, category.id, seen),
                    f"{where}: route id is defined twice",
                )
            )
        occurrences[file, category.id] = occurrences.get((file, category.id), 0) + 1
        route_ids.add(category.route_id)
        if not category.rules:
            report(f"{where}: has no rules, so every opened route would be 'eligible'")
        if not category.citizens and not category.permanent_residents:
            report(f"{where}: no citizenship or residence opens this route", "citizens")
        if not category.documents:
            report(f"{where}: lists no documents")
        openers = category.citizens | category.permanent_residents
        for rule in category.rules:
            rule_anchor = f'id = "{rule.id}"'
            if rule.kind == "occupation_list" and rule.lists_by is None:
                for country in sorted(openers - set(rule.lists)):
                    report(
                        f"{where}: rule '{rule.id}' has no occupation list for {country}, "
                        "which opens the route: the assessment could never end",
                        rule_anchor,
                        "lists",
                    )
            if rule.kind == "principal_eligible" and not category.principal:
                report(f"{where}: rule '{rule.id}' needs 'principal' route(s)", rule_anchor)
        for principal in category.principal:
            if principal in spouse_routes:
                report(
                    f"{where}: principal route '{principal}' is itself a spouse route", "principal"
                )
    problems.extend(placeholder_problems(content))
    if content.changes and content.version not in {change.version for change in content.changes}:
        problems.append(
            ContentProblem(
                "changes.toml",
                None,
                f"the content version {content.version} (manifest.toml) has no entry in the change log",
            )
        )
    return problems
