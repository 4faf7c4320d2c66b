"""The checklist as Markdown (GitHub task lists): for a wiki, an e-mail or a pull request."""

from __future__ import annotations

import re

from ftawizard.export.checklist import DISCLAIMER, NO_ROUTE, Checklist, SourceRef, format_fee

# characters that are markup inside a line ("#" and "-" only start a line, which text never
# does here; "$" opens maths on some renderers)
_SPECIAL = re.compile(r"([\\`*_\[\]<>$~])")


def md(text: str) -> str:
    """``text`` with every character Markdown could read as markup escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def _cell(text: str) -> str:
    return md(text).replace("|", "\\|")


def _cite(checklist: Checklist, source: SourceRef) -> str:
    return f"\\[{checklist.source_number(source)}\\]"


def _only(routes: tuple[str, ...]) -> str:
    return f" *(only for {md(', '.join(routes))})*" if routes else ""


def render_checklist_markdown(checklist: Checklist) -> str:
    lines = [f"# {md(checklist.title)}", ""]
    rows = checklist.about_rows()
    lines += ["| | |", "|---|---|"]
    lines += [f"| {_cell(label)} | {_cell(value)} |" for label, value in rows]
    lines += ["", "## Routes", ""]
    if not checklist.routes:
        lines.append(md(NO_ROUTE))
    for route in checklist.routes:
        entry = (
            f"- **{md(route.agreement)} — {md(route.category)}** — exemption code "
            f"**{md(route.code_label)}**: {md(route.verdict_label)}; initial permit up to "
            f"{route.max_initial_months} months"
        )
        if route.still_to_answer:
            entry += f"; still to answer: {md(', '.join(route.still_to_answer))}"
        lines.append(entry)
    lines += ["", f"> {md(DISCLAIMER)}", ""]

    if checklist.documents:
        lines += [
            f"## Items ({checklist.ticked} of {len(checklist.documents)} ticked)",
            "",
        ]
    for group in checklist.groups:
        lines += [
            f"### {md(group.heading)} ({group.ticked} of {len(group.documents)} ticked)",
            "",
        ]
        for document in group.documents:
            tick = "x" if document.checked else " "
            lines.append(f"- [{tick}] **{md(document.title)}**{_only(document.routes)}  ")
            lines.append(f"  Why: {md(document.why)} {_cite(checklist, document.source)}")
            if document.check:
                lines[-1] += "  "
                lines.append(f"  **Check:** {md(document.check)}")
        lines.append("")

    if checklist.steps:
        lines += ["## Steps", ""]
        for number, step in enumerate(checklist.steps, start=1):
            lines.append(f"{number}. **{md(step.title)}** ({md(step.who)}){_only(step.routes)}  ")
            if step.fee is not None:
                lines.append(f"   Fee: **{md(format_fee(step.fee))}**  ")
            lines.append(f"   {md(step.text)} {_cite(checklist, step.source)}")
        lines.append("")

    if checklist.general_notes or checklist.route_notes:
        lines += ["## Notes", ""]
        for note in (*checklist.general_notes, *checklist.route_notes):
            prefix = f"*{md(', '.join(note.routes))}:* " if note.routes else ""
            lines.append(f"- {prefix}{md(note.text)} {_cite(checklist, note.source)}")
        lines.append("")

    if checklist.sources:
        lines += ["## Sources", ""]
        for number, source in enumerate(checklist.sources, start=1):
            title = md(source.title)
            linked = f"[{title}](<{source.url}>)" if source.url else title
            date = f" ({source.date.isoformat()})" if source.date else ""
            lines.append(f"{number}. {linked}{date}")
        lines.append("")
    return "\n".join(lines)
