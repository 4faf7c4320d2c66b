"""The content tree as frozen attrs models.

Nothing here evaluates anything: these classes are what ``loader.load_content`` builds from
the TOML/CSV files in ``content/``, and what the engine reads. They carry no behaviour beyond
small lookups, so that a renderer (TUI, plain prompts, JSON) can use them freely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

import attrs

# --------------------------------------------------------------------------- conditions
# A condition is a small tree. Evaluation lives in ``ftawizard.engine.conditions``.

CompareOp = Literal["eq", "ne", "gt", "gte", "lt", "lte"]


@attrs.frozen
class Compare:
    """``{ q = "experience_years", gte = 2 }``: compare an answer with a constant."""

    question: str
    op: CompareOp
    value: object


@attrs.frozen
class CompareAnswers:
    """``{ q = "offered_wage_hourly", gte_q = "prevailing_wage_hourly" }``."""

    question: str
    op: CompareOp
    other: str


@attrs.frozen
class InSet:
    """``{ q = "education_level", in = ["bachelor", "master"] }``."""

    question: str
    values: frozenset[object]


@attrs.frozen
class AtLeast:
    """``{ q = "education_level", at_least = "bachelor" }`` in the question's choice order."""

    question: str
    value: str


@attrs.frozen
class Answered:
    """``{ q = "spouse", answered = true }``."""

    question: str
    answered: bool


@attrs.frozen
class NeedsAnswer:
    """``{ q = "province", needs_answer = true }``: true once answered (any value), unknown
    until then, so the question is asked before the rest of the rule is decided."""

    question: str


@attrs.frozen
class RouteCountry:
    """``{ country_in = ["AU"] }``: the country whose citizenship or permanent residence
    opened the route being evaluated (citizenship first)."""

    countries: frozenset[str]


@attrs.frozen
class AllOf:
    parts: tuple[Condition, ...]


@attrs.frozen
class AnyOf:
    parts: tuple[Condition, ...]


@attrs.frozen
class Not:
    part: Condition


@attrs.frozen
class Officer:
    """``{ officer = "…" }``: the source leaves this to an officer's judgement."""

    text: str


@attrs.frozen
class Always:
    value: bool


Condition = (
    Compare
    | CompareAnswers
    | InSet
    | AtLeast
    | Answered
    | NeedsAnswer
    | RouteCountry
    | AllOf
    | AnyOf
    | Not
    | Officer
    | Always
)


def condition_questions(condition: Condition | None) -> frozenset[str]:
    """Every question id a condition reads (for validation and reachability)."""
    if condition is None:
        return frozenset()
    match condition:
        case (
            Compare(question=q)
            | InSet(question=q)
            | AtLeast(question=q)
            | Answered(question=q)
            | NeedsAnswer(question=q)
        ):
            return frozenset({q})
        case CompareAnswers(question=q, other=o):
            return frozenset({q, o})
        case AllOf(parts=parts) | AnyOf(parts=parts):
            found: frozenset[str] = frozenset()
            for part in parts:
                found |= condition_questions(part)
            return found
        case Not(part=part):
            return condition_questions(part)
        case _:
            return frozenset()


def can_be(condition: Condition | None, wanted: bool) -> bool:
    """Whether some answers could make the condition plainly true (``wanted``) or plainly
    false, decided from the tree alone: an officer's part is never either, a constant is what
    it says, and any test on an answer may come out either way."""
    if condition is None:
        return wanted
    match condition:
        case Officer():
            return False
        case Always(value=value):
            return value is wanted
        case Not(part=part):
            return can_be(part, not wanted)
        case AllOf(parts=parts):
            # true: every part can be true; false: some part can be false
            if wanted:
                return all(can_be(part, True) for part in parts)
            return any(can_be(part, False) for part in parts)
        case AnyOf(parts=parts):
            if wanted:
                return any(can_be(part, True) for part in parts)
            return all(can_be(part, False) for part in parts)
        case InSet(values=values) if not values:
            return not wanted
        case RouteCountry(countries=countries) if not countries:
            return not wanted
        case _:
            return True


# --------------------------------------------------------------------------- catalogues


@attrs.frozen
class Source:
    id: str
    title: str
    url: str
    date: dt.date | None
    publisher: str = ""
    # the date the source was last checked against its newest version (None: not recorded)
    checked: dt.date | None = None


@attrs.frozen
class Country:
    code: str
    name: str  # as in a list: "United States"
    in_text: str = ""  # in running text when it differs: "the United States"


@attrs.frozen
class CountryGroup:
    """A named set of countries (``@eu27`` in a category's ``citizens``), as of a date."""

    id: str
    title: str
    countries: frozenset[str]
    source: str
    as_of: dt.date | None = None
    note: str = ""


@attrs.frozen
class Choice:
    value: str
    label: str


QuestionType = Literal[
    "choice", "bool", "number", "date", "country", "noc", "cusma_profession", "text"
]


@attrs.frozen
class Plausible:
    """The range of a number question's usual answers: an answer outside it is accepted only
    once the person confirms it (``below`` / ``above`` say why it looks wrong)."""

    min: float | None = None
    max: float | None = None
    below: str = ""
    above: str = ""


@attrs.frozen
class Question:
    id: str
    step: str
    prompt: str
    help: str
    type: QuestionType
    source: str
    label: str = ""  # a short name for step lists ("Citizenship")
    choices: tuple[Choice, ...] = ()
    unit: str = ""
    min: float | None = None
    max: float | None = None
    default: object = None
    always: bool = False
    optional: bool = False
    # asked whenever one of these questions is asked (context such as the province)
    ask_with: tuple[str, ...] = ()
    plausible: Plausible | None = None  # numbers: answers outside it are confirmed first
    # "I don't know" is offered: the answer is recorded as unknown and the routes that need
    # it read "needs information", with ``find_out`` (how to find the answer) in the reasons
    unknown_allowed: bool = False
    find_out: str = ""

    def choice_index(self, value: object) -> int | None:
        for index, choice in enumerate(self.choices):
            if choice.value == value:
                return index
        return None

    def choice_label(self, value: object) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)


@attrs.frozen
class RetiredQuestion:
    """An answer key of an older content version and the question that replaced it.

    ``values`` maps each old value to the new question's value; stored sessions and answer
    files written against the old version are read through it."""

    id: str
    replaced_by: str
    values: tuple[tuple[object, object], ...]


ProvidedBy = Literal["worker", "employer"]


@attrs.frozen
class Document:
    id: str
    title: str
    provided_by: ProvidedBy
    why: str
    source: str


# --------------------------------------------------------------------------- occupations


@attrs.frozen
class NocUnitGroup:
    """A NOC 2021 unit group."""

    code: str
    title_en: str
    title_fr: str
    teer: int


@attrs.frozen
class Noc2016UnitGroup:
    code: str
    title: str
    skill_level: str  # "0" (management), "A", "B", "C" or "D"


@attrs.frozen
class OccupationGroup:
    id: str
    title: str
    noc2021: frozenset[str]
    noc2016: frozenset[str]
    borderline2021: frozenset[str]
    borderline2016: frozenset[str]
    source: str
    note: str


@attrs.frozen
class ListItem:
    label: str
    noc2021: frozenset[str] = frozenset()
    noc2016: frozenset[str] = frozenset()
    partial2021: frozenset[str] = frozenset()
    partial2016: frozenset[str] = frozenset()
    group: str | None = None
    applies_when: Condition | None = None
    method: str = ""
    note: str = ""


ListKind = Literal["allowed", "excluded"]


@attrs.frozen
class OccupationList:
    id: str
    title: str
    kind: ListKind
    source: str
    items: tuple[ListItem, ...]


@attrs.frozen
class CusmaProfession:
    name: str
    aliases: tuple[str, ...]
    group: str
    credentials_text: str
    credentials: Condition
    source: str
    requires: Condition | None = None
    requires_text: str = ""
    noc_hints: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- agreements


@attrs.frozen
class RuleTexts:
    met: str
    not_met: str
    unknown: str
    officer: str = ""


RuleKind = Literal[
    "condition",
    "occupation_level",
    "occupation_list",
    "cusma_profession",
    "cusma_noc_match",
    "principal_eligible",
]


@attrs.frozen
class Rule:
    id: str
    kind: RuleKind
    texts: RuleTexts
    source: str
    applies_when: Condition | None = None
    # kind = "condition"
    test: Condition | None = None
    # kind = "occupation_level"
    teer: frozenset[int] = frozenset()
    noc2016_levels: frozenset[str] = frozenset()
    # kind = "occupation_list": country code -> list id, or (with ``lists_by``) an answer of
    # that question -> list id (e.g. the CETA service sector chosen)
    lists: Mapping[str, str] = attrs.field(factory=dict)
    lists_by: str | None = None
    # The source leaves this rule to the officer's judgement, in these words: when the rule's
    # facts (its ``test``, if any) are met, the outcome is "an officer decides", never a plain
    # "met". The loader folds it into ``test`` as its last part: ``all = [test, officer]``.
    judgement: str = ""


@attrs.frozen
class DocumentRef:
    id: str
    when: Condition | None = None


@attrs.frozen
class Note:
    text: str
    source: str
    when: Condition | None = None


@attrs.frozen
class Fee:
    amount: float
    currency: str
    per: str  # "person", "application", "family (maximum)"…
    checked: dt.date  # when the amount was last checked against its source


@attrs.frozen
class Step:
    """A step of the application (the employer's offer, paying a fee, biometrics…)."""

    id: str
    title: str
    who: ProvidedBy
    text: str
    source: str
    fee: Fee | None = None


@attrs.frozen
class ChangeEntry:
    """One change of a content version: what changed, from which date the sources apply it
    (``effective``, when known) and the source that says so."""

    text: str
    effective: dt.date | None = None
    source: str = ""


@attrs.frozen
class ContentChange:
    """One entry of the content's change log: what changed in a version."""

    version: str
    date: dt.date
    changes: tuple[ChangeEntry, ...]


@attrs.frozen
class NotCovered:
    """Countries that belong to the agreement (or ask about it) but that a category excludes."""

    text: str
    source: str
    citizens: frozenset[str] = frozenset()
    permanent_residents: frozenset[str] = frozenset()


@attrs.frozen
class Duration:
    """How long a category's permit runs, how it is extended and its overall cap."""

    initial: str  # "Up to 3 years (1 year to open a new office)"
    extensions: str  # "Extensions of up to 2 years"
    total: str  # "7 years in all" / "No overall cap while the stay stays temporary"
    source: str
    total_months: int | None = None  # the overall cap, where there is one


@attrs.frozen
class ApplyAt:
    """Where a category's application may be made (``[apply_at.<id>]`` in steps.toml)."""

    id: str
    title: str
    text: str
    source: str


@attrs.frozen
class FormerCode:
    code: str
    until: dt.date


@attrs.frozen
class Category:
    id: str
    route_id: str
    agreement_id: str
    name: str
    exemption_code: str
    max_initial_duration_months: int
    source: str
    citizens: frozenset[str]
    permanent_residents: frozenset[str]
    rules: tuple[Rule, ...]
    documents: tuple[DocumentRef, ...] = ()
    notes: tuple[Note, ...] = ()
    steps: tuple[DocumentRef, ...] = ()  # step ids (from steps.toml), with optional conditions
    not_covered: tuple[NotCovered, ...] = ()
    former_codes: tuple[FormerCode, ...] = ()
    principal: tuple[str, ...] = ()
    summary: str = ""
    duration: Duration | None = None
    apply_at: str = ""  # an ApplyAt id


@attrs.frozen
class Agreement:
    id: str
    name: str
    short: str
    source: str
    categories: tuple[Category, ...]
    summary: str = ""


# --------------------------------------------------------------------------- the application

EntryStatus = Literal["visa_required", "visa_exempt", "eta_conditional", "us", "canadian", "check"]
ENTRY_STATUSES: tuple[str, ...] = (
    "visa_required",
    "visa_exempt",
    "eta_conditional",
    "us",
    "canadian",
    "check",
)
EntryBasis = Literal["official", "secondary", "unverified"]
ItemBasis = Literal["confirmed", "secondary", "unverified"]
APPLICATION_GROUPS: tuple[str, ...] = (
    "application",
    "identity",
    "evidence",
    "medical",
    "family",
    "employer",
    "fees",
)


@attrs.frozen
class EntryChange:
    """Countries whose entry document changed on ``since``: earlier dates get ``before``."""

    countries: frozenset[str]
    since: dt.date
    before: str
    note: str
    source: str


@attrs.frozen
class ApplicationItem:
    """A sentence of the application checklist (``[items.<id>]`` in application.toml)."""

    id: str
    group: str
    title: str
    why: str
    source: str
    basis: ItemBasis = "confirmed"
    check: str = ""  # what to check and where, when the fact is not confirmed


@attrs.frozen
class ApplicationContent:
    """``application.toml`` and the entry-document columns of ``countries.csv``."""

    entry_status: Mapping[str, str]  # country code -> an ENTRY_STATUSES value (today)
    entry_basis: Mapping[str, str]  # country code -> "official" / "secondary" / "unverified"
    entry_changes: tuple[EntryChange, ...]
    source_official: str
    source_secondary: str
    read_from: dt.date
    biometrics_min_age: int
    biometrics_max_age: int
    biometrics_every_years: int
    biometrics_exempt_statuses: frozenset[str]
    medical_stay_months: int
    public_health_group: str
    agricultural_group: str
    fee_biometrics_person: float
    fee_biometrics_family_max: float
    fees_checked: dt.date
    fees_source: str
    document_groups: Mapping[str, str]  # document id -> group
    passport_proves: frozenset[str]
    items: Mapping[str, ApplicationItem]
    route_sourced: frozenset[str] = frozenset()  # documents that cite the route's own page

    def status_on(self, country: str, on: dt.date) -> str:
        """The entry-document status of ``country``'s citizens for an application received
        on ``on``: today's status, or the one before each later change."""
        status = self.entry_status.get(country, "check")
        for change in sorted(self.entry_changes, key=lambda change: change.since, reverse=True):
            if country in change.countries and on < change.since:
                status = change.before
        return status


# --------------------------------------------------------------------------- the whole tree


@attrs.frozen
class Content:
    version: str
    root: str
    noc_switch_date: dt.date
    sources: Mapping[str, Source]
    questions: tuple[Question, ...]
    documents: Mapping[str, Document]
    countries: Mapping[str, Country]
    provinces: Mapping[str, str]
    agreements: tuple[Agreement, ...]
    noc2021: Mapping[str, NocUnitGroup]
    noc2016: Mapping[str, Noc2016UnitGroup]
    noc2016_to_2021: Mapping[str, tuple[str, ...]]
    noc2021_to_2016: Mapping[str, tuple[str, ...]]
    groups: Mapping[str, OccupationGroup]
    lists: Mapping[str, OccupationList]
    cusma_professions: tuple[CusmaProfession, ...]
    texts: Mapping[str, str] = attrs.field(factory=dict)
    steps: Mapping[str, Step] = attrs.field(factory=dict)
    general_notes: tuple[Note, ...] = ()
    # what the comparison says of a route whose agreement gives the spouse no permit of its
    # own (a general permit outside the agreement may still fit): manifest.toml
    no_spouse_permit: tuple[Note, ...] = ()
    changes: tuple[ContentChange, ...] = ()
    country_groups: Mapping[str, CountryGroup] = attrs.field(factory=dict)
    retired: Mapping[str, RetiredQuestion] = attrs.field(factory=dict)
    apply_at: Mapping[str, ApplyAt] = attrs.field(factory=dict)
    application: ApplicationContent | None = None
    questions_by_id: Mapping[str, Question] = attrs.field(init=False)
    question_order: Mapping[str, int] = attrs.field(init=False)
    cusma_by_key: Mapping[str, CusmaProfession] = attrs.field(init=False)

    @questions_by_id.default
    def _questions_by_id(self) -> Mapping[str, Question]:
        return {question.id: question for question in self.questions}

    @question_order.default
    def _question_order(self) -> Mapping[str, int]:
        return {question.id: index for index, question in enumerate(self.questions)}

    @cusma_by_key.default
    def _cusma_by_key(self) -> Mapping[str, CusmaProfession]:
        index: dict[str, CusmaProfession] = {}
        for profession in self.cusma_professions:
            for key in (profession.name, *profession.aliases):
                index[key.casefold()] = profession
        return index

    @property
    def categories(self) -> tuple[Category, ...]:
        return tuple(category for agreement in self.agreements for category in agreement.categories)

    def category(self, route_id: str) -> Category | None:
        for category in self.categories:
            if category.route_id == route_id:
                return category
        return None

    def spouse_routes(self, route_id: str) -> tuple[Category, ...]:
        """The spousal categories whose principal may hold ``route_id``."""
        return tuple(category for category in self.categories if route_id in category.principal)

    def agreement(self, agreement_id: str) -> Agreement:
        for agreement in self.agreements:
            if agreement.id == agreement_id:
                return agreement
        raise KeyError(agreement_id)

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country else code

    def country_in_text(self, code: str) -> str:
        """The country's name in a sentence: "a citizen of the United States"."""
        country = self.countries.get(code)
        return (country.in_text or country.name) if country else code
