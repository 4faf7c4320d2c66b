"""The checklist as a PDF (fpdf2, pure Python), with DejaVu Sans embedded so that every name
prints as written ("Perú", "Québec", "Canada–Peru"), on US Letter paper.

The same checklist and date give the same bytes: the creation date is the day the checklist
was made, and nothing else in the file depends on the clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

from ftawizard.export.checklist import (
    DISCLAIMER,
    NO_ROUTE,
    Checklist,
    ChecklistNote,
    SourceRef,
    format_fee,
)

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
BOXES = {True: "☑", False: "☐"}
MUTED = (70, 70, 70)
BLACK = (0, 0, 0)
LINK = (6, 69, 173)


class _Page(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="letter")
        self.footer_text = footer_text
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            if not (FONTS / name).is_file():
                raise FileNotFoundError(
                    f"the font {FONTS / name} is missing from this installation of ftawizard, "
                    "so no PDF can be made (reinstall ftawizard, or use --format text or html)"
                )
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()} of {{nb}}", align=Align.C)

    # ---------------------------------------------------------------- text helpers
    def text_block(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        indent: float = 0,
        color: tuple[int, int, int] = BLACK,
        link: str | None = None,
        gap: float = 0,
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            self.epw - indent,
            size * 0.5,
            text,
            align=Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            link=link,
        )
        if gap:
            self.ln(gap)

    def height_of(
        self, text: str, *, size: float = 10, bold: bool = False, indent: float = 0
    ) -> float:
        self.set_font(FONT, "B" if bold else "", size)
        height = self.multi_cell(
            self.epw - indent,
            size * 0.5,
            text,
            align=Align.L,
            dry_run=True,
            output=MethodReturnValue.HEIGHT,
        )
        assert isinstance(height, float | int)
        return float(height)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` more millimetres fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str, size: float = 13) -> None:
        self.keep(size * 2.2)
        self.ln(3)
        self.text_block(text, size=size, bold=True)
        y = self.get_y() + 0.6
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, y, self.l_margin + self.epw, y)
        self.ln(2.5)

    def field(self, label: str, value: str) -> None:
        self.set_font(FONT, "B", 9.5)
        self.set_text_color(*BLACK)
        self.cell(34, 4.75, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_font(FONT, "", 9.5)
        self.multi_cell(
            self.epw - 34, 4.75, value, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )


def _cite(checklist: Checklist, source: SourceRef) -> str:
    return f"[{checklist.source_number(source)}]"


def _note_text(checklist: Checklist, note: ChecklistNote) -> str:
    prefix = f"{', '.join(note.routes)}: " if note.routes else ""
    return f"• {prefix}{note.text} {_cite(checklist, note.source)}"


def render_checklist_pdf(checklist: Checklist) -> bytes:
    pdf = _Page(
        f"ftawizard {checklist.title.lower()} · made on {checklist.made_on.isoformat()} · "
        f"content {checklist.content_version}"
    )
    pdf.set_title(f"{checklist.title} — {checklist.subject}")
    pdf.set_subject(checklist.subject)
    pdf.set_author("ftawizard")
    pdf.set_creator("ftawizard")
    pdf.set_lang("en")
    made = dt.datetime.combine(checklist.made_on, dt.time(), tzinfo=dt.UTC)
    pdf.set_creation_date(made)
    pdf.add_page()

    pdf.text_block(checklist.title, size=18, bold=True, gap=2)
    for label, value in checklist.about_rows(narrow=True):
        pdf.field(label, value)

    pdf.heading("Routes")
    if not checklist.routes:
        pdf.text_block(NO_ROUTE)
    for route in checklist.routes:
        pdf.text_block(
            f"{route.agreement} — {route.category} — exemption code {route.code_label}",
            bold=True,
        )
        still = (
            f"; still to answer: {', '.join(route.still_to_answer)}"
            if route.still_to_answer
            else ""
        )
        pdf.text_block(
            f"{route.verdict_label}; initial permit up to {route.max_initial_months} months{still}",
            indent=4,
            gap=1,
        )
    pdf.ln(1)
    pdf.text_block(DISCLAIMER, size=8.5, color=MUTED)

    if checklist.documents:
        pdf.heading(f"Items — {checklist.ticked} of {len(checklist.documents)} ticked")
    for group in checklist.groups:
        pdf.keep(16)
        pdf.text_block(
            f"{group.heading} ({group.ticked} of {len(group.documents)} ticked)",
            size=11,
            bold=True,
            gap=1.5,
        )
        for document in group.documents:
            title = document.title
            only = f"Only for {', '.join(document.routes)}" if document.routes else ""
            why = f"Why: {document.why} {_cite(checklist, document.source)}"
            check = f"Check: {document.check}" if document.check else ""
            pdf.keep(
                pdf.height_of(title, bold=True, indent=7)
                + (pdf.height_of(only, size=8.5, indent=7) if only else 0)
                + pdf.height_of(why, size=8.5, indent=7)
                + (pdf.height_of(check, size=8.5, indent=7) if check else 0)
                + 2
            )
            top = pdf.get_y()
            pdf.set_font(FONT, "", 13)
            pdf.set_text_color(*BLACK)
            pdf.set_xy(pdf.l_margin, top - 1)
            pdf.cell(7, 6, BOXES[document.checked])
            pdf.set_y(top)
            pdf.text_block(title, bold=True, indent=7)
            if only:
                pdf.text_block(only, size=8.5, bold=True, indent=7, color=MUTED)
            pdf.text_block(why, size=8.5, indent=7, color=MUTED, gap=0 if check else 2)
            if check:
                pdf.text_block(check, size=8.5, bold=True, indent=7, color=MUTED, gap=2)

    if checklist.steps:
        pdf.heading("Steps")
        for number, step in enumerate(checklist.steps, start=1):
            title = f"{number}. {step.title} ({step.who})"
            only = f"Only for {', '.join(step.routes)}" if step.routes else ""
            fee = f"Fee: {format_fee(step.fee)}" if step.fee is not None else ""
            text = f"{step.text} {_cite(checklist, step.source)}"
            pdf.keep(
                pdf.height_of(title, bold=True)
                + (pdf.height_of(only, size=8.5, indent=5) if only else 0)
                + (pdf.height_of(fee, size=9.5, bold=True, indent=5) if fee else 0)
                + pdf.height_of(text, size=8.5, indent=5)
                + 2
            )
            pdf.text_block(title, bold=True)
            if only:
                pdf.text_block(only, size=8.5, bold=True, indent=5, color=MUTED)
            if fee:
                pdf.text_block(fee, size=9.5, bold=True, indent=5)
            pdf.text_block(text, size=8.5, indent=5, color=MUTED, gap=2)

    notes = [*checklist.general_notes, *checklist.route_notes]
    if notes:
        pdf.heading("Notes")
        for note in notes:
            text = _note_text(checklist, note)
            pdf.keep(pdf.height_of(text, size=9) + 1.5)
            pdf.text_block(text, size=9, gap=1.5)

    if checklist.sources:
        pdf.heading("Sources")
        for number, source in enumerate(checklist.sources, start=1):
            label = f"[{number}] {source.label}"
            pdf.keep(pdf.height_of(label, size=8.5) + 9)
            pdf.text_block(label, size=8.5)
            if source.url:
                pdf.text_block(source.url, size=7, indent=6, color=LINK, link=source.url, gap=1.5)
    return bytes(pdf.output())
