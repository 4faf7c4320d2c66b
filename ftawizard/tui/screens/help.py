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
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        source = self.app.content.sources[self.question.source]
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = f"Help — {self.question.label}"
            yield Static(f"[b]{self.question.prompt}[/b]\n\n{self.question.help}")
            yield Static(f"\n[b]Source[/b]: {source.title} ({source.date})\n{source.url}")
            yield Static(f"\n[b]Keys[/b]\n{KEYS}\n\n[dim]Esc or Enter closes this help.[/dim]")
