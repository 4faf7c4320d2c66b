"""The wizard: one screen that shows the current question, the steps and the live routes.

The screen is reused for every question (only the answer widget is swapped), so moving
between questions never builds a new screen. The flow engine decides which question comes
next; this screen only words things and moves the person around.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Static

from ftawizard.content.models import Question
from ftawizard.engine.answers import AnswerError
from ftawizard.engine.evaluate import Verdict
from ftawizard.engine.flow import NO_ANSWER, Plan, plan, validate_answer
from ftawizard.tui.display import VERDICT_SYMBOL, answer_text
from ftawizard.tui.messages import AnswerGiven, StepChosen
from ftawizard.tui.widgets.answers import AnswerWidget, OptionsAnswer, PickerAnswer, TextAnswer
from ftawizard.tui.widgets.routes import RoutesPanel
from ftawizard.tui.widgets.steps import StepList

if TYPE_CHECKING:
    from ftawizard.tui.app import FtaWizardApp

STEP_TITLES = {
    "perspective": "Role",
    "nationality": "Nationality",
    "occupation": "Occupation",
    "purpose": "Purpose",
    "employment": "Employment",
    "transfer": "Transfer",
    "business": "Trade/investment",
    "services": "Service contract",
    "education": "Education",
    "experience": "Experience",
    "wage": "Wage",
    "regulation": "Licensing",
    "language": "Language",
    "spouse": "Spouse",
}


class WizardScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("f1,question_mark", "help", "Help", key_display="F1"),
        Binding("ctrl+n", "next", "Next", show=False),
        Binding("ctrl+r", "results", "Results"),
        Binding("ctrl+l", "focus_steps", "Steps", show=False),
        Binding("ctrl+s", "app.save_as", "Save"),
    ]

    def __init__(self) -> None:
        super().__init__(id="wizard")
        self.question: Question | None = None
        self.current_plan: Plan | None = None

    @property
    def wizard_app(self) -> FtaWizardApp:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield Label("Steps", classes="panel-title")
                yield StepList(id="steps")
            with Vertical(id="main"):
                with VerticalScroll(id="question"):
                    yield Label("", id="step-group")
                    yield Static("", id="prompt")
                    yield Vertical(id="answer-area")
                    yield Label("", id="error")
                    with Horizontal(id="nav"):
                        yield Button("← Back", id="back", compact=True)
                        yield Button("Next →", id="next", variant="primary", compact=True)
                    yield Static("", id="help")
                yield Label("Routes so far", classes="panel-title")
                yield RoutesPanel(id="routes")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_plan()
        state = self.wizard_app.state
        target = state.current if self._in_steps(state.current) else None
        self.show_question(target or self._next_id() or self._first_id())

    # ------------------------------------------------------------------ plan and display
    def refresh_plan(self) -> Plan:
        app = self.wizard_app
        self.current_plan = plan(app.content, app.state.answers, today=app.today)
        self._show_steps()
        self._show_routes()
        return self.current_plan

    def _in_steps(self, question_id: str | None) -> bool:
        return (
            question_id is not None
            and self.current_plan is not None
            and any(step.id == question_id for step in self.current_plan.steps)
        )

    def _next_id(self) -> str | None:
        assert self.current_plan is not None
        return self.current_plan.next.id if self.current_plan.next else None

    def _first_id(self) -> str:
        assert self.current_plan is not None
        return self.current_plan.steps[0].id

    def _show_steps(self) -> None:
        assert self.current_plan is not None
        app = self.wizard_app
        answers = app.state.answers
        lines = []
        for step in self.current_plan.steps:
            if step.id in self.current_plan.errors:
                line = f"! {step.label}"
            elif step.id in answers:
                line = f"✓ {step.label}: {answer_text(app.content, step, answers[step.id])}"
            else:
                line = f"· {step.label}"
            if self.question is not None and step.id == self.question.id:
                line = "▶" + line[1:]
            lines.append((step.id, line))
        self.query_one(StepList).show_steps(lines, self.question.id if self.question else None)

    def _show_routes(self) -> None:
        assert self.current_plan is not None
        content = self.wizard_app.content
        lines = []
        for route in self.current_plan.assessment.routes:
            name = f"{route.agreement.short} {route.category.name.split(' (')[0].lower()} {route.category.exemption_code}"
            if route.verdict is Verdict.ELIGIBLE:
                status = "eligible"
            elif route.verdict is Verdict.NOT_ELIGIBLE:
                failed = next((reason for reason in route.reasons if reason.met is False), None)
                status = "not eligible" + (f": {failed.rule.replace('_', ' ')}" if failed else "")
            elif route.missing:
                needs = ", ".join(
                    content.questions_by_id[q].label.lower() for q in route.missing[:2]
                )
                status = f"possible, needs {needs}"
            else:
                status = "an officer decides a point"
            lines.append(f"{VERDICT_SYMBOL[route.verdict]} {name}: {status}")
        if "citizenship" not in self.wizard_app.state.answers:
            lines = ["Routes appear once the citizenship is known."]
        elif not lines:
            lines.append("✗ No route is open for this citizenship (see the results).")
        self.query_one(RoutesPanel).show_routes(lines)

    def show_question(self, question_id: str) -> None:
        app = self.wizard_app
        question = app.content.questions_by_id[question_id]
        self.question = question
        app.state.current = question_id
        assert self.current_plan is not None
        position = self.current_plan.position(question_id)
        total = len(self.current_plan.steps)
        group = STEP_TITLES.get(question.step, question.step.title())
        self.query_one("#step-group", Label).update(
            f"{group} · question {(position or 0) + 1} of {total} so far"
        )
        self.query_one("#prompt", Static).update(question.prompt)
        source = app.content.sources[question.source]
        self.query_one("#help", Static).update(
            f"{question.help}\n[dim]Source: {source.title} ({source.date}) · F1 for more help[/dim]"
        )
        error = self.current_plan.errors.get(question_id, "")
        self.query_one("#error", Label).update(f"⚠ {error}" if error else "")
        area = self.query_one("#answer-area", Vertical)
        if question.type == "noc":
            self._prepare_occupation_index()
        area.remove_children()
        widget = self._answer_widget(question)
        area.mount(widget)  # the widget takes the focus once mounted
        self.query_one("#question", VerticalScroll).scroll_home(animate=False)
        self.query_one("#back", Button).disabled = position in (None, 0)
        self._show_steps()
        app.answers_changed()  # the step on screen is part of the session

    def _prepare_occupation_index(self) -> None:
        """Build the occupation search index in the background while the person reads the
        question (it takes a few hundred ms and some memory, so only when it is needed)."""
        from ftawizard.content.occupations import occupation_index

        index = occupation_index(self.wizard_app.content)
        self.run_worker(index.prepare, thread=True, exclusive=True, group="index")

    def _answer_widget(self, question: Question) -> AnswerWidget:
        app = self.wizard_app
        value = app.state.answers.get(question.id)
        if value is None:
            value = question.default
        if question.type == "bool":
            return OptionsAnswer([(True, "Yes"), (False, "No")], value)
        if question.type == "choice":
            return OptionsAnswer(
                [(choice.value, choice.label) for choice in question.choices], value
            )
        if question.type == "country":
            initial = app.content.country_name(value) if isinstance(value, str) and value else ""
            empty = (NO_ANSWER, "— none —") if question.optional else None
            return PickerAnswer(
                app.search_countries,
                initial,
                placeholder="Type a country name or code",
                empty_choice=empty,
            )
        if question.type == "noc":
            initial = value if isinstance(value, str) else ""
            return PickerAnswer(
                app.search_occupations, initial, placeholder="Type a job title or a NOC code"
            )
        if question.type == "cusma_profession":
            initial = value if isinstance(value, str) and value != "none" else ""
            return PickerAnswer(
                app.search_cusma_professions,
                initial,
                placeholder="Type the profession",
                empty_choice=("none", "None of these professions"),
            )
        if question.type == "date":
            initial = value if isinstance(value, str) else app.today.isoformat()
            return TextAnswer(initial, kind="date", placeholder="YYYY-MM-DD")
        if question.type == "number":
            return TextAnswer(value, kind="number", unit=question.unit)
        return TextAnswer(value)

    # ------------------------------------------------------------------ answering
    @on(AnswerGiven)
    def _answer_given(self, event: AnswerGiven) -> None:
        event.stop()
        self.accept(event.value)

    def accept(self, value: object) -> None:
        app = self.wizard_app
        assert self.question is not None
        try:
            stored = validate_answer(
                app.content, self.question.id, value, raw=app.state.answers, today=app.today
            )
        except AnswerError as error:
            self.query_one("#error", Label).update(f"⚠ {error.message}")
            self.app.bell()
            return
        app.state.answers[self.question.id] = stored
        current = self.refresh_plan()
        if current.next is not None:
            self.show_question(current.next.id)  # saves the answer and the new step
        else:
            app.answers_changed()
            self.action_results()

    @on(StepChosen)
    def _step_chosen(self, event: StepChosen) -> None:
        event.stop()
        self.show_question(event.question_id)

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    # ------------------------------------------------------------------ actions
    def action_next(self) -> None:
        area = self.query_one("#answer-area", Vertical)
        for widget in area.query(AnswerWidget):
            widget.confirm()
            return

    def action_back(self) -> None:
        assert self.current_plan is not None and self.question is not None
        position = self.current_plan.position(self.question.id)
        if position is None or position == 0:
            self.app.pop_screen()
            return
        self.show_question(self.current_plan.steps[position - 1].id)

    def action_help(self) -> None:
        from ftawizard.tui.screens.help import HelpScreen

        if self.question is not None:
            self.app.push_screen(HelpScreen(self.question))

    def action_results(self) -> None:
        from ftawizard.tui.screens.results import ResultsScreen

        self.app.push_screen(ResultsScreen())

    def action_focus_steps(self) -> None:
        self.query_one(StepList).focus()

    def go_to(self, question_id: str) -> None:
        """Used by the command palette's "Go to step" commands."""
        if self._in_steps(question_id):
            self.show_question(question_id)
