"""Four-valued evaluation of content conditions.

A condition is *true*, *false*, *unknown* (an answer is missing: ``missing`` says which one
to ask next) or *officer* (the source leaves it to an officer). ``all`` lets false win, then
unknown, then officer; ``any`` lets true win, then unknown, then officer. So a missing answer
that could still decide the outcome is asked for before "an officer decides" is reported.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ftawizard.content import models as m


class Status(enum.Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"
    OFFICER = "officer"


@attrs.frozen
class Outcome:
    status: Status
    missing: frozenset[str] = frozenset()
    officer: tuple[str, ...] = ()


TRUE = Outcome(Status.TRUE)
FALSE = Outcome(Status.FALSE)

_OPERATORS: Mapping[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Context:
    """What a condition can see: the answers, the question defaults and the route's country."""

    __slots__ = ("content", "defaults_used", "read", "route_country", "values")

    def __init__(
        self, content: m.Content, values: Mapping[str, object], route_country: str | None
    ) -> None:
        self.content = content
        self.values = values
        self.route_country = route_country
        self.defaults_used: set[str] = set()
        self.read: set[str] = set()  # every question the evaluation looked at

    def value(self, question_id: str) -> object:
        self.read.add(question_id)
        if question_id in self.values:
            return self.values[question_id]
        question = self.content.questions_by_id.get(question_id)
        if question is not None and question.default is not None:
            self.defaults_used.add(question_id)
            return question.default
        return None


def _unknown(question_id: str) -> Outcome:
    return Outcome(Status.UNKNOWN, frozenset({question_id}))


def _compare(op: str, left: object, right: object) -> bool:
    try:
        return bool(_OPERATORS[op](left, right))
    except TypeError:
        return False


def evaluate(condition: m.Condition | None, context: Context) -> Outcome:
    if condition is None:
        return TRUE
    match condition:
        case m.Compare(question=q, op=op, value=expected):
            value = context.value(q)
            if value is None:
                return _unknown(q)
            return TRUE if _compare(op, value, expected) else FALSE
        case m.CompareAnswers(question=q, op=op, other=other):
            left = context.value(q)
            right = context.value(other)
            missing = frozenset(
                name for name, value in ((q, left), (other, right)) if value is None
            )
            if missing:
                return Outcome(Status.UNKNOWN, missing)
            return TRUE if _compare(op, left, right) else FALSE
        case m.InSet(question=q, values=values):
            value = context.value(q)
            if value is None:
                return _unknown(q)
            return TRUE if value in values else FALSE
        case m.AtLeast(question=q, value=threshold):
            value = context.value(q)
            if value is None:
                return _unknown(q)
            question = context.content.questions_by_id[q]
            have = question.choice_index(value)
            need = question.choice_index(threshold)
            return TRUE if have is not None and need is not None and have >= need else FALSE
        case m.Answered(question=q, answered=wanted):
            context.read.add(q)
            return TRUE if (q in context.values) == wanted else FALSE
        case m.NeedsAnswer(question=q):
            return TRUE if context.value(q) is not None else _unknown(q)
        case m.RouteCountry(countries=countries):
            return TRUE if context.route_country in countries else FALSE
        case m.AllOf(parts=parts):
            return _all([evaluate(part, context) for part in parts])
        case m.AnyOf(parts=parts):
            return _any([evaluate(part, context) for part in parts])
        case m.Not(part=part):
            inner = evaluate(part, context)
            if inner.status is Status.TRUE:
                return FALSE
            if inner.status is Status.FALSE:
                return TRUE
            return inner
        case m.Officer(text=text):
            return Outcome(Status.OFFICER, officer=(text,))
        case m.Always(value=value):
            return TRUE if value else FALSE
    raise TypeError(
        f"unknown condition {condition!r}"
    )  # pragma: no cover - the loader rejects these


def _first(outcomes: list[Outcome], status: Status) -> Outcome:
    """The first outcome with ``status``: its missing answers are the ones to ask next.

    Later parts often only matter once the earlier ones are answered (``academic_employer``
    after ``research_position``), so asking for the first unknown part keeps the wizard from
    asking questions that may turn out to be irrelevant.
    """
    officer: tuple[str, ...] = ()
    for outcome in outcomes:
        officer += outcome.officer
    first = next(outcome for outcome in outcomes if outcome.status is status)
    return Outcome(status, first.missing, officer if status is Status.OFFICER else ())


def _all(outcomes: list[Outcome]) -> Outcome:
    statuses = {outcome.status for outcome in outcomes}
    if Status.FALSE in statuses:
        return FALSE
    for status in (Status.UNKNOWN, Status.OFFICER):
        if status in statuses:
            return _first(outcomes, status)
    return TRUE


def _any(outcomes: list[Outcome]) -> Outcome:
    statuses = {outcome.status for outcome in outcomes}
    if Status.TRUE in statuses:
        return TRUE
    for status in (Status.UNKNOWN, Status.OFFICER):
        if status in statuses:
            return _first(outcomes, status)
    return FALSE


def combine_all(outcomes: list[Outcome]) -> Outcome:
    """``all`` over already evaluated outcomes (used by rule kinds built in code)."""
    return _all(outcomes)
