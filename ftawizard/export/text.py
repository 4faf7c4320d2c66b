"""Plain-text rendering of an assessment and of its checklist: no colour, meaning carried by
words and symbols."""

from __future__ import annotations

import datetime as dt
import textwrap

from ftawizard.content.models import Content
from ftawizard.content.rules_age import rules_age
from ftawizard.engine.advice import advice_lines
from ftawizard.engine.evaluate import Assessment, Reason, RouteResult, Verdict
from ftawizard.engine.results import VERDICT_ORDER
from ftawizard.export.checklist import DISCLAIMER, NO_ROUTE, Checklist, format_fee

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


def _route(content: Content, route: RouteResult, *, documents: bool = True) -> list[str]:
    category = route.category
    former = ", ".join(f"formerly {code.code}" for code in category.former_codes)
    code = f"{category.exemption_code} ({former})" if former else category.exemption_code
    lines = [
        f"{route.agreement.short} — {category.name} — exemption code {code}",
        f"  {VERDICT_WORDS[route.verdict]}   initial permit up to {category.max_initial_duration_months} months",
    ]
    if category.duration is not None and route.verdict is not Verdict.NOT_ELIGIBLE:
        length = category.duration
        lines.append(
            _wrap(f"length: {length.initial}; {length.extensions}; {length.total}", "    ")
        )
    place = content.apply_at.get(category.apply_at)
    if place is not None and route.verdict is not Verdict.NOT_ELIGIBLE:
        lines.append(_wrap(f"where to apply: {place.text}", "    "))
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
        lines.append(f"    ({met} other {'criterion' if met == 1 else 'criteria'} met)")
    if route.missing:
        # the person's words first, the answer key (for an answers file) in brackets
        needed = [f"{content.questions_by_id[q].label} ({q})" for q in route.missing]
        lines.append(_wrap("still needed: " + ", ".join(needed), "    "))
    for note in route.notes:
        lines.append(_wrap(f"note: {note.text}", "    "))
    if documents and route.verdict is not Verdict.NOT_ELIGIBLE and route.documents:
        lines.append("    documents:")
        for provider in ("worker", "employer"):
            for document in route.documents:
                if document.provided_by == provider:
                    lines.append(_wrap(f"[ ] ({provider}) {document.title}", "      "))
    return lines


def render_assessment(
    content: Content,
    assessment: Assessment,
    *,
    documents: bool = True,
    today: dt.date | None = None,
) -> str:
    """The verdicts with their reasons; ``documents=False`` leaves each route's document list
    out (for a report followed by the full checklist, as in plain mode). ``today`` (default:
    the application date) is the day the report is made: with the application date, it says
    whether the rules may be out of date."""
    answers = assessment.answers
    age = rules_age(content, assessment.as_of, today or assessment.as_of)
    lines = [
        f"ftawizard assessment — applications received on {assessment.as_of.isoformat()} — content {content.version}",
        age.line,
    ]
    if age.notice:
        lines.append(_wrap(f"NOTICE: {age.notice}", ""))
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
        if any(route.verdict is Verdict.NEEDS_INFO for route in assessment.routes):
            lines.append(
                "No route is confirmed yet on these answers; see below what each one needs."
            )
        else:
            lines.append("No route is open on these answers; see below which criteria are not met.")
            advice = advice_lines(content, assessment)
            if advice:
                lines.append(_wrap(advice[0], ""))
                lines.extend(_wrap(f"• {line}", "  ") for line in advice[1:])
                lines.append("")
    for route in sorted(assessment.routes, key=lambda route: VERDICT_ORDER[route.verdict]):
        lines.extend(_route(content, route, documents=documents))
        lines.append("")
    for entry in assessment.not_covered:
        lines.append(
            _wrap(f"{entry.agreement.short} — {entry.category.name}: not covered. {entry.text}", "")
        )
    if assessment.not_covered:
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the checklist


def _wrap_block(text: str, indent: str, hang: str = "") -> list[str]:
    """``text`` wrapped to the page width; continuation lines indented by ``hang`` more."""
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


WIDTH = 88
TICKS = {True: "[x]", False: "[ ]"}


def _field(label: str, value: str) -> list[str]:
    return _wrap_block(f"{label + ':':<15} {value}", "", " " * 16)


def _heading(text: str) -> list[str]:
    return [text, "=" * len(text)]


def _only(routes: tuple[str, ...]) -> str:
    return f" (only for {', '.join(routes)})" if routes else ""


def render_checklist_text(checklist: Checklist) -> str:
    """The checklist as plain text (UTF-8, 88 columns, no colour): for a terminal, a file or
    a printer. Ticks are ``[x]`` and ``[ ]``; verdicts are words with a symbol."""
    lines = [*_heading(f"{checklist.title} — ftawizard"), ""]
    for label, value in checklist.about_rows(narrow=True):
        lines += _field(label, value)
    lines.append("")
    if not checklist.routes:
        lines += _wrap_block(NO_ROUTE, "")
    for route in checklist.routes:
        lines += _wrap_block(
            f"{route.agreement} — {route.category} — exemption code {route.code_label}", "", "  "
        )
        lines.append(
            f"  {VERDICT_WORDS[route.verdict]}   initial permit up to "
            f"{route.max_initial_months} months"
        )
        if route.still_to_answer:
            lines += _wrap_block("still to answer: " + ", ".join(route.still_to_answer), "  ", "  ")
    lines += ["", *_wrap_block(DISCLAIMER, ""), ""]

    total = len(checklist.documents)
    if total:
        lines += [*_heading(f"Items — {checklist.ticked} of {total} ticked"), ""]
    for group in checklist.groups:
        lines.append(f"{group.heading} ({group.ticked} of {len(group.documents)} ticked)")
        for document in group.documents:
            lines += _wrap_block(
                f"{TICKS[document.checked]} {document.title}{_only(document.routes)}", "  ", "    "
            )
            cite = checklist.source_number(document.source)
            lines += _wrap_block(f"Why: {document.why} [{cite}]", "      ", "  ")
            if document.check:
                lines += _wrap_block(f"Check: {document.check}", "      ", "  ")
        lines.append("")

    if checklist.steps:
        lines += [*_heading("Steps"), ""]
        for number, step in enumerate(checklist.steps, start=1):
            lines += _wrap_block(
                f"{number}. [{step.who}] {step.title}{_only(step.routes)}", "  ", "     "
            )
            if step.fee is not None:
                lines += _wrap_block(f"Fee: {format_fee(step.fee)}", "     ", "  ")
            lines += _wrap_block(f"{step.text} [{checklist.source_number(step.source)}]", "     ")
        lines.append("")

    if checklist.general_notes or checklist.route_notes:
        lines += [*_heading("Notes"), ""]
        for note in (*checklist.general_notes, *checklist.route_notes):
            prefix = f"{', '.join(note.routes)}: " if note.routes else ""
            cite = checklist.source_number(note.source)
            lines += _wrap_block(f"• {prefix}{note.text} [{cite}]", "  ", "  ")
        lines.append("")

    if checklist.sources:
        lines += [*_heading("Sources (the numbers in brackets above)"), ""]
        for number, source in enumerate(checklist.sources, start=1):
            lines += _wrap_block(f"[{number}] {source.label}", "  ", "    ")
            if source.url:
                lines.append(f"      {source.url}")
        lines.append("")
    return "\n".join(lines)
