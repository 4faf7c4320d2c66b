"""The checklist a person takes away, built once from an assessment and rendered by every format.

It stands on its own: who it is for, the routes and their exemption codes, when it was made and
against which content, every item grouped (application, identity and travel, eligibility
evidence, medical exam and biometrics, family, employer, fees and totals; ticked or not, why it
applies to this person, source, and what to check where a fact is not confirmed), the steps,
and the notes. What applies to the person is decided by ``ftawizard.engine.application``; every
sentence of substance comes from the content tree; this module only selects, orders and
removes duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

import attrs

from ftawizard.content.models import Content, Document, Fee, Note, ProvidedBy, Step
from ftawizard.content.rules_age import rules_age
from ftawizard.engine.application import FEE_STEPS, GROUP_HEADINGS, GROUPS, Item, build_plan
from ftawizard.engine.evaluate import Assessment, RouteResult, Verdict

PERSON_LABELS: dict[str, str] = {
    "worker": "the worker",
    "spouse": "the spouse or partner",
    "children": "the children",
    "family": "the family",
    "employer": "the employer",
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
    """One item of the checklist: a document, a form, a fee, a step of the application."""

    id: str
    title: str
    provided_by: ProvidedBy
    why: str
    source: SourceRef
    checked: bool
    routes: tuple[str, ...] = ()  # route tags; empty when every route of the checklist needs it
    basis: str = "confirmed"  # "confirmed", "secondary" (say so) or "unverified"
    check: str = ""  # what to check and where, when the fact is not confirmed
    person: str = "worker"  # whose item: "worker", "spouse", "children", "family", "employer"


@attrs.frozen
class DocumentGroup:
    group: str  # one of engine.application.GROUPS
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
    fee_total: float | None = None  # what the worker's side pays with the application
    fee_unknown: tuple[str, ...] = ()  # fees whose amount is not known here

    @property
    def documents(self) -> tuple[ChecklistDocument, ...]:
        return tuple(document for group in self.groups for document in group.documents)

    @property
    def ticked(self) -> int:
        return sum(group.ticked for group in self.groups)

    @property
    def title(self) -> str:
        return "Application checklist"

    @property
    def to_check(self) -> tuple[ChecklistDocument, ...]:
        """The items resting on a fact ftawizard could not confirm: what to check, where."""
        return tuple(document for document in self.documents if document.check)

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


def format_money(amount: float, currency: str = "CAD") -> str:
    """``$155 CAD``; whole amounts without decimals."""
    text = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    return f"{CURRENCY_SIGNS.get(currency, '')}{text} {currency}"


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

    plan = build_plan(content, assessment, routes) if routes else None
    application = None
    if plan is not None:
        from ftawizard.content.application import application_for

        application = application_for(content)
    citizenship = assessment.answers.get("citizenship")

    # route documents: each once, in the order the routes list them
    owners: dict[str, list[str]] = {}
    documents: dict[str, Document] = {}
    cites: dict[str, str] = {}  # a shared document cites the first route's own page
    by_citizenship: dict[str, bool] = {}
    family: set[str] = set()  # the documents of spouse routes
    for route, entry in zip(routes, entries, strict=True):
        for document in route.documents:
            if route.category.principal and document.provided_by == "worker":
                family.add(document.id)
            documents.setdefault(document.id, document)
            owners.setdefault(document.id, []).append(entry.tag)
            if application is not None and document.id in application.route_sourced:
                cites.setdefault(document.id, route.category.source)
            opened = route.route_country == citizenship
            by_citizenship[document.id] = by_citizenship.get(document.id, True) and opened
    members: dict[str, list[ChecklistDocument]] = {group: [] for group in GROUPS}
    if plan is not None:
        tags = {entry.route_id: entry.tag for entry in entries}
        for item in plan.items:
            only = _only_for([tags[r] for r in item.routes if r in tags], labels)
            members[item.group].append(_item(item, source, checked, only if item.routes else ()))
    for document in documents.values():
        if application is not None:
            if document.id == "passport":
                continue  # the plan's passport line, which also proves citizenship
            if document.id in application.passport_proves and by_citizenship[document.id]:
                continue  # one identity document instead of three
            group = application.document_groups.get(
                document.id,
                "employer"
                if document.provided_by == "employer"
                else "family"
                if document.id in family
                else "evidence",
            )
        else:
            group = "employer" if document.provided_by == "employer" else "evidence"
        members[group].append(
            ChecklistDocument(
                id=document.id,
                title=document.title,
                provided_by=document.provided_by,
                why=document.why,
                source=source(cites.get(document.id, document.source)),
                checked=document.id in checked,
                routes=_only_for(owners[document.id], labels),
                person="employer" if document.provided_by == "employer" else "worker",
            )
        )
    if plan is not None:
        members["fees"].append(_total_line(plan.fee_total, plan.fee_unknown, source, checked))
    order = list(GROUPS)
    if person.perspective == "employer":
        order.remove("employer")
        order.insert(0, "employer")
    groups = [
        DocumentGroup(group, GROUP_HEADINGS[group], tuple(_ordered(group, members[group])))
        for group in order
        if members[group]
    ]

    # steps: each once, in the order of the application (the routes' order)
    step_owners: dict[str, list[str]] = {}
    step_defs: dict[str, Step] = {}
    for route, entry in zip(routes, entries, strict=True):
        for step in route.steps:
            if plan is not None and step.id in FEE_STEPS:
                continue  # stated per person in the fees group, with the family's total
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
        sources=_in_order_of_citation(groups, steps, (*general, *route_notes)),
        rules_as_of=age.as_of,
        rules_notice=age.notice,
        fee_total=plan.fee_total if plan is not None else None,
        fee_unknown=plan.fee_unknown if plan is not None else (),
    )


def _in_order_of_citation(
    groups: Sequence[DocumentGroup],
    steps: Sequence[ChecklistStep],
    notes: Sequence[ChecklistNote],
) -> tuple[SourceRef, ...]:
    """Every source cited, numbered in the order a reader meets them."""
    cited: dict[str, SourceRef] = {}
    for group in groups:
        for document in group.documents:
            cited.setdefault(document.source.id, document.source)
    for step in steps:
        cited.setdefault(step.source.id, step.source)
    for note in notes:
        cited.setdefault(note.source.id, note.source)
    return tuple(cited.values())


def _ordered(group: str, members: list[ChecklistDocument]) -> list[ChecklistDocument]:
    """The family's own documents first in the family group; the plan's lines first elsewhere
    (where to apply before the forms, the passport before other identity documents)."""
    if group == "family":
        return sorted(members, key=lambda member: member.person != "worker")
    return members


def _item(
    item: Item, source: _Sources, checked: Collection[str], routes: tuple[str, ...] = ()
) -> ChecklistDocument:
    title = item.title
    if item.group == "fees" and item.amount is not None:
        amount = format_money(item.amount)
        who = PERSON_LABELS.get(item.person, item.person)
        title = f"{title} ({who}): {amount}"
        if item.count > 1:
            title += f" × {item.count} = {format_money(item.amount * item.count)}"
    elif item.group == "fees" and item.person in ("spouse", "children"):
        title = f"{title} ({PERSON_LABELS[item.person]})"
    return ChecklistDocument(
        id=item.id,
        title=title,
        provided_by="employer" if item.person == "employer" else "worker",
        why=item.why,
        source=source(item.source),
        checked=item.id in checked,
        basis=item.basis,
        check=item.check,
        person=item.person,
        routes=routes,
    )


def _total_line(
    total: float, unknown: tuple[str, ...], source: _Sources, checked: Collection[str]
) -> ChecklistDocument:
    title = f"Total with the application (worker and family): {format_money(total)}"
    why = (
        "The fees above of known amount, added up (the employer's compliance fee is not included)."
    )
    if unknown:
        why += " Not included: " + "; ".join(unknown) + " (amount to check)."
    return ChecklistDocument(
        id="fee_total",
        title=title,
        provided_by="worker",
        why=why,
        source=source("irpr_299"),
        checked="fee_total" in checked,
        person="family",
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
