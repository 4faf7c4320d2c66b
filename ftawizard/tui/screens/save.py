"""Ctrl+S: give the session a name (it is saved after every answer anyway)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class SaveScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.current_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="save-dialog") as dialog:
            dialog.border_title = "Save the session"
            yield Static(
                "Your answers are saved after every step. Give this session a name to find it again:"
            )
            yield Input(value=self.current_name, id="session-name")
            yield Label("Enter saves · Esc cancels", classes="dialog-hint")

    @on(Input.Submitted, "#session-name")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
