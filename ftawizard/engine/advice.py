"""What could change the outcome when no route is open: the answers that decide the criteria
not met, each with the routes it closes.

Derived from the reasons of the routes (each rule not met names the answers that decide it,
``Reason.deciding``), so that the advice names what actually failed for these answers — a
nurse without the provincial licence is told "Licence", not "the purpose of the stay, the
occupation, education or experience". The results screen, plain mode and ``assess --format
text`` show the same lines.
"""

from __future__ import annotations

import attrs

from ftawizard.content import models as m
from ftawizard.engine.conditions import Status
from ftawizard.engine.results import Assessment, Verdict

INTRO = "What could change the outcome — the answers behind the criteria not met:"


@attrs.frozen
class Change:
    """One answer that decides a criterion not met, and the routes that criterion closes."""

    question: str
    label: str
    routes: tuple[str, ...]  # "CUSMA T36", in the assessment's order


def what_could_change(content: m.Content, assessment: Assessment) -> tuple[Change, ...]:
    """The answers behind the criteria not met, in the questions' order; empty unless every
    route is closed (a route still open or undecided says what it needs itself)."""
    routes = assessment.routes
    if not routes or any(route.verdict is not Verdict.NOT_ELIGIBLE for route in routes):
        return ()
    closing: dict[str, list[str]] = {}
    for route in routes:
        name = f"{route.agreement.short} {route.category.exemption_code}"
        for reason in route.reasons:
            if reason.status is not Status.FALSE:
                continue
            for question in reason.deciding:
                names = closing.setdefault(question, [])
                if name not in names:
                    names.append(name)
    order = content.question_order
    last = len(content.questions)
    return tuple(
        Change(question, _label(content, question), tuple(names))
        for question, names in sorted(closing.items(), key=lambda item: order.get(item[0], last))
    )


def _label(content: m.Content, question: str) -> str:
    found = content.questions_by_id.get(question)
    return found.label if found is not None else question


def _routes_text(names: tuple[str, ...]) -> str:
    """("CUSMA T36", "CUSMA T37", "GATS T33") -> "CUSMA T36, T37; GATS T33"."""
    codes: dict[str, list[str]] = {}
    for name in names:
        agreement, _, code = name.rpartition(" ")
        codes.setdefault(agreement, []).append(code)
    return "; ".join(f"{agreement} {', '.join(found)}" for agreement, found in codes.items())


def advice_lines(content: m.Content, assessment: Assessment) -> tuple[str, ...]:
    """The advice in words: an introduction, then one line per answer ("Licence — CUSMA
    T36; GATS T33"); empty when there is none to give."""
    changes = what_could_change(content, assessment)
    if not changes:
        return ()
    return (INTRO, *(f"{change.label} — {_routes_text(change.routes)}" for change in changes))
