"""Check your answers: every answer that decides the results, on one screen, before them.

As GOV.UK services and docassemble's review blocks do: each answer on a line of its own,
Enter (or a click) on a line changes that answer — the wizard asks it, then comes back here
— and "See the results" (or r) goes on. Nothing is decided here: the wizard screen asks, the
engine checks.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ftawizard.tui.screens.base import FullScreen

RESULTS = "results"  # what the screen returns to see the results (else: a question id)


class ReviewScreen(FullScreen[str]):
    """Returns the id of the question to change, or ``RESULTS``."""

    BINDINGS = [
        Binding("r", "results", "See the results"),
        Binding("escape", "back", "Back to the questions"),
    ]

    def __init__(self, lines: list[tuple[str, str, str]]) -> None:
        """``lines``: (question id, label, answer as read) of every step, in flow order."""
        super().__init__(id="review")
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review-body"):
            yield Label("Check your answers", classes="panel-title", id="review-title")
            yield Static(
                "These answers decide the results. Enter on an answer changes it (you come "
                "back here afterwards); r, or the button, shows the results.",
                id="review-intro",
            )
            yield OptionList(
                *[
                    Option(Content.assemble((f"{label}: ", "bold"), answer), id=question_id)
                    for question_id, label, answer in self.lines
                ],
                id="review-answers",
            )
            with Horizontal(id="review-nav"):
                yield Button("See the results →", "primary", id="review-results", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        answers = self.query_one("#review-answers", OptionList)
        answers.highlighted = None  # Enter alone changes nothing: it needs a line chosen
        answers.focus()

    @on(OptionList.OptionSelected, "#review-answers")
    def _change(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    @on(Button.Pressed, "#review-results")
    def _results_pressed(self) -> None:
        self.action_results()

    def action_results(self) -> None:
        self.dismiss(RESULTS)

    def action_back(self) -> None:
        self.dismiss(self.lines[-1][0] if self.lines else RESULTS)
