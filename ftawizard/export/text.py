"""Plain-text rendering of an assessment: no colour, meaning carried by words and symbols."""

from __future__ import annotations

import textwrap

from ftawizard.content.models import Content
from ftawizard.engine.evaluate import Assessment, Reason, RouteResult, Verdict

VERDICT_WORDS = {
    Verdict.ELIGIBLE: "[✓] ELIGIBLE",
    Verdict.NOT_ELIGIBLE: "[✗] NOT ELIGIBLE",
    Verdict.NEEDS_INFO: "[?] NEEDS INFORMATION",
}


def _reason_mark(reason: Reason) -> str:
    if reason.officer_decides:
        return "[officer decides]"
    return {True: "[met]", False: "[not met]", None: "[unknown]"}[reason.met]


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent + "  ")


def _route(content: Content, route: RouteResult) -> list[str]:
    category = route.category
    former = ", ".join(f"formerly {code.code}" for code in category.former_codes)
    code = f"{category.exemption_code} ({former})" if former else category.exemption_code
    lines = [
        f"{route.agreement.short} — {category.name} — exemption code {code}",
        f"  {VERDICT_WORDS[route.verdict]}   initial permit up to {category.max_initial_duration_months} months",
    ]
    ordered = sorted(route.reasons, key=lambda reason: {False: 0, None: 1, True: 2}[reason.met])
    if route.verdict is Verdict.NOT_ELIGIBLE:
        # what failed is the news; the criteria that were met would only bury it
        met = sum(1 for reason in ordered if reason.met is True)
        ordered = [reason for reason in ordered if reason.met is False]
    for reason in ordered:
        source = content.sources[reason.source]
        lines.append(_wrap(f"{_reason_mark(reason)} {reason.text}", "    "))
        lines.append(_wrap(f"source: {source.title} ({source.date})", "        "))
    if route.verdict is Verdict.NOT_ELIGIBLE and met:
        lines.append(f"    ({met} other criteria met)")
    if route.missing:
        prompts = [content.questions_by_id[q].id for q in route.missing]
        lines.append(_wrap("still needed: " + ", ".join(prompts), "    "))
    for note in route.notes:
        lines.append(_wrap(f"note: {note.text}", "    "))
    if route.verdict is not Verdict.NOT_ELIGIBLE and route.documents:
        lines.append("    documents:")
        for provider in ("worker", "employer"):
            for document in route.documents:
                if document.provided_by == provider:
                    lines.append(_wrap(f"[ ] ({provider}) {document.title}", "      "))
    return lines


def render_assessment(content: Content, assessment: Assessment) -> str:
    answers = assessment.answers
    lines = [
        f"ftawizard assessment — applications received on {assessment.as_of.isoformat()} — content {content.version}"
    ]
    if answers.occupation is not None:
        occupation = answers.occupation
        system = "NOC 2021" if occupation.system == "noc2021" else "NOC 2016"
        lines.append(
            f"Occupation: {system} {occupation.code} {occupation.title} ({occupation.level_label})"
        )
    for warning in answers.warnings:
        lines.append(f"warning: {warning}")
    lines.append("")
    if not assessment.routes:
        lines.append("No route is open for this citizenship and permanent residence.")
    open_routes = [route for route in assessment.routes if route.verdict is Verdict.ELIGIBLE]
    if assessment.routes and not open_routes:
        lines.append("No route is open yet on these answers; see below what each one needs.")
    for route in assessment.routes:
        lines.extend(_route(content, route))
        lines.append("")
    for entry in assessment.not_covered:
        lines.append(
            _wrap(f"{entry.agreement.short} — {entry.category.name}: not covered. {entry.text}", "")
        )
    if assessment.not_covered:
        lines.append("")
    return "\n".join(lines)
