"""The application checklist: every form, document, fee and step for the open routes (or for
one route chosen in the comparison), for the worker and each family member, in the groups of
every format (application, identity and travel, eligibility evidence, medical exam and
biometrics, family, employer, fees and totals); tickable; exported (text, Markdown, HTML,
PDF) or printed from the export dialog (e). The items are those of ``build_checklist``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Header, Label, Static

from ftawizard.engine.evaluate import Assessment
from ftawizard.engine.flow import plan
from ftawizard.export.checklist import Checklist
from ftawizard.tui.screens.base import FullScreen
from ftawizard.tui.screens.export_dialog import ExportDialog, ExportRequest
from ftawizard.tui.widgets.tickbox import TickBox


class ChecklistScreen(FullScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back to the results"),
        Binding("e", "export", "Export or print"),
        # with no route open there is nothing to export: e says so instead
        Binding("e", "nothing_to_export", "Export or print", show=False),
    ]
    DEFAULT_CSS = """
    #export-status {
        margin: 1 0 0 0;
        text-style: bold;
    }
    """

    def __init__(
        self, assessment: Assessment | None = None, route_ids: Sequence[str] | None = None
    ) -> None:
        """``assessment``: the one the results show (computed here if not given);
        ``route_ids``: only these routes (default: every open route)."""
        super().__init__()
        self.assessment: Assessment | None = assessment
        self.route_ids: tuple[str, ...] | None = tuple(route_ids) if route_ids else None
        self.last_export: Path | None = None
        self._later: Iterator[tuple[Widget, int]] | None = None  # mounted after the 1st frame
        self.complete = False  # every document is mounted
        self.has_routes = True  # some route's documents are listed (else nothing to export)
        self._ids: dict[str, str] = {}  # tick box id -> checklist item id

    def compose(self) -> ComposeResult:
        from ftawizard.export.checklist import RouteChoiceError, build_checklist
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        app = self.app
        content = app.content
        assessment = self.assessment
        if assessment is None:
            assessment = plan(content, app.state.answers, today=app.today).assessment
            self.assessment = assessment
        checked = frozenset(app.state.checked)
        try:
            checklist = build_checklist(
                content, assessment, checked, route_ids=self.route_ids, made_on=app.today
            )
        except RouteChoiceError:  # the route chosen is no longer open: every open route
            self.route_ids = None
            checklist = build_checklist(content, assessment, checked, made_on=app.today)
        self.has_routes = bool(checklist.routes)
        yield Header()
        with VerticalScroll(id="checklist"):
            if checklist.routes:
                names = ", ".join(
                    f"{route.agreement} {route.category.lower()} ({route.code})"
                    for route in checklist.routes
                )
                chosen = (
                    "\n[dim]Only the route chosen in the comparison (Esc goes back to it); "
                    "the checklist from the results covers every open route.[/dim]"
                    if self.route_ids is not None
                    else ""
                )
                yield Static(
                    f"[b]Application checklist for:[/b] {escape(names)}{chosen}\n"
                    "[dim]Every form, document, fee and step, for you and your family; "
                    "Space or Enter ticks an item; ticks are kept with the session.[/dim]",
                    id="checklist-for",
                )
            else:
                yield Static(
                    "[b]No route is open, so there is no checklist yet[/b], and nothing to export or print. The results say what would change that.",
                    id="checklist-for",
                )
            # the items that fill the terminal are in the first frame; the others are built
            # and mounted right after it, below the fold
            items = self._items(checklist)
            rows = 6  # the header and the lines above the documents
            for widget, height in items:
                yield widget
                rows += height
                if rows > app.size.height:
                    self._later = items
                    break
        yield Footer()

    def _items(self, checklist: Checklist) -> Iterator[tuple[Widget, int]]:
        """Each group's title, then each item's tick box, why it applies, what to check
        where a fact is not confirmed, and its source: (widget, about how many rows)."""
        width = max(self.app.size.width - 8, 20)
        for group in checklist.groups:
            yield (
                Label(f"{group.heading} ({len(group.documents)})", classes="group-title"),
                2,
            )
            for document in group.documents:
                only = f" (only for {', '.join(document.routes)})" if document.routes else ""
                widget_id = "doc-" + document.id.replace(":", "--")
                self._ids[widget_id] = document.id
                yield (
                    TickBox(document.title + only, value=document.checked, id=widget_id),
                    1 + len(document.title + only) // width,
                )
                check = f"\n[b]Check:[/b] {escape(document.check)}" if document.check else ""
                source = document.source.label
                yield (
                    Static(
                        f"{escape(document.why)}{check}\n[dim]{escape(source)}[/dim]",
                        classes="why",
                    ),
                    3
                    + len(document.why) // width
                    + len(document.check) // width
                    + (1 if document.check else 0)
                    + len(source) // width,
                )

    def on_mount(self) -> None:
        if self._later is not None:
            self.call_after_refresh(self._mount_later)
        else:
            self.complete = True

    async def _mount_later(self) -> None:
        later, self._later = self._later, None
        if later is not None:
            await self.query_one("#checklist").mount_all([widget for widget, _ in later])
        self.complete = True

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        widget_id = event.checkbox.id or ""
        document_id = self._ids.get(widget_id, widget_id.removeprefix("doc-"))
        if event.value:
            self.app.state.checked.add(document_id)
        else:
            self.app.state.checked.discard(document_id)
        self.app.answers_changed()

    def action_back(self) -> None:
        self.app.pop_screen()

    # ------------------------------------------------------------------ export and print
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.has_routes
        if action == "nothing_to_export":
            return not self.has_routes
        return True

    def action_nothing_to_export(self) -> None:
        self._say("No route is open, so there is no checklist to export or print.")
        self.notify(
            "No route is open, so there is no checklist to export or print.",
            title="Nothing to export",
            severity="warning",
        )

    def _say(self, message: str) -> None:
        """``message`` on the screen, above the documents (it stays)."""
        status = self.query("#export-status")
        if status:
            status.first(Static).update(message)
        else:
            self.query_one("#checklist", VerticalScroll).mount(
                Static(message, id="export-status", markup=False), before=0
            )

    def action_export(self) -> None:
        from ftawizard.export.command import default_path
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        if self.last_export is not None:
            suggested = self.last_export
        else:
            suggested = default_path("pdf", self.app.today)
        self.app.push_screen(ExportDialog(suggested), self._exported)

    def _exported(self, request: ExportRequest | None) -> None:
        if request is not None:
            self.export(request)

    @work(thread=True, exclusive=True, group="export")
    def export(self, request: ExportRequest) -> None:
        """Write the checklist as ``request`` asks (and print it), off the interface thread:
        a printer command may take its time."""
        from ftawizard.export.checklist import build_checklist
        from ftawizard.export.command import render, write
        from ftawizard.export.printer import send_to_printer
        from ftawizard.tui.app import FtaWizardApp

        app = self.app
        assert isinstance(app, FtaWizardApp)
        assessment = self.assessment or plan(app.content, app.state.answers, app.today).assessment
        checklist = build_checklist(
            app.content,
            assessment,
            frozenset(app.state.checked),
            route_ids=self.route_ids,
            made_on=app.today,
        )
        try:
            written = write(render(checklist, request.format), request.path)
        except OSError as error:
            reason = str(error) if isinstance(error, FileNotFoundError) else error.strerror
            reason = reason or str(error)
            app.call_from_thread(
                self._report, f"Not written to {request.path}: {reason}", None, True
            )
            return
        message, failed = f"Checklist written to {written}", False
        if request.send_to_printer:
            result = send_to_printer(written)
            message, failed = result.message, not result.printed
        app.call_from_thread(self._report, message, written, failed)

    def _report(self, message: str, written: Path | None, failed: bool) -> None:
        """Say where the file went: on the screen (it stays) and as a notification."""
        if written is not None:
            self.last_export = written
        self._say(message)
        self.notify(
            message,
            title="Not printed"
            if failed and written
            else ("Not exported" if failed else "Exported"),
            severity="error" if failed else "information",
            timeout=10,
        )
