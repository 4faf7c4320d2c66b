"""How answers read to a person, shared by every front-end (no UI imports)."""

from __future__ import annotations

from ftawizard.content.models import Content, Question
from ftawizard.engine.answers import is_unknown, number_text_for
from ftawizard.engine.flow import NO_ANSWER

UNKNOWN_TEXT = "I don't know"


def answer_text(
    content: Content,
    question: Question,
    value: object,
    *,
    unanswered: str = "",
    skipped: str = "—",
    with_code: bool = False,
) -> str:
    """An answer as a person reads it: "Mexico", "Yes", "21300 Civil engineers"…

    ``with_code`` adds a country's code ("Mexico (MX)"), for line-by-line transcripts.
    """
    if value is None:
        return unanswered
    if value == NO_ANSWER:
        return skipped
    if is_unknown(value):
        return UNKNOWN_TEXT
    if question.type == "bool":
        return "Yes" if value else "No"
    if question.type == "choice":
        return question.choice_label(value)
    if question.type == "country" and isinstance(value, str):
        name = content.country_name(value.upper())
        return f"{name} ({value.upper()})" if with_code else name
    if question.type == "noc" and isinstance(value, str):
        group = content.noc2021.get(value)
        if group is not None:
            return f"{value} {group.title_en}"
        old = content.noc2016.get(value)
        return f"{value} {old.title}" if old else value
    if question.type == "number" and isinstance(value, int | float):
        return number_text_for(question, value)
    return str(value)
