"""The checklist: documents for the open routes, grouped by who provides them, tickable."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Label, Static

from ftawizard.content.models import Document
from ftawizard.engine.evaluate import Verdict
from ftawizard.engine.flow import plan
from ftawizard.tui.widgets.tickbox import TickBox

PROVIDERS = {"worker": "From the worker", "employer": "From the employer"}


class ChecklistScreen(Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back to the results")]

    def compose(self) -> ComposeResult:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        app = self.app
        content = app.content
        assessment = plan(content, app.state.answers, today=app.today).assessment
        routes = [route for route in assessment.routes if route.verdict is Verdict.ELIGIBLE]
        if not routes:
            routes = [route for route in assessment.routes if route.verdict is Verdict.NEEDS_INFO]
        documents: dict[str, Document] = {}
        for route in routes:
            for document in route.documents:
                documents.setdefault(document.id, document)
        perspective = app.state.perspective
        providers = sorted(PROVIDERS, key=lambda provider: provider != perspective)
        yield Header()
        with VerticalScroll(id="checklist"):
            if routes:
                names = ", ".join(
                    f"{route.agreement.short} {route.category.name.lower()} ({route.category.exemption_code})"
                    for route in routes
                )
                yield Static(
                    f"[b]Documents for:[/b] {names}\n[dim]Space or Enter ticks an item; ticks are kept with the session.[/dim]",
                    id="checklist-for",
                )
            else:
                yield Static(
                    "[b]No route is open, so there is no checklist yet.[/b] The results say what would change that.",
                    id="checklist-for",
                )
            for provider in providers:
                group = [
                    document for document in documents.values() if document.provided_by == provider
                ]
                if not group:
                    continue
                yield Label(f"{PROVIDERS[provider]} ({len(group)})", classes="group-title")
                for document in group:
                    source = content.sources[document.source]
                    yield TickBox(
                        document.title,
                        value=document.id in app.state.checked,
                        id=f"doc-{document.id}",
                    )
                    yield Static(
                        f"{document.why}\n[dim]{source.title} ({source.date})[/dim]", classes="why"
                    )
        yield Footer()

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        document_id = (event.checkbox.id or "").removeprefix("doc-")
        if event.value:
            self.app.state.checked.add(document_id)
        else:
            self.app.state.checked.discard(document_id)
        self.app.answers_changed()

    def action_back(self) -> None:
        self.app.pop_screen()
