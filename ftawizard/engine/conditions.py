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

OPERATORS: Mapping[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Context:
    """What a condition can see: the answers, the question defaults and the route's country."""

    __slots__ = ("content", "defaults_used", "order", "read", "route_country", "values")

    def __init__(
        self, content: m.Content, values: Mapping[str, object], route_country: str | None
    ) -> None:
        self.content = content
        self.values = values
        self.route_country = route_country
        self.defaults_used: set[str] = set()
        self.read: set[str] = set()  # every input the evaluation looked at
        # the same, in the order first looked at: the engine's memo follows this order
        self.order: list[str] = []

    def looked_at(self, question_id: str) -> None:
        if question_id not in self.read:
            self.read.add(question_id)
            self.order.append(question_id)

    def raw(self, question_id: str) -> object:
        """The answer as given (``None`` when not answered), without the question's default."""
        self.looked_at(question_id)
        return self.values.get(question_id)

    def value(self, question_id: str) -> object:
        if question_id not in self.read:
            self.read.add(question_id)
            self.order.append(question_id)
        if question_id in self.values:
            return self.values[question_id]
        question = self.content.questions_by_id.get(question_id)
        if question is not None and question.default is not None:
            self.defaults_used.add(question_id)
            return question.default
        return None


_UNKNOWN_CACHE: dict[str, Outcome] = {}


def _unknown(question_id: str) -> Outcome:
    outcome = _UNKNOWN_CACHE.get(question_id)
    if outcome is None:
        outcome = _UNKNOWN_CACHE[question_id] = Outcome(Status.UNKNOWN, frozenset({question_id}))
    return outcome


def _compare(op: str, left: object, right: object) -> bool:
    try:
        return bool(OPERATORS[op](left, right))
    except TypeError:
        return False


Evaluator = Callable[[Context], Outcome]
# Conditions are compiled once into closures (the engine evaluates thousands of answer
# sets a second in exhaustive checks). Keyed by id; the condition itself is kept alive
# alongside so an id is never reused for another object.
_COMPILED: dict[int, tuple[m.Condition, Evaluator]] = {}


def evaluate(condition: m.Condition | None, context: Context) -> Outcome:
    if condition is None:
        return TRUE
    entry = _COMPILED.get(id(condition))
    if entry is None or entry[0] is not condition:
        entry = _COMPILED[id(condition)] = (condition, _compile(condition))
    return entry[1](context)


def _compile(condition: m.Condition) -> Evaluator:
    match condition:
        case m.Compare(question=q, op=op, value=expected):
            compare = OPERATORS[op]

            def compare_value(context: Context) -> Outcome:
                value = context.value(q)
                if value is None:
                    return _unknown(q)
                try:
                    return TRUE if compare(value, expected) else FALSE
                except TypeError:
                    return FALSE

            return compare_value
        case m.CompareAnswers(question=q, op=op, other=other):

            def compare_answers(context: Context) -> Outcome:
                left = context.value(q)
                right = context.value(other)
                if left is None or right is None:
                    missing = frozenset(
                        name for name, value in ((q, left), (other, right)) if value is None
                    )
                    return Outcome(Status.UNKNOWN, missing)
                return TRUE if _compare(op, left, right) else FALSE

            return compare_answers
        case m.InSet(question=q, values=values):

            def in_set(context: Context) -> Outcome:
                value = context.value(q)
                if value is None:
                    return _unknown(q)
                return TRUE if value in values else FALSE

            return in_set
        case m.AtLeast(question=q, value=threshold):

            def at_least(context: Context) -> Outcome:
                value = context.value(q)
                if value is None:
                    return _unknown(q)
                question = context.content.questions_by_id[q]
                have = question.choice_index(value)
                need = question.choice_index(threshold)
                return TRUE if have is not None and need is not None and have >= need else FALSE

            return at_least
        case m.Answered(question=q, answered=wanted):

            def answered(context: Context) -> Outcome:
                context.looked_at(q)
                return TRUE if (q in context.values) == wanted else FALSE

            return answered
        case m.NeedsAnswer(question=q):
            return lambda context: TRUE if context.value(q) is not None else _unknown(q)
        case m.RouteCountry(countries=countries):

            def route_country(context: Context) -> Outcome:
                context.looked_at("@country")  # an input of the evaluation, like an answer
                return TRUE if context.route_country in countries else FALSE

            return route_country
        case m.AllOf(parts=parts):
            compiled = [_compile(part) for part in parts]
            return lambda context: _all([part(context) for part in compiled])
        case m.AnyOf(parts=parts):
            compiled = [_compile(part) for part in parts]
            return lambda context: _any([part(context) for part in compiled])
        case m.Not(part=part):
            inner_fn = _compile(part)

            def negate(context: Context) -> Outcome:
                inner = inner_fn(context)
                if inner is TRUE or inner.status is Status.TRUE:
                    return FALSE
                if inner is FALSE or inner.status is Status.FALSE:
                    return TRUE
                return inner

            return negate
        case m.Officer(text=text):
            outcome = Outcome(Status.OFFICER, officer=(text,))
            return lambda context: outcome
        case m.Always(value=value):
            constant = TRUE if value else FALSE
            return lambda context: constant
    raise TypeError(
        f"unknown condition {condition!r}"
    )  # pragma: no cover - the loader rejects these


def _first(outcomes: list[Outcome], status: Status) -> Outcome:
    """The first outcome with ``status``: its missing answers are the ones to ask next.

    Later parts often only matter once the earlier ones are answered (``academic_employer``
    after ``research_position``), so asking for the first unknown part keeps the wizard from
    asking questions that may turn out to be irrelevant.
    """
    first = next(outcome for outcome in outcomes if outcome.status is status)
    if status is not Status.OFFICER:
        return first
    officer: tuple[str, ...] = ()
    for outcome in outcomes:
        officer += outcome.officer
    return Outcome(status, first.missing, officer)


def _combine(
    outcomes: list[Outcome], decisive: Status, result: Outcome, otherwise: Outcome
) -> Outcome:
    """``all`` (decisive false) and ``any`` (decisive true): the decisive status wins, then
    unknown (an answer could still decide), then officer."""
    unknown = officer = False
    for outcome in outcomes:
        status = outcome.status
        if status is decisive:
            return result
        if status is Status.UNKNOWN:
            unknown = True
        elif status is Status.OFFICER:
            officer = True
    if unknown:
        return _first(outcomes, Status.UNKNOWN)
    if officer:
        return _first(outcomes, Status.OFFICER)
    return otherwise


def _all(outcomes: list[Outcome]) -> Outcome:
    return _combine(outcomes, Status.FALSE, FALSE, TRUE)


def _any(outcomes: list[Outcome]) -> Outcome:
    return _combine(outcomes, Status.TRUE, TRUE, FALSE)


def combine_all(outcomes: list[Outcome]) -> Outcome:
    """``all`` over already evaluated outcomes (used by rule kinds built in code)."""
    return _all(outcomes)


def deciding(condition: m.Condition | None, context: Context) -> tuple[str, ...]:
    """The answers that decide ``condition``'s outcome, true or false, in the condition's
    order: the ones whose change could change it. A false ``all`` is decided by its false
    parts, a true ``any`` by its true parts; the other way round, by every part. Used to say
    what could change a verdict, so it is worked out only for rules already evaluated (the
    answers it reads were read then)."""
    found: list[str] = []

    def walk(part: m.Condition) -> None:
        match part:
            case m.Compare(question=q) | m.InSet(question=q) | m.AtLeast(question=q):
                found.append(q)
            case m.Answered(question=q) | m.NeedsAnswer(question=q):
                found.append(q)
            case m.CompareAnswers(question=q, other=other):
                found.extend((q, other))
            case m.AllOf(parts=parts) | m.AnyOf(parts=parts):
                decisive = Status.FALSE if isinstance(part, m.AllOf) else Status.TRUE
                if evaluate(part, context).status is decisive:
                    parts = tuple(p for p in parts if evaluate(p, context).status is decisive)
                for inner in parts:
                    walk(inner)
            case m.Not(part=inner):
                walk(inner)

    if condition is not None:
        walk(condition)
    return tuple(dict.fromkeys(found))
