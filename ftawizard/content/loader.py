"""Load and validate the content tree.

``load_content(path)`` returns a frozen ``Content`` or raises ``ContentInvalid`` with every
problem found (file, line, what is wrong). It reads only files; it never imports a UI.
Each kind of file is read by its own part of the loader (``ftawizard.content.loading``);
this module reads the manifest and the country files, combines the parts, and checks the
references between files once everything is loaded.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Container
from functools import lru_cache
from pathlib import Path
from typing import Any

from ftawizard.content import models as m
from ftawizard.content.application import application_file, check_application, load_application
from ftawizard.content.errors import ContentInvalid
from ftawizard.content.loading.agreements import AgreementsLoader
from ftawizard.content.loading.occupations import OccupationsLoader
from ftawizard.content.loading.questions import QuestionsLoader
from ftawizard.content.paths import default_content_dir
from ftawizard.content.reader import ParsedFiles

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
    "rules_may_have_changed",
)


class ContentLoader(AgreementsLoader, QuestionsLoader, OccupationsLoader):
    """Every part of the loader, plus the manifest and the country files."""

    no_spouse_permit: tuple[m.Note, ...] = ()

    def manifest(self) -> tuple[str, dt.date, dict[str, str]]:
        fallback: tuple[str, dt.date, dict[str, str]] = ("unknown", dt.date(2022, 11, 16), {})
        opened = self.toml_file("manifest.toml", ["content", "texts", "no_spouse_permit"])
        if opened is None:
            return fallback
        _source, _data, table = opened
        self.no_spouse_permit = self.notes(table, "no_spouse_permit", "no_spouse_permit", {})
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

    def countries(self) -> dict[str, m.Country]:
        result: dict[str, m.Country] = {}
        columns = ("code", "name_en", "name_in_text")
        lines: dict[str, int] = {}
        for line, (code, name, in_text) in self.csv_rows("countries.csv", columns):
            code = code.strip()
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                self.problems.add(
                    "countries.csv", line, f"'{code}' is not an ISO 3166-1 alpha-2 code"
                )
                continue
            if code in lines:
                self.problems.add(
                    "countries.csv", line, f"country '{code}' is already on line {lines[code]}"
                )
                continue
            lines[code] = line
            result[code] = m.Country(code, name.strip(), in_text.strip())
        return result

    def load_country_groups(self) -> dict[str, m.CountryGroup]:
        """``country_groups.toml``: named sets of countries (EU-27, WTO members…)."""
        opened = self.toml_file("country_groups.toml", ["groups"])
        if opened is None:
            return {}
        source, data, _root = opened
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


def _check_references(loader: ContentLoader, content_parts: dict[str, Any]) -> None:
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
        loader = ContentLoader(root, parsed)
        try:
            return _load(loader)
        finally:
            if parsed.parsed:
                cache.store_parsed(parsed.seen)
    finally:
        if collecting:
            gc.enable()


def _load(loader: ContentLoader) -> m.Content:
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
    application = load_application(root, loader.problems, loader.parsed)
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
    if application is not None:
        check_application(
            application,
            sources=sources,
            countries=countries,
            groups=groups,
            documents=documents,
            problems=loader.problems,
            source_file=application_file(root),
        )
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
        no_spouse_permit=loader.no_spouse_permit,
        changes=changes,
        country_groups=country_groups,
        apply_at=apply_at,
        retired=loader.retired,
        application=application,
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
