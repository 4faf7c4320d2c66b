"""Answer widgets, one per kind of question: a list of options, a text/number/date field,
and a type-to-filter picker (countries, occupations, CUSMA professions).

Each posts ``AnswerGiven`` when the person confirms; the screen validates the value with the
engine and shows any message with ``show_error``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ftawizard.tui.messages import AnswerGiven

# (value, label) pairs; option ids must be text, so values are looked up by position
Choices = Sequence[tuple[object, str]]
Search = Callable[[str], list[tuple[str, str]]]


class AnswerWidget(Vertical):
    """Base: something that holds an answer and can confirm it."""

    DEFAULT_CSS = """
    AnswerWidget { height: auto; }
    AnswerWidget .answer-error { color: $text-error; height: auto; }
    """

    FOCUS = "Input, OptionList"  # what takes the keyboard when the question appears

    def on_mount(self) -> None:
        self.call_after_refresh(self.focus_answer)

    def current_value(self) -> object:  # pragma: no cover - overridden
        raise NotImplementedError

    def confirm(self) -> None:
        self.post_message(AnswerGiven(self.current_value()))

    def focus_answer(self) -> None:
        # the widget may already be gone if the person moved on quickly
        targets = self.query(self.FOCUS)
        if self.is_attached and targets:
            targets.first().focus()


class OptionsAnswer(AnswerWidget):
    """Pick one option (choices, yes/no). Enter or a click confirms."""

    DEFAULT_CSS = """
    OptionsAnswer OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, choices: Choices, initial: object = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        self.initial = initial

    def compose(self) -> ComposeResult:
        options = [Option(label, id=str(index)) for index, (_, label) in enumerate(self.choices)]
        yield OptionList(*options, id="options")

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        for index, (value, _) in enumerate(self.choices):
            if value == self.initial:
                options.highlighted = index
                break
        else:
            # nothing chosen yet: Enter alone must not answer (e.g. "Yes") by accident
            options.highlighted = None

    def current_value(self) -> object:
        highlighted = self.query_one(OptionList).highlighted
        return None if highlighted is None else self.choices[highlighted][0]

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerGiven(self.choices[event.option_index][0]))


class TextAnswer(AnswerWidget):
    """A typed answer: text, a number with its unit, or a date (YYYY-MM-DD)."""

    DEFAULT_CSS = """
    TextAnswer Horizontal { height: auto; }
    TextAnswer .unit { color: $text-muted; padding: 0 1; }
    """

    def __init__(
        self,
        initial: object = None,
        *,
        kind: str = "text",
        unit: str = "",
        placeholder: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.kind = kind
        self.unit = unit
        self.placeholder = placeholder
        self.initial = (
            ""
            if initial is None
            else (f"{initial:g}" if isinstance(initial, float) else str(initial))
        )

    def compose(self) -> ComposeResult:
        yield Input(
            value=self.initial,
            placeholder=self.placeholder,
            type="number" if self.kind == "number" else "text",
            id="answer-input",
        )
        if self.unit:
            yield Label(self.unit, classes="unit")

    def current_value(self) -> object:
        text = self.query_one(Input).value.strip()
        if self.kind != "number" or not text:
            return text or None
        try:
            number = float(text)
        except ValueError:
            return text  # the engine explains what is wrong
        return int(number) if number.is_integer() else number

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.confirm()


class PickerAnswer(AnswerWidget):
    """Type to filter, then pick: Enter takes the highlighted match; ↓ moves into the list."""

    DEFAULT_CSS = """
    /* a fixed height: the list's size never changes as the person types, so a keystroke
       repaints the list instead of laying out the whole screen again */
    PickerAnswer OptionList { height: 10; }
    PickerAnswer .picker-hint { color: $text-muted; }
    """

    BINDINGS = [("down", "into_list", "Matches")]

    def __init__(
        self,
        search: Search,
        initial_query: str = "",
        *,
        placeholder: str = "Type to search",
        empty_choice: tuple[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.search = search
        self.initial_query = initial_query
        self.placeholder = placeholder
        self.empty_choice = empty_choice
        self.matches: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Input(value=self.initial_query, placeholder=self.placeholder, id="picker-input")
        yield Label("", classes="picker-hint", id="picker-hint")
        yield OptionList(id="picker-options")

    FOCUS = "#picker-input"

    def on_mount(self) -> None:
        super().on_mount()
        self._refresh(self.initial_query)

    def _refresh(self, query: str) -> None:
        self.matches = list(self.search(query))
        if self.empty_choice is not None:
            self.matches.insert(0, self.empty_choice)
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_options(
            [Option(label, id=str(index)) for index, (_, label) in enumerate(self.matches)]
        )
        if self.matches:
            # with something typed, Enter should take the best match, not the "none" entry
            typed = bool(query.strip()) and self.empty_choice is not None and len(self.matches) > 1
            options.highlighted = 1 if typed else 0
        hint = self.query_one("#picker-hint", Label)
        if not query.strip() and not self.matches:
            hint.update("Start typing to see matches.")
        elif query.strip() and not self.matches:
            hint.update("No match: try fewer letters, another word, or the code.")
        else:
            hint.update(
                f"{len(self.matches)} match{'es' if len(self.matches) != 1 else ''} — Enter picks the highlighted one, ↓ to browse"
            )

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.confirm()

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerGiven(self.matches[event.option_index][0]))

    def current_value(self) -> object:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None and self.matches:
            return self.matches[options.highlighted][0]
        typed = self.query_one("#picker-input", Input).value.strip()
        return typed or None

    def action_into_list(self) -> None:
        self.query_one("#picker-options", OptionList).focus()
