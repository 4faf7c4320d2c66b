"""Load ``application.toml`` and the entry-document columns of ``countries.csv``.

Every problem is recorded with its file and line (``Problems``), never raised: the tree's
loader reports them together with its own. ``check_application`` then checks what needs the
rest of the tree (sources, countries, occupation groups, the item ids the engine uses).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ftawizard.content import models as m
from ftawizard.content.reader import (
    FoundLine,
    ParsedFiles,
    Problems,
    SourceFile,
    Table,
    read_toml,
)

FILE = "application.toml"
COUNTRIES = "countries.csv"
BASES = ("confirmed", "secondary", "unverified")
COUNTRY_BASES = ("official", "secondary", "unverified")

# Every item id the checklist builder (ftawizard.engine.application) may show: a tree that
# lacks one is rejected by ``content check`` instead of failing when a person meets it.
REQUIRED_ITEMS: tuple[str, ...] = (
    "apply_online_outside", "apply_choice", "apply_chosen_outside", "apply_chosen_poe",
    "apply_chosen_inside", "poe_restricted_inside", "poe_conditional_eta", "medical_before_poe",
    "form_online", "form_imm5710", "form_poe", "form_imm5707", "form_imm5707_poe",
    "form_imm5409", "form_imm5409_if", "form_imm5476", "form_imm5476_if", "form_imm5475",
    "photos_biometrics", "photos_paper", "translations_outside", "translations_inside",
    "police_certificate", "passport_one", "passport_one_us", "entry_visa_required",
    "entry_eta_with_permit", "eta_before_boarding", "eta_land", "entry_us",
    "entry_conditional_eta", "entry_conditional_visa", "entry_conditional_unknown",
    "entry_check", "entry_secondary", "entry_old_date", "passport_to_vac",
    "biometrics_required", "biometrics_valid", "biometrics_us_exempt", "biometrics_age_exempt",
    "biometrics_age_unknown", "medical_public_health", "medical_public_health_ask",
    "medical_designated", "medical_designated_check", "medical_agricultural",
    "medical_agricultural_check", "medical_none", "medical_upfront", "spouse_owp",
    "spouse_no_owp", "spouse_imm5707", "spouse_entry", "spouse_biometrics", "spouse_medical",
    "marriage_certificate", "children_study", "children_visitor", "children_documents",
    "children_biometrics", "children_imm5707", "children_ask", "fee_work_permit",
    "fee_owp_holder", "fee_biometrics", "fee_visa_waived", "fee_eta_waived", "fee_study_permit", "fee_employer",
    "fee_caveat",
)  # fmt: skip


def _entry_columns(root: Path, problems: Problems) -> tuple[dict[str, str], dict[str, str]]:
    """``countries.csv``'s ``entry_document`` and ``entry_basis``: every country needs both."""
    status: dict[str, str] = {}
    basis: dict[str, str] = {}
    path = root / COUNTRIES
    if not path.is_file():
        return status, basis  # the tree's loader reports the missing file
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None) or []
            missing = [name for name in ("entry_document", "entry_basis") if name not in header]
            if missing:
                problems.add(COUNTRIES, 1, f"missing column(s): {', '.join(missing)}")
                return status, basis
            code_at = header.index("code") if "code" in header else 0
            status_at = header.index("entry_document")
            basis_at = header.index("entry_basis")
            for row in reader:
                if not row:
                    continue
                line = reader.line_num
                row = row + [""] * (len(header) - len(row))
                code = row[code_at].strip()
                value = row[status_at].strip()
                if value not in m.ENTRY_STATUSES:
                    problems.add(
                        COUNTRIES,
                        line,
                        f"country '{code}' has no entry-document status (entry_document must be "
                        f"one of {', '.join(m.ENTRY_STATUSES)}, not {value!r})",
                    )
                    continue
                how = row[basis_at].strip()
                if how not in COUNTRY_BASES:
                    problems.add(
                        COUNTRIES,
                        line,
                        f"country '{code}': entry_basis must be one of "
                        f"{', '.join(COUNTRY_BASES)}, not {how!r}",
                    )
                    continue
                status[code] = value
                basis[code] = how
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        problems.add(COUNTRIES, None, f"cannot read the CSV: {error}")
    return status, basis


def _items(source: Any, data: dict[str, Any], problems: Problems) -> dict[str, m.ApplicationItem]:
    items: dict[str, m.ApplicationItem] = {}
    section = data.get("items", {})
    if not isinstance(section, dict):
        problems.add(FILE, None, "'items' must be a table of tables")
        return items
    for item_id, body in section.items():
        line = FoundLine(source, f"[items.{item_id}]")
        if not isinstance(body, dict):
            problems.add(FILE, line, f"items.{item_id}: must be a table")
            continue
        table = Table(source, body, line, f"items.{item_id}", problems)
        table.check_keys(["group", "title", "why", "source", "basis", "check"])
        group = table.text("group")
        if group not in m.APPLICATION_GROUPS:
            table.problem(
                f"'group' must be one of {', '.join(m.APPLICATION_GROUPS)}, not {group!r}", "group"
            )
        if "source" not in body:
            table.problem("has no source: every item needs one ('source = \"<id>\"')")
        basis = table.text("basis", required=False, default="confirmed")
        if basis not in BASES:
            table.problem(f"'basis' must be one of {', '.join(BASES)}, not {basis!r}", "basis")
            basis = "confirmed"
        check = table.text("check", required=False)
        if basis == "unverified" and not check.strip():
            table.problem("an unverified item must say what to check and where ('check')")
        items[item_id] = m.ApplicationItem(
            id=item_id,
            group=group,
            title=table.text("title"),
            why=table.text("why"),
            source=table.text("source", required=False),
            basis=basis,  # type: ignore[arg-type]
            check=check,
        )
    return items


def load_application(
    root: Path, problems: Problems, parsed: ParsedFiles | None = None
) -> m.ApplicationContent | None:
    """``application.toml`` and the entry columns; ``None`` when the file cannot be read."""
    path = root / FILE
    if not path.is_file():
        problems.add(FILE, None, "file is missing")
        return None
    loaded = read_toml(path, FILE, problems, parsed)
    if loaded is None:
        return None
    source, data = loaded
    top = Table(source, data, 1, "", problems)
    top.check_keys(["entry", "biometrics", "medical", "fees", "document_groups", "items"])
    status, basis = _entry_columns(root, problems)

    entry = top.sub("entry", "entry")
    changes: list[m.EntryChange] = []
    official = secondary = ""
    read_from = dt.date.min
    if entry is not None:
        entry.check_keys(
            ["statuses", "source_official", "source_secondary", "read_from", "changes"]
        )
        official = entry.text("source_official")
        secondary = entry.text("source_secondary")
        read_from = entry.date("read_from") or dt.date.min
        for change in entry.tables("changes", "entry.changes", {}):
            change.check_keys(["countries", "since", "before", "note", "source"])
            before = change.text("before")
            if before not in m.ENTRY_STATUSES:
                change.problem(
                    f"'before' must be one of {', '.join(m.ENTRY_STATUSES)}, not {before!r}",
                    "before",
                )
            if "source" not in change.data:
                change.problem("has no source: every change needs one ('source = \"<id>\"')")
            changes.append(
                m.EntryChange(
                    countries=frozenset(change.string_list("countries", required=True)),
                    since=change.date("since") or dt.date.min,
                    before=before,
                    note=change.text("note"),
                    source=change.text("source", required=False),
                )
            )

    biometrics = top.sub("biometrics", "biometrics")
    medical = top.sub("medical", "medical")
    fees = top.sub("fees", "fees")
    groups = top.sub("document_groups", "document_groups")
    if biometrics is None or medical is None or fees is None or groups is None:
        return None
    biometrics.check_keys(["min_age", "max_age", "every_years", "exempt_statuses"])
    medical.check_keys(["stay_months", "public_health_group", "agricultural_group"])
    fees.check_keys(["biometrics_person", "biometrics_family_max", "checked", "source"])
    document_groups: dict[str, str] = {}
    passport_proves: frozenset[str] = frozenset()
    route_sourced: frozenset[str] = frozenset()
    for key in groups.data:
        if key == "passport_proves":
            passport_proves = frozenset(groups.string_list(key))
            continue
        if key == "route_sourced":
            route_sourced = frozenset(groups.string_list(key))
            continue
        if key not in m.APPLICATION_GROUPS:
            groups.problem(
                f"unknown group '{key}' (expected one of: {', '.join(m.APPLICATION_GROUPS)})", key
            )
            continue
        for document_id in groups.string_list(key):
            document_groups[document_id] = key
    exempt = biometrics.string_list("exempt_statuses")
    for value in exempt:
        if value not in m.ENTRY_STATUSES:
            biometrics.problem(f"'{value}' is not an entry-document status", "exempt_statuses")
    return m.ApplicationContent(
        entry_status=status,
        entry_basis=basis,
        entry_changes=tuple(changes),
        source_official=official,
        source_secondary=secondary,
        read_from=read_from,
        biometrics_min_age=biometrics.integer("min_age"),
        biometrics_max_age=biometrics.integer("max_age"),
        biometrics_every_years=biometrics.integer("every_years"),
        biometrics_exempt_statuses=frozenset(exempt),
        medical_stay_months=medical.integer("stay_months"),
        public_health_group=medical.text("public_health_group"),
        agricultural_group=medical.text("agricultural_group"),
        fee_biometrics_person=fees.number("biometrics_person") or 0.0,
        fee_biometrics_family_max=fees.number("biometrics_family_max") or 0.0,
        fees_checked=fees.date("checked") or dt.date.min,
        fees_source=fees.text("source"),
        document_groups=document_groups,
        passport_proves=passport_proves,
        items=_items(source, data, problems),
        route_sourced=route_sourced,
    )


def check_application(
    application: m.ApplicationContent,
    *,
    sources: Collection[str],
    countries: Collection[str],
    groups: Collection[str],
    documents: Collection[str],
    problems: Problems,
    source_file: SourceFile | None = None,
) -> None:
    """What needs the rest of the tree: every source, country, group and document named
    exists, every country has a status, and every item the engine uses is defined."""

    def where(needle: str) -> int | None:
        return source_file.find_line(needle) if source_file is not None else None

    for item in application.items.values():
        if item.source and item.source not in sources:
            problems.add(
                FILE,
                where(f"[items.{item.id}]"),
                f"items.{item.id}: unknown source '{item.source}'",
            )
    for unused in sorted(set(application.items) - set(REQUIRED_ITEMS)):
        problems.add(
            FILE,
            where(f"[items.{unused}]"),
            f"item '{unused}' is not used by the checklist (no step of "
            "ftawizard/engine/application.py shows it): remove it or use it",
        )
    for missing in sorted(set(REQUIRED_ITEMS) - set(application.items)):
        problems.add(FILE, None, f"item '{missing}' is missing (the checklist needs it)")
    for change in application.entry_changes:
        if change.source and change.source not in sources:
            problems.add(FILE, where("[[entry.changes]]"), f"unknown source '{change.source}'")
        for code in sorted(change.countries - set(countries)):
            problems.add(FILE, where("[[entry.changes]]"), f"unknown country code '{code}'")
    for source_id in (application.source_official, application.source_secondary,
                      application.fees_source):  # fmt: skip
        if source_id and source_id not in sources:
            problems.add(FILE, where(source_id), f"unknown source '{source_id}'")
    for code in sorted(set(countries) - set(application.entry_status)):
        if not any(problem.file == COUNTRIES for problem in problems.items):
            problems.add(COUNTRIES, None, f"country '{code}' has no entry-document status")
    for group_id in (application.public_health_group, application.agricultural_group):
        if group_id not in groups:
            problems.add(
                FILE, where(group_id), f"unknown occupation group '{group_id}' (groups.toml)"
            )
    named = set(application.document_groups) | application.passport_proves
    for document_id in sorted(named | application.route_sourced):
        if document_id not in documents:
            problems.add(
                FILE, where(document_id), f"unknown document '{document_id}' (documents.toml)"
            )


def application_file(root: Path) -> SourceFile | None:
    """The file, for finding the line of a problem found after loading."""
    path = root / FILE
    try:
        return SourceFile(path, FILE)
    except (OSError, UnicodeDecodeError):
        return None


def application_for(content: m.Content) -> m.ApplicationContent:
    """The tree's application content: loaded with the tree, or (for a tree built without it)
    read from the tree's folder once."""
    if content.application is not None:
        return content.application
    key = (content.root, content.version)
    found = _LOADED.get(key)
    if found is None:
        from ftawizard.content.errors import ContentInvalid

        problems = Problems()
        loaded = load_application(Path(content.root), problems)
        if loaded is not None:
            check_application(
                loaded,
                sources=content.sources,
                countries=content.countries,
                groups=content.groups,
                documents=content.documents,
                problems=problems,
            )
        if problems.items or loaded is None:
            raise ContentInvalid(problems.items)
        found = _LOADED[key] = loaded
    return found


_LOADED: dict[tuple[str, str], m.ApplicationContent] = {}
