"""How verdicts read on screen (words and symbols, never colour alone)."""

from __future__ import annotations

from ftawizard.content.models import Duration
from ftawizard.engine.evaluate import Reason, Verdict
from ftawizard.export.words import answer_text

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


def length_text(duration: Duration) -> str:
    """The initial length, the extensions and the overall cap, in one line."""
    return " · ".join(
        part for part in (duration.initial, duration.extensions, duration.total) if part
    )


__all__ = [
    "VERDICT_CLASS",
    "VERDICT_SYMBOL",
    "VERDICT_WORDS",
    "answer_text",
    "length_text",
    "reason_mark",
]
