"""The checklist a person takes away, built once from an assessment and rendered by every format.

It stands on its own: who it is for, the routes and their exemption codes, when it was made and
against which content, the documents grouped by who provides them (ticked or not, why, source),
the steps and fees, and the notes. Every sentence of substance comes from the content tree; this
module only selects, orders and removes duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

import attrs

from ftawizard.content.models import Content, Document, Fee, Note, ProvidedBy, Step
from ftawizard.content.rules_age import rules_age
from ftawizard.engine.evaluate import Assessment, RouteResult, Verdict

PROVIDERS: tuple[ProvidedBy, ...] = ("worker", "employer")
PROVIDER_HEADINGS: dict[str, str] = {
    "worker": "From the worker",
    "employer": "From the employer",
}
PERSPECTIVE_LABELS: dict[str, str] = {
    "worker": "the worker",
    "employer": "the Canadian employer",
}
VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "eligible",
    Verdict.NOT_ELIGIBLE: "not eligible",
    Verdict.NEEDS_INFO: "needs information",
}
VERDICT_SYMBOLS: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "✓",
    Verdict.NOT_ELIGIBLE: "✗",
    Verdict.NEEDS_INFO: "?",
}
NO_ROUTE = (
    "No route can be taken on these answers (each is not eligible or not covered), so there "
    "is nothing to gather. 'ftawizard assess' says why."
)
DISCLAIMER = (
    "ftawizard explains the published rules; it is not legal advice, and the officer decides."
)
CURRENCY_SIGNS: dict[str, str] = {"CAD": "$"}


class RouteChoiceError(ValueError):
    """A route asked for by id does not exist or is not open on these answers."""


@attrs.frozen
class SourceRef:
    id: str
    title: str
    url: str
    date: dt.date | None
    publisher: str = ""

    @property
    def label(self) -> str:
        return f"{self.title} ({self.date.isoformat()})" if self.date else self.title


@attrs.frozen
class RouteEntry:
    route_id: str
    agreement: str  # short name, e.g. "CPTPP"
    agreement_name: str
    category: str
    code: str
    former_codes: tuple[str, ...]
    verdict: Verdict
    max_initial_months: int
    still_to_answer: tuple[str, ...] = ()  # labels of the questions a needs-info route lacks
    tag: str = ""  # a short name, unique on the checklist: "CUSMA T36"

    @property
    def label(self) -> str:
        return f"{self.agreement} {self.category} ({self.code})"

    @property
    def code_label(self) -> str:
        if not self.former_codes:
            return self.code
        return f"{self.code} (formerly {', '.join(self.former_codes)})"

    @property
    def verdict_label(self) -> str:
        """``✓ eligible``: a symbol and words, so that neither colour nor shape alone says it."""
        return f"{VERDICT_SYMBOLS[self.verdict]} {VERDICT_LABELS[self.verdict]}"


@attrs.frozen
class ChecklistDocument:
    id: str
    title: str
    provided_by: ProvidedBy
    why: str
    source: SourceRef
    checked: bool
    routes: tuple[str, ...] = ()  # route tags; empty when every route of the checklist needs it


@attrs.frozen
class DocumentGroup:
    provider: ProvidedBy
    heading: str
    documents: tuple[ChecklistDocument, ...]

    @property
    def ticked(self) -> int:
        return sum(1 for document in self.documents if document.checked)


@attrs.frozen
class ChecklistStep:
    id: str
    title: str
    who: ProvidedBy
    text: str
    source: SourceRef
    fee: Fee | None = None
    routes: tuple[str, ...] = ()


@attrs.frozen
class ChecklistNote:
    text: str
    source: SourceRef
    routes: tuple[str, ...] = ()  # empty: every route of the checklist


@attrs.frozen
class OccupationEntry:
    code: str
    classification: str  # "NOC 2021" or "NOC 2016"
    title: str
    level: str  # "TEER 2", "NOC skill level A"

    @property
    def label(self) -> str:
        return f"{self.classification} {self.code} {self.title} ({self.level})"


@attrs.frozen
class Person:
    perspective: str
    citizenship: str | None = None
    permanent_residence: str | None = None
    occupation: OccupationEntry | None = None
    province: str | None = None

    @property
    def perspective_label(self) -> str:
        return PERSPECTIVE_LABELS.get(self.perspective, self.perspective)


@attrs.frozen
class Checklist:
    person: Person
    routes: tuple[RouteEntry, ...]
    made_on: dt.date
    application_date: dt.date
    content_version: str
    groups: tuple[DocumentGroup, ...]
    steps: tuple[ChecklistStep, ...]
    general_notes: tuple[ChecklistNote, ...]
    route_notes: tuple[ChecklistNote, ...]
    sources: tuple[SourceRef, ...]  # every source cited, in the order of first citation
    rules_as_of: dt.date | None = None  # the newest date a source of the rules was checked
    # set when the application date or the day it was made is more than 6 months past that
    rules_notice: str | None = None

    @property
    def documents(self) -> tuple[ChecklistDocument, ...]:
        return tuple(document for group in self.groups for document in group.documents)

    @property
    def ticked(self) -> int:
        return sum(group.ticked for group in self.groups)

    @property
    def title(self) -> str:
        return "Document checklist"

    def about_rows(self, *, narrow: bool = False) -> list[tuple[str, str]]:
        """Who and what the checklist is for, as (label, value) rows for every format;
        ``narrow`` shortens a label for fixed-width layouts (text, PDF)."""
        person = self.person
        rows = [("Prepared for", person.perspective_label)]
        if person.citizenship:
            rows.append(("Citizenship", person.citizenship))
        if person.permanent_residence:
            rows.append(
                ("Permanent res." if narrow else "Permanent residence", person.permanent_residence)
            )
        if person.occupation:
            rows.append(("Occupation", person.occupation.label))
        if person.province:
            rows.append(("Province", person.province))
        rows.append(("Application", f"received on {self.application_date.isoformat()}"))
        rows.append(("Made on", f"{self.made_on.isoformat()}, content {self.content_version}"))
        if self.rules_as_of is not None:
            rows.append(("Rules as of", self.rules_as_of.isoformat()))
        if self.rules_notice:
            rows.append(("Check first", self.rules_notice))
        return rows

    def source_number(self, source: SourceRef) -> int:
        """The source's number in the list of sources (1, 2, …), as cited in the text."""
        for index, candidate in enumerate(self.sources, start=1):
            if candidate.id == source.id:
                return index
        raise KeyError(source.id)

    @property
    def subject(self) -> str:
        """One line naming the person and the routes (PDF metadata, print job titles)."""
        who = self.person.citizenship or "?"
        codes = ", ".join(route.label for route in self.routes)
        return f"{who}: {codes}" if codes else who


def format_amount(fee: Fee) -> str:
    """``$230 CAD``; whole amounts without decimals."""
    amount = f"{fee.amount:,.0f}" if fee.amount == int(fee.amount) else f"{fee.amount:,.2f}"
    sign = CURRENCY_SIGNS.get(fee.currency, "")
    return f"{sign}{amount} {fee.currency}"


def format_fee(fee: Fee) -> str:
    """``$155 CAD per person (amount checked 2025-03-27)``."""
    return f"{format_amount(fee)} per {fee.per} (amount checked {fee.checked.isoformat()})"


# --------------------------------------------------------------------------- building


def select_routes(
    content: Content, assessment: Assessment, route_ids: Sequence[str] | None = None
) -> tuple[RouteResult, ...]:
    """The routes a checklist covers.

    Without ``route_ids``: the eligible routes, or else the routes that need information (a
    not-eligible route has nothing to gather for). With them: exactly those routes, in the
    order asked, whatever their verdict; an id that is unknown or not open on these answers
    raises ``RouteChoiceError`` with a message that lists the ids that would work.
    """
    if not route_ids:
        eligible = tuple(route for route in assessment.routes if route.verdict is Verdict.ELIGIBLE)
        if eligible:
            return eligible
        return tuple(route for route in assessment.routes if route.verdict is Verdict.NEEDS_INFO)
    known = {category.route_id for category in content.categories}
    open_ids = [route.route_id for route in assessment.routes]
    chosen: list[RouteResult] = []
    for route_id in dict.fromkeys(route_ids):
        route = assessment.route(route_id)
        if route is not None:
            chosen.append(route)
            continue
        if route_id not in known:
            raise RouteChoiceError(
                f"there is no route {route_id!r}; the routes are: {', '.join(sorted(known))}"
            )
        excluded = next(
            (entry for entry in assessment.not_covered if entry.category.route_id == route_id),
            None,
        )
        why = f": {excluded.text.rstrip('.')}" if excluded else " (citizenship and residence)"
        available = ", ".join(open_ids) if open_ids else "none"
        raise RouteChoiceError(
            f"route {route_id!r} is not open on these answers{why}. "
            f"Routes open on these answers: {available}"
        )
    return tuple(chosen)


class _Sources:
    """Source ids → ``SourceRef``, remembering the order of first citation."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.cited: dict[str, SourceRef] = {}

    def __call__(self, source_id: str) -> SourceRef:
        if source_id not in self.cited:
            source = self.content.sources.get(source_id)
            self.cited[source_id] = (
                SourceRef(source.id, source.title, source.url, source.date, source.publisher)
                if source is not None
                else SourceRef(source_id, source_id, "", None)
            )
        return self.cited[source_id]


def _only_for(labels: Iterable[str], every: Sequence[str]) -> tuple[str, ...]:
    """The routes an item belongs to, or () when it belongs to all of them."""
    found = tuple(label for label in every if label in set(labels))
    return () if len(found) == len(every) else found


def _route_entry(content: Content, route: RouteResult) -> RouteEntry:
    category = route.category
    missing = tuple(
        content.questions_by_id[q].label or q if q in content.questions_by_id else q
        for q in route.missing
    )
    return RouteEntry(
        route_id=route.route_id,
        agreement=route.agreement.short,
        agreement_name=route.agreement.name,
        category=category.name,
        code=category.exemption_code,
        former_codes=tuple(former.code for former in category.former_codes),
        verdict=route.verdict,
        max_initial_months=category.max_initial_duration_months,
        still_to_answer=missing if route.verdict is Verdict.NEEDS_INFO else (),
    )


def _tagged(entries: tuple[RouteEntry, ...]) -> tuple[RouteEntry, ...]:
    """Name each route by agreement and code ("CUSMA T36"), or by its full label where two
    routes share a code (CPTPP professionals and technicians are both T52)."""
    short = [f"{entry.agreement} {entry.code}" for entry in entries]
    return tuple(
        attrs.evolve(entry, tag=tag if short.count(tag) == 1 else entry.label)
        for entry, tag in zip(entries, short, strict=True)
    )


def _person(content: Content, assessment: Assessment) -> Person:
    answers = assessment.answers
    perspective = answers.get("perspective")
    citizenship = answers.get("citizenship")
    residence = answers.get("permanent_residence")
    province = answers.get("province")
    occupation = None
    if answers.occupation is not None:
        found = answers.occupation
        occupation = OccupationEntry(
            code=found.code,
            classification="NOC 2021" if found.system == "noc2021" else "NOC 2016",
            title=found.title,
            level=found.level_label,
        )
    return Person(
        perspective=perspective if isinstance(perspective, str) and perspective else "worker",
        citizenship=content.country_name(citizenship) if isinstance(citizenship, str) else None,
        permanent_residence=content.country_name(residence)
        if isinstance(residence, str) and residence
        else None,
        occupation=occupation,
        province=content.provinces.get(province, province) if isinstance(province, str) else None,
    )


def build_checklist(
    content: Content,
    assessment: Assessment,
    checked: Collection[str] = (),
    route_ids: Sequence[str] | None = None,
    made_on: dt.date | None = None,
) -> Checklist:
    """The checklist of ``assessment`` for the chosen routes (see ``select_routes``).

    ``checked`` holds the ids of the documents already ticked; ``made_on`` is the date printed
    as the day the checklist was made (default: the application date), so that the same answers
    and date always give the same checklist.
    """
    routes = select_routes(content, assessment, route_ids)
    entries = _tagged(tuple(_route_entry(content, route) for route in routes))
    labels = [entry.tag for entry in entries]
    source = _Sources(content)
    person = _person(content, assessment)

    # documents: each once, in the order the routes list them; the reader's own side first
    owners: dict[str, list[str]] = {}
    documents: dict[str, Document] = {}
    for route, entry in zip(routes, entries, strict=True):
        for document in route.documents:
            documents.setdefault(document.id, document)
            owners.setdefault(document.id, []).append(entry.tag)
    providers = sorted(PROVIDERS, key=lambda provider: provider != person.perspective)
    groups = []
    for provider in providers:
        members = tuple(
            ChecklistDocument(
                id=document.id,
                title=document.title,
                provided_by=document.provided_by,
                why=document.why,
                source=source(document.source),
                checked=document.id in checked,
                routes=_only_for(owners[document.id], labels),
            )
            for document in documents.values()
            if document.provided_by == provider
        )
        if members:
            groups.append(DocumentGroup(provider, PROVIDER_HEADINGS[provider], members))

    # steps: each once, in the order of the application (the routes' order)
    step_owners: dict[str, list[str]] = {}
    step_defs: dict[str, Step] = {}
    for route, entry in zip(routes, entries, strict=True):
        for step in route.steps:
            step_defs.setdefault(step.id, step)
            step_owners.setdefault(step.id, []).append(entry.tag)
    steps = tuple(
        ChecklistStep(
            id=step.id,
            title=step.title,
            who=step.who,
            text=step.text,
            source=source(step.source),
            fee=step.fee,
            routes=_only_for(step_owners[step.id], labels),
        )
        for step in step_defs.values()
    )

    general = (
        tuple(ChecklistNote(note.text, source(note.source)) for note in assessment.general_notes)
        if routes
        else ()
    )
    route_notes = _route_notes(routes, entries, labels, source)
    made_on = made_on or assessment.as_of
    age = rules_age(content, assessment.as_of, made_on)
    return Checklist(
        person=person,
        routes=entries,
        made_on=made_on,
        application_date=assessment.as_of,
        content_version=content.version,
        groups=tuple(groups),
        steps=steps,
        general_notes=general,
        route_notes=route_notes,
        sources=tuple(source.cited.values()),
        rules_as_of=age.as_of,
        rules_notice=age.notice,
    )


def _route_notes(
    routes: Sequence[RouteResult],
    entries: Sequence[RouteEntry],
    labels: Sequence[str],
    source: _Sources,
) -> tuple[ChecklistNote, ...]:
    by_text: dict[str, tuple[Note, list[str]]] = {}
    for route, entry in zip(routes, entries, strict=True):
        for note in route.notes:
            by_text.setdefault(note.text, (note, []))[1].append(entry.tag)
    return tuple(
        ChecklistNote(note.text, source(note.source), _only_for(owners, labels))
        for note, owners in by_text.values()
    )
