"""Texts of the content as a person reads them: placeholders filled from the answers, and
words chosen for the perspective (the worker, or the Canadian employer).

Two kinds of tokens, both in braces, may appear in question texts, rule texts and the
manifest's sentences:

- answer placeholders in questions: ``{province}`` (the province or territory answered, or
  "the province or territory where the work is done" before it is), ``{citizenship}`` and
  ``{canadian_business}`` (the Canadian business the worker would work for, named after the
  purpose: "the Canadian client" for a service contract);
- perspective tokens, for texts that speak about the worker: a pair ``{worker's
  words|employer's words}`` ("{You are|The worker is} a citizen of {country}"), or one of
  the short forms of ``PERSPECTIVE_TOKENS`` ("{You are}", "{your}"), which read "You are"
  for the worker and "The worker is" for the employer.

``unknown_tokens`` lists what a text holds beyond the known tokens: ``content check`` reports
them (a misspelt token would otherwise reach people verbatim).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ftawizard.content.models import Content, Question, condition_questions
from ftawizard.content.tokens import (
    PERSPECTIVE_TOKENS,
    QUESTION_PLACEHOLDERS,
    TOKEN,
    perspective_words,
    unknown_tokens,
)
from ftawizard.content.validate import IMPLICIT_READS
from ftawizard.engine.results import RouteResult, Verdict

__all__ = [
    "PERSPECTIVE_TOKENS",
    "QUESTION_PLACEHOLDERS",
    "fill_question_text",
    "perspective_of",
    "question_find_out",
    "question_help",
    "question_prompt",
    "question_sources",
    "speak",
    "unknown_tokens",
]

Perspective = str  # "worker" or "employer"

# the province or territory in a sentence, where its name takes an article
PROVINCE_IN_TEXT = {"NT": "the Northwest Territories"}

# the Canadian business the worker would work for, by purpose
CANADIAN_BUSINESS = {
    "service_contract": "the Canadian client of the contract",
    "self_employed_contract": "the Canadian client of the contract",
    "trade": "the Canadian business they would work for",
    "investment": "the Canadian business they would work for",
}
ANY_CANADIAN_BUSINESS = "the Canadian business that would employ them"

NO_PROVINCE = "the province or territory where the work is done"


def perspective_of(raw: Mapping[str, object]) -> Perspective:
    """The perspective the answers were given from ("worker" unless "employer")."""
    return "employer" if raw.get("perspective") == "employer" else "worker"


def speak(text: str, perspective: Perspective) -> str:
    """``text`` with its perspective tokens resolved; other braces are left as they are."""
    if "{" not in text:
        return text
    employer = perspective == "employer"

    def resolve(match: re.Match[str]) -> str:
        words = perspective_words(match.group(1), employer)
        return match.group(0) if words is None else words

    return TOKEN.sub(resolve, text)


def question_values(content: Content, raw: Mapping[str, object]) -> dict[str, str]:
    """The values of the answer placeholders of question texts."""
    purpose = raw.get("purpose")
    values = {
        "province": NO_PROVINCE,
        "citizenship": "the worker's country",
        "canadian_business": CANADIAN_BUSINESS.get(str(purpose), ANY_CANADIAN_BUSINESS),
    }
    province_question = content.questions_by_id.get("province")
    province = raw.get("province")
    if province_question is not None and province_question.choice_index(province) is not None:
        values["province"] = PROVINCE_IN_TEXT.get(
            str(province), province_question.choice_label(province)
        )
    citizenship = raw.get("citizenship")
    if isinstance(citizenship, str) and citizenship.upper() in content.countries:
        values["citizenship"] = content.country_in_text(citizenship.upper())
    return values


def fill_question_text(content: Content, text: str, raw: Mapping[str, object]) -> str:
    """A question's text with its placeholders filled from the answers given so far."""
    if "{" not in text:
        return text
    values = question_values(content, raw)

    def resolve(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return speak(TOKEN.sub(resolve, text), perspective_of(raw))


def question_prompt(content: Content, question: Question, raw: Mapping[str, object]) -> str:
    """What the question asks, filled in: "… from the regulator of Ontario?"."""
    return fill_question_text(content, question.prompt, raw)


def question_help(content: Content, question: Question, raw: Mapping[str, object]) -> str:
    return fill_question_text(content, question.help, raw)


def question_find_out(content: Content, question: Question, raw: Mapping[str, object]) -> str:
    """How to find the answer a person does not know (empty when the content has none)."""
    return fill_question_text(content, question.find_out, raw)


def question_sources(
    content: Content, question: Question, routes: Iterable[RouteResult]
) -> list[str]:
    """The sources to cite for ``question``: those of the rules that read it in the
    person's routes (``RouteResult``s, those not closed first), so a U.S. nurse's help cites
    the CUSMA page, not the CPTPP one; the question's own source for a question asked of
    everyone, or when no route reads it."""
    if question.always:
        return [question.source]  # (asked of everyone: its own, general source)
    reads = _rule_reads(content)
    found: list[str] = []
    ordered = sorted(routes, key=lambda route: route.verdict is Verdict.NOT_ELIGIBLE)
    for route in ordered:
        for source, questions in reads.get(id(route.category), ()):
            if question.id in questions and source not in found:
                found.append(source)
    return found[:3] or [question.source]


_READS: dict[int, tuple[Content, dict[int, list[tuple[str, frozenset[str]]]]]] = {}


def _rule_reads(content: Content) -> dict[int, list[tuple[str, frozenset[str]]]]:
    """Per category (by identity): each rule's source and the questions it reads."""
    entry = _READS.get(id(content))
    if entry is None or entry[0] is not content:
        table: dict[int, list[tuple[str, frozenset[str]]]] = {}
        professions: frozenset[str] = frozenset().union(
            *(
                condition_questions(profession.credentials)
                | condition_questions(profession.requires)
                for profession in content.cusma_professions
            )
        )
        for category in content.categories:
            table[id(category)] = [
                (
                    rule.source,
                    condition_questions(rule.test)
                    | condition_questions(rule.applies_when)
                    | IMPLICIT_READS.get(rule.kind, frozenset())
                    | (professions if rule.kind == "cusma_profession" else frozenset()),
                )
                for rule in category.rules
            ]
        if len(_READS) > 4:
            _READS.clear()
        entry = _READS[id(content)] = (content, table)
    return entry[1]
