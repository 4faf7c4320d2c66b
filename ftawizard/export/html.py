"""The checklist as one self-contained HTML page: no script, no external file, print-friendly.

Every piece of text is escaped. Ticked documents carry the ``checked`` attribute; the boxes
can still be ticked on screen (that is not saved: the session keeps the ticks).
"""

from __future__ import annotations

from html import escape

from ftawizard.export.checklist import (
    DISCLAIMER,
    NO_ROUTE,
    Checklist,
    ChecklistNote,
    SourceRef,
    format_fee,
)

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  font: 11pt/1.45 "DejaVu Sans", "Segoe UI", system-ui, -apple-system, Helvetica, Arial, sans-serif;
  color: #111; background: #fff; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
}
h1 { font-size: 1.6rem; margin: 0 0 .6rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #999; padding-bottom: .15rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; }
table.about { border-collapse: collapse; margin-bottom: .8rem; }
table.about th { text-align: left; font-weight: 600; padding: .1rem 1rem .1rem 0; vertical-align: top; white-space: nowrap; }
table.about td { padding: .1rem 0; }
ul.routes { padding-left: 1.2rem; }
.verdict { font-weight: 700; }
.disclaimer { border-left: 3px solid #999; padding: .2rem .8rem; color: #333; }
ul.documents { list-style: none; padding: 0; margin: 0; }
li.document { display: flex; gap: .6rem; align-items: flex-start; padding: .35rem 0; border-bottom: 1px dotted #ccc; }
li.document input { width: 1.1rem; height: 1.1rem; margin: .2rem 0 0; flex: none; }
li.document label { font-weight: 600; }
.why, .meta { color: #333; font-size: .92rem; margin: .1rem 0 0; }
.only { font-style: italic; font-weight: 400; }
ol.steps > li { margin-bottom: .6rem; }
.fee { font-weight: 700; }
.cite { font-size: .85em; }
a { color: #0645ad; }
ol.sources { font-size: .9rem; }
ol.sources a { word-break: break-all; }
@page { margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  li.document, ol.steps > li, ul.notes > li { break-inside: avoid; }
  li.document input { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def _e(text: str) -> str:
    return escape(text, quote=True)


def _cite(checklist: Checklist, source: SourceRef) -> str:
    number = checklist.source_number(source)
    return f'<a class="cite" href="#source-{number}" title="{_e(source.label)}">[{number}]</a>'


def _only(routes: tuple[str, ...]) -> str:
    return f' <span class="only">(only for {_e(", ".join(routes))})</span>' if routes else ""


def _note(checklist: Checklist, note: ChecklistNote) -> str:
    prefix = f"<em>{_e(', '.join(note.routes))}:</em> " if note.routes else ""
    return f"<li>{prefix}{_e(note.text)} {_cite(checklist, note.source)}</li>"


def render_checklist_html(checklist: Checklist) -> str:
    title = f"{checklist.title} — {checklist.subject}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="ftawizard">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(checklist.title)}</h1>",
    ]
    rows = checklist.about_rows()
    out.append('<table class="about">')
    out += [f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows]
    out.append("</table>")

    out.append('<section id="routes"><h2>Routes</h2>')
    if not checklist.routes:
        out.append(f"<p>{_e(NO_ROUTE)}</p>")
    else:
        out.append('<ul class="routes">')
        for route in checklist.routes:
            still = (
                f"; still to answer: {_e(', '.join(route.still_to_answer))}"
                if route.still_to_answer
                else ""
            )
            out.append(
                f'<li data-route="{_e(route.route_id)}"><strong>{_e(route.agreement)} — '
                f"{_e(route.category)}</strong> — exemption code "
                f"<strong>{_e(route.code_label)}</strong>: "
                f'<span class="verdict">{_e(route.verdict_label)}</span>; initial permit up to '
                f"{route.max_initial_months} months{still}</li>"
            )
        out.append("</ul>")
    out.append(f'<p class="disclaimer">{_e(DISCLAIMER)}</p></section>')

    if checklist.documents:
        out.append(
            f'<section id="documents"><h2>Items ({checklist.ticked} of '
            f"{len(checklist.documents)} ticked)</h2>"
        )
    for group in checklist.groups:
        out.append(
            f'<h3 id="group-{_e(group.group)}">{_e(group.heading)} '
            f"({group.ticked} of {len(group.documents)} ticked)</h3>"
        )
        out.append(f'<ul class="documents" data-group="{_e(group.group)}">')
        for document in group.documents:
            box_id = f"doc-{document.id}"
            checked = " checked" if document.checked else ""
            out.append(
                f'<li class="document" data-document="{_e(document.id)}">'
                f'<input type="checkbox" id="{_e(box_id)}"{checked}>'
                f'<div><label for="{_e(box_id)}">{_e(document.title)}</label>'
                f"{_only(document.routes)}"
                f'<p class="why">Why: {_e(document.why)} '
                f"{_cite(checklist, document.source)}</p>"
                + (f'<p class="check">Check: {_e(document.check)}</p>' if document.check else "")
                + "</div></li>"
            )
        out.append("</ul>")
    if checklist.documents:
        out.append("</section>")

    if checklist.steps:
        out.append('<section id="steps"><h2>Steps</h2><ol class="steps">')
        for step in checklist.steps:
            fee = (
                f'<p class="meta">Fee: <span class="fee">{_e(format_fee(step.fee))}</span></p>'
                if step.fee is not None
                else ""
            )
            out.append(
                f'<li data-step="{_e(step.id)}"><strong>{_e(step.title)}</strong> '
                f"({_e(step.who)}){_only(step.routes)}{fee}"
                f'<p class="meta">{_e(step.text)} {_cite(checklist, step.source)}</p></li>'
            )
        out.append("</ol></section>")

    if checklist.general_notes or checklist.route_notes:
        out.append('<section id="notes"><h2>Notes</h2><ul class="notes">')
        out += [_note(checklist, note) for note in checklist.general_notes]
        out += [_note(checklist, note) for note in checklist.route_notes]
        out.append("</ul></section>")

    if checklist.sources:
        out.append('<section id="sources"><h2>Sources</h2><ol class="sources">')
        for number, source in enumerate(checklist.sources, start=1):
            date = f" ({source.date.isoformat()})" if source.date else ""
            link = f'<br><a href="{_e(source.url)}">{_e(source.url)}</a>' if source.url else ""
            out.append(f'<li id="source-{number}">{_e(source.title)}{_e(date)}{link}</li>')
        out.append("</ol></section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)
