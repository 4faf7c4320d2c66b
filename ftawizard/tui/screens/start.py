"""The start screen: begin as the worker or as the employer, or read about the tool."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

INTRO = (
    "[b]Can a worker from a free-trade-agreement country get a Canadian work permit "
    "without an LMIA?[/b]\n\n"
    "Answer a few questions about the worker and the job. ftawizard checks every route "
    "(CPTPP, CUSMA, Canada–Peru FTA), explains each verdict with its source, and ends with "
    "the checklist of documents.\n"
    "[dim]It explains the published rules; it is not legal advice, and the officer decides.[/dim]"
)


class StartScreen(Screen[None]):
    BINDINGS = [
        Binding("w", "start('worker')", "As the worker"),
        Binding("e", "start('employer')", "As the employer"),
        Binding("a", "app.about", "About"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static(INTRO, id="intro")
            yield OptionList(
                Option("Start as the worker            (w)", id="worker"),
                Option("Start as the Canadian employer (e)", id="employer"),
                Option("About ftawizard and its sources (a)", id="about"),
                Option("Quit                           (q)", id="quit"),
                id="start-menu",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#start-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice in ("worker", "employer"):
            self.action_start(choice)
        elif choice == "about":
            self.app.run_action("about")
        else:
            self.app.exit()

    def action_start(self, perspective: str) -> None:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        self.app.start(perspective)
