"""What an assessment says: a verdict for every route, each with the reasons behind it.

Plain frozen values, built by ``ftawizard.engine.evaluate.assess`` and read by the exports,
the screens and the plain prompts.
"""

from __future__ import annotations

import datetime as dt
import enum
import string
from collections.abc import Callable, Mapping

import attrs

from ftawizard.content import models as m
from ftawizard.content.tokens import perspective_words
from ftawizard.engine.answers import Answers
from ftawizard.engine.conditions import Status


class Verdict(enum.Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_INFO = "needs_info"


# the order in which results show routes: the open ones, the undecided ones, the closed ones
VERDICT_ORDER = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_INFO: 1, Verdict.NOT_ELIGIBLE: 2}


_FORMATTER = string.Formatter()
_ENDS_SENTENCE = (".", "!", "?", "…")


def join_text(left: str, right: str) -> str:
    """``left`` followed by ``right``, with one full stop where they meet: a sentence of the
    content that ends with its own full stop, followed by a template's "." or by another
    sentence ending the same way, does not give ".."."""
    if right.startswith(".") and not right.startswith("..") and left.endswith(_ENDS_SENTENCE):
        return left + right[1:]
    return left + right


def fill(template: str, values: Mapping[str, str]) -> str:
    """A content sentence with its placeholders ({agreement}, {noc_title}, …) filled in, and
    its perspective tokens worded for ``values["perspective"]`` (the worker's words unless it
    is "employer"). An unknown placeholder stays visible instead of failing; a value that ends
    a sentence is not followed by the template's own full stop ("… is not enough.. Your
    answers" reads "… is not enough. Your answers")."""
    if "{" not in template:
        return template
    employer = values.get("perspective") == "employer"
    text = ""
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        text = join_text(text, literal)
        if field is None:
            continue
        if field in values:
            value = values[field]
            if conversion is not None:
                value = _FORMATTER.convert_field(value, conversion)
            text += format(value, spec) if spec else str(value)
        elif (words := perspective_words(field, employer)) is not None:
            text += words
        else:
            text += (
                "{"
                + field
                + ("!" + conversion if conversion else "")
                + (":" + spec if spec else "")
                + "}"
            )
    return text


def join_sentences(*parts: str) -> str:
    """Sentences joined with a space, none of them empty, with one full stop where a
    sentence ending with one is followed by one."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        text = (
            join_text(text, part) if part.startswith(".") else (f"{text} {part}" if text else part)
        )
    return text


@attrs.frozen
class Reason:
    """One rule's outcome for one route, with the sentence that explains it and its source."""

    rule: str
    status: Status
    template: str  # the content's sentence; filled in only when the text is read
    source: str
    missing: frozenset[str] = frozenset()
    values: Mapping[str, str] | Callable[[], Mapping[str, str]] = attrs.field(
        factory=dict, eq=False
    )
    extra: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    suffix: str = ""
    # a rule not met: the answers that decide it (answered otherwise, they could meet it)
    deciding: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        values = self.values() if callable(self.values) else self.values
        values = {**values, **self.extra} if self.extra else values
        text = fill(self.template, values)
        # (the officer's words of a condition may hold perspective tokens too)
        return join_sentences(text, fill(self.suffix, values)) if self.suffix else text

    @property
    def met(self) -> bool | None:
        if self.status is Status.TRUE:
            return True
        if self.status is Status.FALSE:
            return False
        return None

    @property
    def officer_decides(self) -> bool:
        return self.status is Status.OFFICER


@attrs.frozen
class RouteDetails:
    """Everything that explains a route's verdict."""

    reasons: tuple[Reason, ...]
    documents: tuple[m.Document, ...]
    notes: tuple[m.Note, ...]
    steps: tuple[m.Step, ...] = ()
    assumed: tuple[str, ...] = ()  # follow-ups answered by their cautious default
    read: frozenset[str] = frozenset()  # questions this route's evaluation looked at


@attrs.frozen
class OpenedRoute:
    """A route, and the country that opens it for the answers (None: citizenship not known)."""

    agreement: m.Agreement
    category: m.Category
    country: str | None
    how: str | None  # "citizen" or "resident"


@attrs.frozen
class RouteResult:
    """One route's verdict, the answers it still needs, and what explains it."""

    route: OpenedRoute
    verdict: Verdict
    missing: tuple[str, ...]
    details: RouteDetails = attrs.field(eq=False, repr=False)

    @property
    def category(self) -> m.Category:
        return self.route.category

    @property
    def agreement(self) -> m.Agreement:
        return self.route.agreement

    @property
    def route_country(self) -> str | None:
        return self.route.country

    @property
    def route_id(self) -> str:
        return self.route.category.route_id

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.details.reasons

    @property
    def documents(self) -> tuple[m.Document, ...]:
        return self.details.documents

    @property
    def notes(self) -> tuple[m.Note, ...]:
        return self.details.notes

    @property
    def steps(self) -> tuple[m.Step, ...]:
        return self.details.steps

    @property
    def assumed(self) -> tuple[str, ...]:
        return self.details.assumed

    @property
    def read(self) -> frozenset[str]:
        return self.details.read


@attrs.frozen
class NotCoveredRoute:
    """A route the person's country is said not to open, with the source that says so."""

    category: m.Category
    agreement: m.Agreement
    text: str
    source: str


@attrs.frozen
class Assessment:
    answers: Answers
    routes: tuple[RouteResult, ...]
    not_covered: tuple[NotCoveredRoute, ...]
    missing: tuple[str, ...]  # every question some undecided route still needs, in flow order
    general_notes: tuple[m.Note, ...] = ()  # notes of the sources that apply to every route

    @property
    def as_of(self) -> dt.date:
        return self.answers.application_date

    def route(self, route_id: str) -> RouteResult | None:
        for route in self.routes:
            if route.route_id == route_id:
                return route
        return None
