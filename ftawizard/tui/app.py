"""The Textual application: holds the content, the session state and the search indexes,
and wires the screens together. Rules live in the engine; words live in the content tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ftawizard import __version__
from ftawizard.content.models import Content
from ftawizard.sessions.state import WizardState


class FtaWizardApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "ftawizard"
    SUB_TITLE = "LMIA-exempt work permits under Canada's free trade agreements"
    BINDINGS = [
        Binding("f2", "about", "About", show=False),
    ]

    def __init__(
        self,
        content: Content | None = None,
        state: WizardState | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        if content is None:
            from ftawizard.content import load_default_content

            content = load_default_content()
        self.content = content
        self.state = state or WizardState()
        self.today = today or dt.date.today()

    def on_mount(self) -> None:
        from ftawizard.tui.screens.start import StartScreen

        self.push_screen(StartScreen())

    # ------------------------------------------------------------------ session
    def start(self, perspective: str) -> None:
        """A new assessment, as the worker or as the employer."""
        from ftawizard.tui.screens.wizard import WizardScreen

        self.state = WizardState(answers={"perspective": perspective})
        self.push_screen(WizardScreen())

    def continue_wizard(self) -> None:
        from ftawizard.tui.screens.wizard import WizardScreen

        self.push_screen(WizardScreen())

    def answers_changed(self) -> None:
        """Called after every accepted answer (sessions hook in here to autosave)."""

    # ------------------------------------------------------------------ searches
    def search_countries(self, query: str) -> list[tuple[str, str]]:
        from ftawizard.content.occupations import search_countries

        return [
            (country.code, f"{country.name} ({country.code})")
            for country in search_countries(self.content, query)
        ]

    def search_occupations(self, query: str) -> list[tuple[str, str]]:
        from ftawizard.content.occupations import occupation_index

        date = self.state.answers.get("application_date")
        on = dt.date.fromisoformat(date) if isinstance(date, str) and date else self.today
        system = "noc2021" if on >= self.content.noc_switch_date else "noc2016"
        results = []
        for match in occupation_index(self.content).search(query, limit=30, system=system):
            label = f"{match.code}  {match.title} · {match.level}"
            if match.matched and match.matched.casefold() != match.title.casefold():
                label += f"\n      e.g. {match.matched}"
            results.append((match.code, label))
        return results

    def search_cusma_professions(self, query: str) -> list[tuple[str, str]]:
        from ftawizard.content.occupations import search_cusma_professions

        return [
            (profession.name, profession.name)
            for profession in search_cusma_professions(self.content, query)
        ]

    # ------------------------------------------------------------------ actions
    def action_about(self) -> None:
        from ftawizard.tui.screens.about import AboutScreen

        self.push_screen(AboutScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "New assessment as the worker",
            "Start again, answering as the worker",
            lambda: self.start("worker"),
        )
        yield SystemCommand(
            "New assessment as the employer",
            "Start again, answering as the employer",
            lambda: self.start("employer"),
        )
        yield SystemCommand(
            "About ftawizard",
            f"Version {__version__}, content {self.content.version}, agreements and sources",
            self.action_about,
        )
        from ftawizard.tui.screens.results import ResultsScreen
        from ftawizard.tui.screens.wizard import WizardScreen

        if isinstance(screen, WizardScreen):
            yield SystemCommand("Next question", "Confirm the answer on screen", screen.action_next)
            yield SystemCommand("Back", "Go to the previous question", screen.action_back)
            yield SystemCommand(
                "Help for this question", "Why it is asked, and its source", screen.action_help
            )
            yield SystemCommand(
                "Show the results", "Every route's verdict so far", screen.action_results
            )
            if screen.current_plan is not None:
                for step in screen.current_plan.steps:
                    yield SystemCommand(
                        f"Go to step: {step.label}",
                        step.prompt,
                        lambda step_id=step.id: screen.go_to(step_id),
                        discover=False,
                    )
        if isinstance(screen, ResultsScreen):
            yield SystemCommand(
                "Show the checklist",
                "Documents to gather for the open routes",
                screen.action_checklist,
            )
            yield SystemCommand("Back to the questions", "Change an answer", screen.action_back)
