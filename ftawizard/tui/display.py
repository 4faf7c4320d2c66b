"""How answers and verdicts read on screen (words and symbols, never colour alone)."""

from __future__ import annotations

from ftawizard.content.models import Content, Question
from ftawizard.engine.evaluate import Reason, Verdict
from ftawizard.engine.flow import NO_ANSWER

VERDICT_SYMBOL = {Verdict.ELIGIBLE: "✓", Verdict.NOT_ELIGIBLE: "✗", Verdict.NEEDS_INFO: "?"}
VERDICT_WORDS = {
    Verdict.ELIGIBLE: "Eligible",
    Verdict.NOT_ELIGIBLE: "Not eligible",
    Verdict.NEEDS_INFO: "Needs information",
}
VERDICT_CLASS = {
    Verdict.ELIGIBLE: "eligible",
    Verdict.NOT_ELIGIBLE: "not-eligible",
    Verdict.NEEDS_INFO: "needs-info",
}


def reason_mark(reason: Reason) -> str:
    if reason.officer_decides:
        return "⚖ officer decides"
    return {True: "✓ met", False: "✗ not met", None: "? unknown"}[reason.met]


def answer_text(content: Content, question: Question, value: object) -> str:
    """An answer as a person reads it: "Mexico", "Yes", "21300 Civil engineers"…"""
    if value is None:
        return ""
    if value == NO_ANSWER:
        return "—"
    if question.type == "bool":
        return "Yes" if value else "No"
    if question.type == "choice":
        return question.choice_label(value)
    if question.type == "country" and isinstance(value, str):
        return content.country_name(value.upper())
    if question.type == "noc" and isinstance(value, str):
        group = content.noc2021.get(value)
        if group is not None:
            return f"{value} {group.title_en}"
        old = content.noc2016.get(value)
        return f"{value} {old.title}" if old else value
    if question.type == "number" and isinstance(value, int | float):
        number = f"{value:g}"
        return f"{number} {question.unit}".strip()
    return str(value)
