"""The open routes side by side: one column per route, one row per thing worth comparing
(verdict, length, spouse permit, where to apply, documents, fees).

The table is built from the assessment the results screen already holds, after the screen
is mounted (not in ``compose``), and rebuilt only when the width changes the column widths.
Enter on a column opens the checklist of that one route; Escape goes back to the results.
"""

from __future__ import annotations

import attrs
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Footer, Header, Static

from ftawizard.content.models import Category, Content, Document
from ftawizard.engine.evaluate import Assessment, RouteResult, Verdict
from ftawizard.engine.flow import plan
from ftawizard.tui.display import VERDICT_SYMBOL, VERDICT_WORDS
from ftawizard.tui.screens.base import FullScreen

ORDER = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_INFO: 1, Verdict.NOT_ELIGIBLE: 2}
VERDICT_STYLE = {Verdict.ELIGIBLE: "bold green", Verdict.NEEDS_INFO: "bold yellow"}
MIN_COLUMN = 28  # narrower than this, a column wraps too much to read
MAX_COLUMN = 56
FIRST_DOCUMENTS = 6  # the document list shows this many, then "… n more"

ROWS = (
    "Agreement",
    "Category",
    "Code",
    "Verdict",
    "Initial permit",
    "Extensions",
    "Overall cap",
    "Spouse permit",
    "Where to apply",
    "Documents",
    "Document list",
    "Fees",
)


@attrs.frozen
class Column:
    """One route as the comparison shows it: a header and one cell per row of ``ROWS``."""

    route_id: str
    header: str
    cells: tuple[str, ...]


def open_routes(assessment: Assessment) -> list[RouteResult]:
    """The routes worth comparing: eligible or needing information, the principal's routes
    only (a spousal permit shows in its principal's column), eligible first."""
    routes = [
        route
        for route in assessment.routes
        if route.verdict is not Verdict.NOT_ELIGIBLE and not route.category.principal
    ]
    return sorted(routes, key=lambda route: ORDER[route.verdict])


def _short_title(document: Document) -> str:
    """A document's title without its explanation ("Proof of paid work experience")."""
    title = document.title
    cut = min((i for i in (title.find(": "), title.find(" (")) if i >= 12), default=-1)
    return title[:cut] if cut > 0 else title


def _fee_name(title: str) -> str:
    """What a fee is, from its step's title: "employer compliance fee" from "The employer
    pays the employer compliance fee"; "Biometrics fee" from "Biometrics fee, where …"."""
    if " pays the " in title:
        return title.split(" pays the ", 1)[1]
    return title.split(",", 1)[0]


def _spouse(content: Content, assessment: Assessment, route: RouteResult) -> str:
    spouses: tuple[Category, ...] = content.spouse_routes(route.route_id)
    if not spouses:
        # never a bare "none": a general spousal permit outside the agreement may still fit
        if not content.no_spouse_permit:
            return "None under this agreement"
        return "\n".join(
            f"{escape(note.text)} [dim]({escape(content.sources[note.source].title)}, "
            f"{content.sources[note.source].date})[/dim]"
            for note in content.no_spouse_permit
        )
    lines = []
    for category in spouses:
        name = f"{category.exemption_code} {category.name[:1].lower()}{category.name[1:]}"
        result = assessment.route(category.route_id)
        if result is None:
            excluded = next(
                (
                    entry
                    for entry in assessment.not_covered
                    if entry.category.route_id == category.route_id
                ),
                None,
            )
            why = f" [dim]({escape(excluded.text)})[/dim]" if excluded else ""
            lines.append(f"{VERDICT_SYMBOL[Verdict.NOT_ELIGIBLE]} Not covered: {escape(name)}{why}")
            continue
        verdict = f"{VERDICT_SYMBOL[result.verdict]} {VERDICT_WORDS[result.verdict]}"
        line = f"{verdict}: {escape(name)}"
        if result.verdict is Verdict.NOT_ELIGIBLE:
            failed = next((reason for reason in result.reasons if reason.met is False), None)
            if failed is not None:
                line += f" [dim]({escape(failed.text)})[/dim]"
        elif result.missing:
            needed = ", ".join(content.questions_by_id[q].label for q in result.missing[:3])
            line += f" [dim](still needed: {escape(needed)})[/dim]"
        lines.append(line)
    return "\n".join(lines)


def route_column(content: Content, assessment: Assessment, route: RouteResult) -> Column:
    from ftawizard.export.checklist import format_amount  # as the checklist writes amounts

    category = route.category
    former = "".join(f" (formerly {code.code})" for code in category.former_codes)
    symbol = VERDICT_SYMBOL[route.verdict]
    verdict = f"{symbol} {VERDICT_WORDS[route.verdict]}"
    style = VERDICT_STYLE.get(route.verdict)
    verdict = f"[{style}]{verdict}[/]" if style else verdict
    if route.missing:
        needed = ", ".join(content.questions_by_id[q].label for q in route.missing[:3])
        more = f" and {len(route.missing) - 3} more" if len(route.missing) > 3 else ""
        verdict += f"\n[dim]Still needed: {escape(needed)}{more}[/dim]"
    elif any(reason.officer_decides for reason in route.reasons):
        verdict += "\n[dim]An officer decides a point[/dim]"
    duration = category.duration
    if duration is not None:
        initial, extensions, total = duration.initial, duration.extensions, duration.total
    else:
        initial = f"Up to {category.max_initial_duration_months} months"
        extensions = total = "Not stated"
    place = content.apply_at.get(category.apply_at)
    documents = route.documents
    by_worker = sum(1 for document in documents if document.provided_by == "worker")
    count = f"{len(documents)} ({by_worker} from the worker, {len(documents) - by_worker} from the employer)"
    listed = [f"• {escape(_short_title(document))}" for document in documents[:FIRST_DOCUMENTS]]
    if len(documents) > FIRST_DOCUMENTS:
        listed.append(
            f"[dim]… and {len(documents) - FIRST_DOCUMENTS} more (Enter: checklist)[/dim]"
        )
    fees = [
        f"• {escape(format_amount(step.fee))} {escape(_fee_name(step.title))} ({step.who})"
        for step in route.steps
        if step.fee is not None
    ]
    cells = (
        escape(route.agreement.short),
        escape(category.name),
        f"{escape(category.exemption_code)}{former}",
        verdict,
        escape(initial),
        escape(extensions),
        escape(total),
        _spouse(content, assessment, route),
        escape(place.title) if place is not None else "Not stated",
        count if documents else "None listed",
        "\n".join(listed) if listed else "—",
        "\n".join(fees) if fees else "None listed",
    )
    header = f"{symbol} {route.agreement.short} {category.exemption_code}"
    return Column(route.route_id, header, cells)


def column_width(available: int, count: int) -> int:
    """The width of each route's column: as many columns as fit at ``MIN_COLUMN`` share the
    width (two at 80 columns, three at 120); the rest is reached by scrolling sideways."""
    fit = max(1, min(count, available // (MIN_COLUMN + 2)))
    return max(MIN_COLUMN, min(MAX_COLUMN, available // fit - 2))


class CompareScreen(FullScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back to the results"),
        Binding("enter", "choose", "Checklist for this route", priority=True),
    ]

    def __init__(self, assessment: Assessment | None = None) -> None:
        """``assessment``: the one the results screen shows (computed here if not given)."""
        super().__init__()
        self.assessment = assessment
        self.columns: list[Column] = []
        self._width = 0  # the column width the table was last built with

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="compare-intro")
        yield DataTable(id="compare", cursor_type="column", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from ftawizard.tui.app import FtaWizardApp

        app = self.app
        assert isinstance(app, FtaWizardApp)
        if self.assessment is None:
            self.assessment = plan(app.content, app.state.answers, today=app.today).assessment
        assessment = self.assessment
        routes = open_routes(assessment)
        self.columns = [route_column(app.content, assessment, route) for route in routes]
        keys = "← → move between routes, Enter opens the checklist of the highlighted route, Esc goes back."
        if len(routes) > 1:
            intro = f"[b]{len(routes)} routes are open.[/b] {keys}"
        elif routes:
            intro = f"[b]Only one route is open[/b], so there is nothing to compare it with. {keys}"
        else:
            intro = "[b]No route is open on these answers[/b], so there is nothing to compare. Esc goes back to the results."
        self.query_one("#compare-intro", Static).update(intro)
        table = self.query_one(DataTable)
        table.display = bool(routes)
        self._fill(self.size.width or app.size.width)
        table.focus()

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self._fill(event.size.width)

    def _fill(self, screen_width: int) -> None:
        """(Re)build the table for a screen ``screen_width`` wide, keeping the chosen route."""
        if not self.columns:
            return
        label_width = max(len(label) for label in ROWS) + 2
        width = column_width(screen_width - label_width - 2, len(self.columns))
        if width == self._width:
            return
        self._width = width
        table = self.query_one(DataTable)
        chosen = table.cursor_column
        table.clear(columns=True)
        for column in self.columns:
            table.add_column(column.header, width=width, key=column.route_id)
        for index, label in enumerate(ROWS):
            table.add_row(
                *(column.cells[index] for column in self.columns),
                height=None,
                label=f"[b]{label}[/b]",
                key=label,
            )
        table.move_cursor(column=min(chosen, len(self.columns) - 1), animate=False)

    # ------------------------------------------------------------------ actions
    @property
    def chosen_route(self) -> str | None:
        if not self.columns:
            return None
        table = self.query_one(DataTable)
        return self.columns[min(table.cursor_column, len(self.columns) - 1)].route_id

    def action_choose(self) -> None:
        self.open_checklist(self.chosen_route)

    @on(DataTable.ColumnSelected)
    def _column_selected(self, event: DataTable.ColumnSelected) -> None:
        event.stop()
        self.open_checklist(str(event.column_key.value))

    def open_checklist(self, route_id: str | None) -> None:
        from ftawizard.tui.screens.checklist import ChecklistScreen

        if route_id is None:
            self.app.bell()
            return
        self.app.push_screen(ChecklistScreen(self.assessment, route_ids=[route_id]))

    def action_back(self) -> None:
        self.app.pop_screen()
