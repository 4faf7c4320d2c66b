"""The wizard: one screen that shows the current question, the steps and the live routes.

The screen is built once per app and reused for every question and every assessment. It
holds one answer widget of each kind and loads the question into it, and only the labels
whose text changes are updated, so a question change is one layout and one frame. The flow
engine decides which question comes next; this screen only words things and moves the
person around.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Label, Static

from ftawizard.content.models import Question
from ftawizard.engine.answers import (
    UNKNOWN,
    AnswerError,
    professions_for_noc,
    read_number,
)
from ftawizard.engine.evaluate import Verdict
from ftawizard.engine.flow import NO_ANSWER, Plan, plan, validate_answer
from ftawizard.engine.wording import (
    question_help,
    question_prompt,
    question_sources,
)
from ftawizard.tui.display import VERDICT_SYMBOL, answer_text
from ftawizard.tui.messages import AnswerGiven, StepChosen
from ftawizard.tui.screens.base import FullScreen
from ftawizard.tui.screens.confirm import ConfirmScreen
from ftawizard.tui.widgets.answers import (
    AnswerInput,
    AnswerWidget,
    ChoiceList,
    OptionsAnswer,
    PickerAnswer,
    TextAnswer,
)
from ftawizard.tui.widgets.routes import RoutesPanel
from ftawizard.tui.widgets.steps import StepList

if TYPE_CHECKING:
    from ftawizard.tui.app import FtaWizardApp
    from ftawizard.tui.screens.results import ResultsScreen

UNKNOWN_WORDS = {"unknown", "don't know", "dont know", "i don't know", "i dont know", "not sure"}
NOTHING_CHOSEN = {
    "bool": "Nothing chosen yet: move to Yes or No with ↓, then Enter",
    "choice": "Nothing chosen yet: move to your answer with ↓, then Enter",
    "country": 'Nothing chosen yet: type the country (or choose "— none —"), then Enter',
    "noc": "Nothing chosen yet: type part of the job title or the NOC code, then Enter",
    "cusma_profession": 'Nothing chosen yet: type the profession (or choose "None of these")',
    "date": "Nothing typed yet: type the date as YYYY-MM-DD, or today",
    "number": "Nothing typed yet: type a number",
    "text": "Nothing typed yet: type your answer",
}

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


class WizardScreen(FullScreen[None]):
    BINDINGS = [
        # y and n on a yes/no list answer at once, before the next key is delivered
        # (priority), so keys typed quickly after them go to the next question
        Binding("y", "yes_no(True)", "Yes", show=False, priority=True),
        Binding("n", "yes_no(False)", "No", show=False, priority=True),
        Binding("escape", "back", "Back"),
        Binding("f1,question_mark", "help", "Help", key_display="F1"),
        Binding("ctrl+n", "next", "Next", show=False),
        Binding("ctrl+r", "results", "Results"),
        Binding("ctrl+l", "focus_steps", "Steps"),
        Binding("ctrl+s", "app.save_as", "Save"),
    ]

    def __init__(self) -> None:
        super().__init__(id="wizard")
        self.question: Question | None = None
        self.current_plan: Plan | None = None
        self._texts: dict[str, str] = {}  # what each label shows, to skip unchanged updates
        self._results: ResultsScreen | None = None  # the app's results screen, once built
        self._results_for: str | None = None  # the answers it shows

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
                    with Vertical(id="answer-area"):
                        yield OptionsAnswer(id="options-answer")
                        yield TextAnswer(id="text-answer")
                        yield PickerAnswer(id="picker-answer")
                    yield Label("", id="error")
                    with Horizontal(id="nav"):
                        yield Button("← Back", id="back", compact=True)
                        yield Button("Next →", "primary", id="next", compact=True)
                    yield Static("", id="help")
                yield Label("Routes so far", classes="panel-title")
                with VerticalScroll(id="routes-area", can_focus=False):
                    yield RoutesPanel(id="routes")
        yield Footer()

    def on_mount(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Show the app's current assessment: its step on screen, or the next question."""
        self.refresh_plan()
        state = self.wizard_app.state
        target = state.current if self._in_steps(state.current) else None
        self.show_question(target or self._next_id() or self._first_id())

    @property
    def answer_widget(self) -> AnswerWidget:
        """The answer widget on show (one of each kind is kept; the others are hidden)."""
        for widget in self.query_one("#answer-area").query_children(AnswerWidget):
            if widget.display:
                return widget
        raise LookupError("no answer widget is shown")

    def _show_text(self, selector: str, text: str) -> None:
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Static).update(text)

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

    def ordered_steps(self) -> list[Question]:
        """The steps in the order the person meets them: those answered, in the order they
        were answered, then the others in the order they will be asked. A step that starts
        to matter joins the ones still to come (not above the answered ones), so the step
        list and the question counter only move on as the person does."""
        assert self.current_plan is not None
        steps = {step.id: step for step in self.current_plan.steps}
        answers = self.wizard_app.state.answers
        answered = [steps[question_id] for question_id in answers if question_id in steps]
        return answered + [step for step in self.current_plan.steps if step.id not in answers]

    def _position(self, question_id: str) -> int | None:
        ids = [step.id for step in self.ordered_steps()]
        return ids.index(question_id) if question_id in ids else None

    def _show_steps(self) -> None:
        assert self.current_plan is not None
        app = self.wizard_app
        answers = app.state.answers
        lines = []
        for step in self.ordered_steps():
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
        if "citizenship" not in self.wizard_app.state.answers:
            # before it, every route of every agreement is a candidate: none is listed
            self.query_one(RoutesPanel).show_routes(
                ["Routes appear once the citizenship is known."]
            )
            return
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
        if not lines:
            lines.append("✗ No route is open for this citizenship (see the results).")
        self.query_one(RoutesPanel).show_routes(lines)

    def show_question(self, question_id: str) -> None:
        app = self.wizard_app
        question = app.content.questions_by_id[question_id]
        self.question = question
        app.state.current = question_id
        assert self.current_plan is not None
        position = self._position(question_id)
        total = len(self.current_plan.steps)
        group = STEP_TITLES.get(question.step, question.step.title())
        self._show_text(
            "#step-group", f"{group} · question {(position or 0) + 1} of {total} so far"
        )
        answers = app.state.answers
        self._show_text("#prompt", question_prompt(app.content, question, answers))
        sources = question_sources(app.content, question, self.current_plan.assessment.routes)
        cited = "; ".join(
            f"{app.content.sources[source].title} ({app.content.sources[source].date})"
            for source in sources
        )
        dont_know = (
            "\nIf you don't know, choose \"I don't know\" (or type: don't know): the results "
            "say what to find out."
            if question.unknown_allowed
            else ""
        )
        self._show_text(
            "#help",
            f"{question_help(app.content, question, answers)}{dont_know}\n"
            f"[dim]Source: {cited} · F1 for more help[/dim]",
        )
        error = self.current_plan.errors.get(question_id, "")
        self._show_text("#error", f"⚠ {error}" if error else "")
        if question.type == "noc":
            # once the question is drawn: the build would hold up its frame
            self.call_after_refresh(self._prepare_occupation_index)
        self.call_after_refresh(self._settle)
        widget = self._load_answer(question)
        for other in self.query_one("#answer-area").query_children(AnswerWidget):
            other.display = other is widget
        widget.focus_answer()  # now, so the question's first frame shows the cursor in place
        self.query_one("#question", VerticalScroll).scroll_home(animate=False)
        self.query_one("#back", Button).disabled = position in (None, 0)
        self._show_steps()
        # lay the whole screen out in its next frame: each widget changed above asks for a
        # layout only when it is idle, so the next frame could show the new texts in the old
        # layout (the answer widget not placed yet), and a second frame the question
        self.refresh(layout=True)
        app.answers_changed()  # the step on screen is part of the session
        app.release_keys()  # keys typed while it was coming (see FtaWizardApp.hold_keys)

    def _prepare_occupation_index(self) -> None:
        """Build the occupation search index in the background while the person reads the
        question (it takes a few hundred ms and some memory, so only when it is needed)."""
        from ftawizard.content.occupations import occupation_index

        app = self.wizard_app
        index = occupation_index(app.content)

        def prepare() -> None:
            index.prepare()
            app.freeze_long_lived()  # the index lives as long as the app

        self.run_worker(prepare, thread=True, exclusive=True, group="index")

    def _load_answer(self, question: Question) -> AnswerWidget:
        """Load ``question`` into the answer widget of its kind, and return that widget."""
        app = self.wizard_app
        # only an answer the person gave is shown: never a default (Enter must not answer)
        value = app.state.answers.get(question.id)
        unknown = [(UNKNOWN, "I don't know")] if question.unknown_allowed else []
        if question.type in ("bool", "choice"):
            options = self.query_one("#options-answer", OptionsAnswer)
            if question.type == "bool":
                options.load([(True, "Yes"), (False, "No"), *unknown], value)
            else:
                choices = [(choice.value, choice.label) for choice in question.choices]
                options.load([*choices, *unknown], value)
            return options
        if value == UNKNOWN:
            value = "don't know"  # (typed again, Enter keeps it)
        picker = self.query_one("#picker-answer", PickerAnswer)
        if question.type == "country":
            initial = app.content.country_name(value) if isinstance(value, str) and value else ""
            empty = (NO_ANSWER, "— none —") if question.optional else None
            picker.load(
                app.search_countries,
                initial,
                placeholder="Type a country name or code",
                empty_choice=empty,
                extra=unknown,
            )
            return picker
        if question.type == "noc":
            initial = value if isinstance(value, str) else ""
            picker.load(
                app.search_occupations,
                initial,
                placeholder="Type a job title or a NOC code",
                extra=unknown,
            )
            return picker
        if question.type == "cusma_profession":
            initial = value if isinstance(value, str) and value != "none" else ""
            proposed = (
                [
                    (profession.name, f"{profession.name} (usual for this occupation)")
                    for profession in professions_for_noc(app.content, app.state.answers)
                ]
                if value is None
                else []
            )
            picker.load(
                app.search_cusma_professions,
                initial,
                placeholder="Type the profession",
                empty_choice=("none", "None of these professions"),
                proposed=proposed,
                extra=unknown,
            )
            return picker
        text = self.query_one("#text-answer", TextAnswer)
        if question.type == "date":
            initial = value if isinstance(value, str) else ""
            text.load(initial, kind="date", placeholder="YYYY-MM-DD, or today")
        elif question.type == "number":
            shown = value
            if isinstance(value, int | float) and "CAD" in question.unit:
                shown = f"{value:.2f}" if not float(value).is_integer() else value
            text.load(
                shown,
                kind="number",
                unit=question.unit,
                placeholder="don't know, if you don't" if question.unknown_allowed else "",
            )
        else:
            text.load(value)
        return text

    # ------------------------------------------------------------------ answering
    @on(AnswerGiven)
    def _answer_given(self, event: AnswerGiven) -> None:
        event.stop()
        self.accept(event.value)

    def accept(self, value: object) -> bool:
        """Take ``value`` as the answer to the question on screen and go on; False (and the
        message shown) if it is not a valid answer. The keys typed since the Enter that
        confirmed it were held back (``FtaWizardApp.hold_keys``): they go on now, to the
        question shown next (or to this one again, with its message)."""
        try:
            return self._accept(value)
        finally:
            self.wizard_app.release_keys()

    def _accept(self, value: object) -> bool:
        app = self.wizard_app
        question = self.question
        assert question is not None
        if value is None:
            # nothing highlighted, nothing typed: nothing is answered for the person
            self._refuse(NOTHING_CHOSEN.get(question.type, NOTHING_CHOSEN["text"]))
            return False
        if isinstance(value, str):
            if value.casefold() in UNKNOWN_WORDS and question.unknown_allowed:
                value = UNKNOWN
            elif question.type == "date" and value.casefold() == "today":
                value = app.today.isoformat()
        if question.type == "number" and isinstance(value, str) and value != UNKNOWN:
            try:
                reading = read_number(question, value)
            except AnswerError as error:
                self._refuse(error.message)
                return False
            read = f"{question.label}: read as {reading.text}" + (
                f" ({'; '.join(reading.notes)})" if reading.notes else ""
            )
            if reading.unusual is not None:

                def confirmed(keep: bool | None) -> None:
                    if keep:
                        self.notify(read, timeout=6)
                        self._store(question, reading.value)
                    else:
                        self._refuse(f"{reading.text} not kept: type it again")

                self.app.push_screen(
                    ConfirmScreen(
                        f"You typed {reading.text}: {reading.unusual}.\n\nKeep {reading.text}?"
                    ),
                    confirmed,
                )
                return False
            self.notify(read, timeout=6)
            value = reading.value
        return self._store(question, value)

    def _refuse(self, message: str) -> None:
        self._show_text("#error", f"⚠ {message}")
        self.app.bell()

    def _store(self, question: Question, value: object) -> bool:
        app = self.wizard_app
        if self.question is not question:
            return False  # (the person moved on meanwhile)
        try:
            stored = validate_answer(
                app.content, question.id, value, raw=app.state.answers, today=app.today
            )
        except AnswerError as error:
            self._refuse(error.message)
            return False
        app.state.answers[question.id] = stored
        current = self.refresh_plan()
        if current.next is not None:
            self.show_question(current.next.id)  # saves the answer and the new step
        else:
            app.answers_changed()
            self.action_review()
        return True

    def holds_keys_after_enter(self, widget: Widget | None) -> bool:
        """Whether an Enter in ``widget`` confirms an answer (a field or list of the answer
        area), so that the keys typed after it wait for the next question."""
        area = self.query_one("#answer-area")
        return widget is not None and area in widget.ancestors

    @on(ChoiceList.NothingChosen)
    def _nothing_chosen(self, event: ChoiceList.NothingChosen) -> None:
        event.stop()
        self.action_next()

    @on(AnswerInput.PastedLines)
    def _pasted_lines(self, event: AnswerInput.PastedLines) -> None:
        """Text of several lines pasted into a field: each line answers a question, as if
        typed and confirmed with Enter, in turn; what follows the last line break is left
        in the next question's field."""
        event.stop()
        *complete, rest = event.lines
        for line in complete:
            if not self.is_current:
                return  # the results are on show
            widget = self.answer_widget
            widget.type_text(line)
            if not self.accept(widget.current_value()):
                return  # the message says what is wrong with that line
        if rest and self.is_current:
            self.answer_widget.type_text(rest)

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
        """Confirm the answer on screen (Ctrl+N, the Next button, Enter on a list with
        nothing chosen)."""
        widget = self.answer_widget
        problem = widget.nothing_chosen()
        if problem:
            self._show_text("#error", f"⚠ {problem}")
            self.app.bell()
            self.wizard_app.release_keys()
            return
        self.accept(widget.current_value())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "yes_no":
            # y and n answer a yes/no question whose list has the keyboard; elsewhere they
            # are letters (typed in a field, or moving in another list)
            if not isinstance(self.focused, ChoiceList):
                return False
            widget = self.answer_widget
            return isinstance(widget, OptionsAnswer) and widget.is_yes_no
        return True

    def action_yes_no(self, value: bool) -> None:
        self.accept(value)

    def action_back(self) -> None:
        assert self.current_plan is not None and self.question is not None
        position = self._position(self.question.id)
        if position is None or position == 0:
            self.wizard_app.back_to_start()
            return
        self.show_question(self.ordered_steps()[position - 1].id)

    def action_help(self) -> None:
        from ftawizard.tui.screens.help import HelpScreen

        if self.question is not None:
            self.app.push_screen(HelpScreen(self.question))

    def _results_screen(self) -> ResultsScreen:
        """The app's results screen: built the first time the results are shown, then kept
        (installed) and shown again."""
        from ftawizard.tui.screens.results import ResultsScreen

        if self._results is None:
            self._results = ResultsScreen()
            self.app.install_screen(self._results, "results")
        return self._results

    def _settle(self) -> None:
        """Once the question is drawn (see results.settle)."""
        from ftawizard.tui.screens.results import settle

        if self.is_current:
            settle(self.wizard_app)

    def action_results(self) -> None:
        """Show the results. The results screen is kept and shown again as it was left
        while the answers are the same; new answers update it."""
        app = self.wizard_app
        screen = self._results_screen()
        answers = json.dumps(app.state.answers, sort_keys=True, default=str)
        if self._results_for != answers or screen.assessment is None:
            current = plan(app.content, app.state.answers, today=app.today)
            screen.show(current.assessment, unanswered=current.next is not None)
            self._results_for = answers
        app.push_screen(screen)

    def action_review(self) -> None:
        """Check your answers: every answer on one screen before the results; the one
        chosen there is asked again (and the review comes back), or the results show."""
        from ftawizard.tui.screens.review import RESULTS, ReviewScreen

        app = self.wizard_app
        current = self.refresh_plan()
        if current.next is not None:
            self.show_question(current.next.id)
            return
        lines = [
            (step.id, step.label, answer_text(app.content, step, app.state.answers.get(step.id)))
            for step in current.steps
        ]

        def reviewed(choice: str | None) -> None:
            if choice is None or choice == RESULTS:
                self.action_results()
            elif self._in_steps(choice):
                self.show_question(choice)

        self.app.push_screen(ReviewScreen(lines), reviewed)

    def action_focus_steps(self) -> None:
        self.query_one(StepList).focus()

    def go_to(self, question_id: str) -> None:
        """Used by the command palette's "Go to step" commands."""
        if self._in_steps(question_id):
            self.show_question(question_id)
