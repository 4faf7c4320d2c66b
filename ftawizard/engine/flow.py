"""The dependency-driven flow of the wizard: which question comes next.

"A checklist, not a flowchart": the next question is the first one, in the content's order,
that is marked ``always`` or that a still-open route needs (its ``missing`` answers, or a
follow-up it answered with a cautious default), and that the person has not answered yet.
Answers are keyed by question id and never thrown away: changing an earlier answer simply
changes which later questions matter, and answers that no longer matter are ignored (and
kept, in case the person changes their mind again).

Everything here is pure, so the TUI, the plain prompts and the tests share one flow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from ftawizard.content.models import Content, Question
from ftawizard.engine.answers import (
    UNKNOWN,
    AnswerError,
    Answers,
    check_answer,
    is_unknown,
    occupation_for,
    parse_answers,
    parse_date,
)
from ftawizard.engine.application import questions_needed
from ftawizard.engine.evaluate import Assessment, assess

# A raw answer that means "I have seen this optional question and have nothing to give".
NO_ANSWER = ""


@attrs.frozen
class Plan:
    """Where a person stands: the steps that matter, what comes next, and the result so far."""

    assessment: Assessment
    steps: tuple[Question, ...]  # every question that matters now, in flow order
    next: Question | None  # the first of them still unanswered; None when done
    errors: Mapping[str, str]  # question id -> why its stored answer is no longer valid

    @property
    def done(self) -> bool:
        return self.next is None and not self.errors

    def position(self, question_id: str) -> int | None:
        for index, question in enumerate(self.steps):
            if question.id == question_id:
                return index
        return None


def lenient_answers(
    content: Content, raw: Mapping[str, object], today: dt.date | None = None
) -> tuple[Answers, dict[str, str]]:
    """Parse what can be parsed; report each invalid answer instead of failing on the first.

    A stored answer can become invalid when an earlier one changes (a NOC 2016 code after the
    application date moves past 2022-11-16); the wizard shows it and asks again.
    """
    usable = {key: value for key, value in raw.items() if value != NO_ANSWER}
    errors: dict[str, str] = {}
    while True:
        try:
            return parse_answers(content, usable, today=today), errors
        except AnswerError as error:
            errors[error.field] = error.message
            usable.pop(error.field, None)


def plan(content: Content, raw: Mapping[str, object], today: dt.date | None = None) -> Plan:
    answers, errors = lenient_answers(content, raw, today)
    assessment = assess(content, answers)
    wanted: set[str] = set(assessment.missing)
    read: set[str] = set()
    for route in assessment.routes:
        read |= route.read
        wanted |= set(route.assumed)  # follow-ups answered by a default are still asked
    # the application questions that change the checklist now: after the eligibility ones
    # (their step comes last), while some route is eligible or needs information; never a
    # verdict (ftawizard/engine/application.py)
    wanted |= set(questions_needed(content, assessment))
    matters = {
        question.id
        for question in content.questions
        if question.always
        or question.id in wanted
        or question.id in errors
        or (question.id in raw and question.id in read)
    }
    steps = tuple(
        question
        for question in content.questions
        if question.id in matters or matters.intersection(question.ask_with)
    )
    unanswered = [question for question in steps if question.id not in raw or question.id in errors]
    return Plan(
        assessment=assessment,
        steps=steps,
        next=unanswered[0] if unanswered else None,
        errors=errors,
    )


def validate_answer(
    content: Content,
    question_id: str,
    value: object,
    raw: Mapping[str, object] | None = None,
    today: dt.date | None = None,
) -> object:
    """Check one answer as typed by a person; returns the value to store.

    ``raw`` (the other answers) lets a NOC code be checked against the application date.
    Raises ``AnswerError`` with a message meant for the person.
    """
    question = content.questions_by_id[question_id]
    if value == NO_ANSWER or value is None:
        if question.optional or question.default is not None:
            return NO_ANSWER
        raise AnswerError(question_id, "an answer is needed to go on")
    if is_unknown(value):
        if not question.unknown_allowed:
            raise AnswerError(question_id, "an answer is needed here (it cannot be left unknown)")
        return UNKNOWN
    canonical = check_answer(content, question, value)
    if question.type == "noc" and isinstance(canonical, str):
        stored_date = (raw or {}).get("application_date")
        on = (
            parse_date("application_date", stored_date)
            if stored_date
            else (today or dt.date.today())
        )
        occupation_for(content, canonical, on)
    if isinstance(canonical, dt.date):
        return canonical.isoformat()
    return canonical
