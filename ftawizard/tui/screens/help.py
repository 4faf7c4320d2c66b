"""Help for the question on screen: why it is asked, its source, and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ftawizard.content.models import Question

KEYS = (
    "Enter  confirm the answer and go on      Esc  back to the previous question\n"
    "↑ ↓    move in a list                     Ctrl+R  results so far\n"
    "Ctrl+P command palette (every action)     Ctrl+Q  quit\n"
    "F1 / ? this help                          Ctrl+L  the step list"
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,f1,question_mark", "dismiss", "Close")]

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        from ftawizard.engine.flow import plan
        from ftawizard.engine.wording import (
            question_find_out,
            question_help,
            question_prompt,
            question_sources,
        )
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        app = self.app
        content, answers, question = app.content, app.state.answers, self.question
        routes = plan(content, answers, today=app.today).assessment.routes
        sources = [
            content.sources[source] for source in question_sources(content, question, routes)
        ]
        find_out = question_find_out(content, question, answers) if question.unknown_allowed else ""
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = f"Help — {question.label}"
            yield Static(
                f"[b]{question_prompt(content, question, answers)}[/b]\n\n"
                f"{question_help(content, question, answers)}"
                + (f"\n\n[b]If you don't know[/b]: {find_out}" if find_out else "")
            )
            for source in sources:
                yield Static(f"\n[b]Source[/b]: {source.title} ({source.date})\n{source.url}")
            yield Static(f"\n[b]Keys[/b]\n{KEYS}\n\n[dim]Esc or Enter closes this help.[/dim]")
