"""Answer widgets, one per kind of question: a list of options, a text/number/date field,
and a type-to-filter picker (countries, occupations, CUSMA professions).

Each posts ``AnswerGiven`` when the person confirms; the screen validates the value with the
engine and shows any message with ``show_error``.

The wizard keeps one widget of each kind and loads the next question into it (``load``)
instead of mounting a new one: a question change then costs one layout and one frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
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

    def current_value(self) -> object:  # pragma: no cover - overridden
        raise NotImplementedError

    def nothing_chosen(self) -> str | None:
        """What to tell a person who confirms before choosing anything, or None."""
        return None

    def type_text(self, text: str) -> None:
        """Put ``text`` in as if typed in place of what is there (a line of pasted text)."""

    def confirm(self) -> None:
        self.post_message(AnswerGiven(self.current_value()))

    def focus_answer(self) -> None:
        """Give the keyboard to the field at once (not after a refresh), so that the frame
        that shows the question also shows where to type."""
        targets = self.query(self.FOCUS)
        if self.is_attached and targets:
            target = targets.first()
            self.screen.set_focus(target, scroll_visible=False)
            if isinstance(target, Input):
                target.select_all()  # as a freshly focused field does: typing replaces it


class OptionsAnswer(AnswerWidget):
    """Pick one option (choices, yes/no). Enter or a click confirms."""

    DEFAULT_CSS = """
    /* up to half the terminal's height: all of a long list on a tall terminal */
    OptionsAnswer OptionList { height: auto; max-height: 50vh; }
    """

    def __init__(
        self, choices: Choices = (), initial: object = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        self.initial = initial

    def compose(self) -> ComposeResult:
        yield ChoiceList(*self._options(), id="options")

    @property
    def is_yes_no(self) -> bool:
        """A yes/no question (y and n answer it), perhaps with more options after them."""
        return [value for value, _ in self.choices[:2]] == [True, False]

    def _options(self) -> list[Option]:
        if self.is_yes_no:
            return [Option(label, id=str(index)) for index, (_, label) in enumerate(self.choices)]
        # numbered, for the number keys (as plain mode numbers them)
        width = len(str(len(self.choices)))
        return [
            Option(
                Content.assemble((f"{index + 1:>{width}}. ", "dim"), label), id=str(index)
            )
            for index, (_, label) in enumerate(self.choices)
        ]

    def on_mount(self) -> None:
        self._highlight()

    def load(self, choices: Choices, initial: object = None) -> None:
        """Show another question's options (the list is only rebuilt if they differ)."""
        choices = list(choices)
        options = self.query_one(OptionList)
        if choices != self.choices:
            self.choices = choices
            options.set_options(self._options())
        self.initial = initial
        self._highlight()

    def _highlight(self) -> None:
        options = self.query_one(OptionList)
        for index, (value, _) in enumerate(self.choices):
            if value == self.initial:
                options.highlighted = index
                break
        else:
            # nothing chosen yet: Enter alone must not answer (e.g. "Yes") by accident
            options.highlighted = None
            options.scroll_home(animate=False)
        options.scroll_to_highlight()

    def current_value(self) -> object:
        highlighted = self.query_one(OptionList).highlighted
        return None if highlighted is None else self.choices[highlighted][0]

    def nothing_chosen(self) -> str | None:
        if self.query_one(OptionList).highlighted is not None:
            return None
        if self.is_yes_no:
            return "Nothing is chosen yet: press y or n, or ↓ to an answer and Enter."
        return "Nothing is chosen yet: ↓ (or the first letter, or the number) to an answer, then Enter."

    def type_text(self, text: str) -> None:
        self.query_one(ChoiceList).choose_by_text(text)

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
        self.initial = self._text(initial)

    @staticmethod
    def _text(initial: object) -> str:
        if initial is None:
            return ""
        return f"{initial:g}" if isinstance(initial, float) else str(initial)

    def compose(self) -> ComposeResult:
        # a number is typed as text: the engine reads "48,50", "$48" or "1 250" and says
        # what it read (an Input of type "number" would drop the comma silently)
        yield AnswerInput(value=self.initial, placeholder=self.placeholder, id="answer-input")
        yield Label(self.unit, classes="unit")

    def on_mount(self) -> None:
        self.query_one(".unit", Label).display = bool(self.unit)

    def load(
        self, initial: object = None, *, kind: str = "text", unit: str = "", placeholder: str = ""
    ) -> None:
        """Show another question's field: its kind (text, number, date), unit and value."""
        field = self.query_one(Input)
        self.kind = kind
        if unit != self.unit:
            self.query_one(".unit", Label).update(unit)
            self.query_one(".unit", Label).display = bool(unit)
        self.unit = unit
        self.placeholder = field.placeholder = placeholder
        self.initial = self._text(initial)
        field.value = self.initial
        field.cursor_position = len(self.initial)
        # as in a new field: not marked invalid before the person types (setting the value
        # validated it, and an empty number field is invalid)
        field.remove_class("-invalid")

    def current_value(self) -> object:
        # as typed: the screen has the engine read it (a number with ``read_number``)
        return self.query_one(Input).value.strip() or None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.confirm()

    def type_text(self, text: str) -> None:
        field = self.query_one(Input)
        field.value = text.strip()
        field.cursor_position = len(field.value)


class AnswerInput(Input):
    """A text field of a fixed size. Textual's Input asks for a layout of the whole screen
    on every key typed (its virtual size changes with the text); a field whose size never
    changes only needs to repaint itself, and scroll its text.

    Text of several lines pasted into it is not flattened into one line: it is handed to
    the screen (``PastedLines``), which answers one question per line."""

    virtual_size = Reactive(Size(0, 0), layout=False)

    class PastedLines(Message):
        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines  # the last one is what follows the last line break

    def on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        if event.text.endswith(("\n", "\r")):
            lines.append("")
        if len(lines) > 1:
            event.prevent_default()  # not Input's own paste, which keeps the first line
            event.stop()
            self.post_message(self.PastedLines(lines))


class ChoiceList(OptionList):
    """The options of a question, with the keys people reach for in a list: a letter moves
    to the next option starting with it, a number to the option with that number (two
    digits typed in quick succession make one number)."""

    NUMBER_PAUSE = 1.0  # seconds within which a second digit continues the number

    class NothingChosen(Message):
        """Enter with no option highlighted."""

    def action_select(self) -> None:
        if self.highlighted is None:
            self.post_message(self.NothingChosen())
        else:
            super().action_select()

    _digits = ""
    _digits_at = 0.0

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not character.isalnum() or len(character) != 1:
            return
        if character.isdigit():
            now = time.monotonic()
            if now - self._digits_at > self.NUMBER_PAUSE or len(self._digits) >= 2:
                self._digits = ""
            self._digits += character
            self._digits_at = now
            number = int(self._digits)
            if not 1 <= number <= self.option_count:
                self._digits = character
                number = int(character)
            if 1 <= number <= self.option_count:
                self.highlighted = number - 1
        else:
            self._jump(character)
        event.stop()
        event.prevent_default()

    def _jump(self, letter: str) -> None:
        """Highlight the next option (after the highlighted one, round to the top) whose
        text starts with ``letter``."""
        count = self.option_count
        start = -1 if self.highlighted is None else self.highlighted
        for step in range(1, count + 1):
            index = (start + step) % count
            if _first_letter(self.get_option_at_index(index).prompt) == letter.casefold():
                self.highlighted = index
                return
        self.app.bell()

    def choose_by_text(self, text: str) -> None:
        """Highlight the option a line of text names: its number, or the start of its text."""
        text = text.strip()
        if text.isdigit() and 1 <= int(text) <= self.option_count:
            self.highlighted = int(text) - 1
            return
        for index in range(self.option_count):
            prompt = _plain(self.get_option_at_index(index).prompt).lstrip(" 0123456789.")
            if text and prompt.casefold().startswith(text.casefold()):
                self.highlighted = index
                return


def _plain(prompt: object) -> str:
    return prompt.plain if isinstance(prompt, Content) else str(prompt)


def _first_letter(prompt: object) -> str:
    """The first letter of an option's text (after its number), lower case ("" if none)."""
    text = _plain(prompt)
    return next((character.casefold() for character in text if character.isalpha()), "")


class MatchList(OptionList):
    """The picker's list of matches, which always has the same size (``height: 10``) and
    always shows its scrollbar (``overflow-y: scroll``).

    An OptionList asks for a layout of the whole screen whenever the number of lines it
    holds changes, in case it grows: nearly every key typed in a picker. This one's size
    never changes, nor does its scrollbar appear or go, so it only repaints itself."""

    virtual_size = Reactive(Size(0, 0), layout=False)


class PickerAnswer(AnswerWidget):
    """Type to filter, then pick: Enter takes the highlighted match; ↓ moves into the list."""

    DEFAULT_CSS = """
    /* a fixed height: the list's size never changes as the person types, so a keystroke
       repaints the list instead of laying out the whole screen again */
    PickerAnswer MatchList {
        height: 10;
        overflow-y: scroll;
        /* the track of a list that fits is drawn in the list's own colour */
        scrollbar-background: $surface;
        scrollbar-background-hover: $surface;
        scrollbar-background-active: $surface;
    }
    PickerAnswer .picker-hint { color: $text-muted; width: 100%; }
    """

    BINDINGS = [("down", "into_list", "Matches")]

    def __init__(
        self,
        search: Search = lambda query: [],
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
        self.proposed: list[tuple[str, str]] = []  # shown first, the first one highlighted
        self.extra: list[tuple[str, str]] = []  # shown last ("I don't know")
        self.matches: list[tuple[str, str]] = []
        self._hint = ""  # the hint under the field

    def compose(self) -> ComposeResult:
        yield AnswerInput(value=self.initial_query, placeholder=self.placeholder, id="picker-input")
        yield Label("", classes="picker-hint", id="picker-hint")
        yield MatchList(id="picker-options")

    FOCUS = "#picker-input"

    def on_mount(self) -> None:
        self._refresh(self.initial_query)

    def load(
        self,
        search: Search,
        initial_query: str = "",
        *,
        placeholder: str = "Type to search",
        empty_choice: tuple[str, str] | None = None,
        proposed: list[tuple[str, str]] | None = None,
        extra: list[tuple[str, str]] | None = None,
    ) -> None:
        """Search something else (countries, occupations, professions) from ``initial_query``.

        ``proposed`` matches come first before anything is typed, the first one highlighted
        (the CUSMA profession the occupation usually is); otherwise nothing is highlighted
        until something is typed, so Enter alone answers nothing. ``extra`` entries ("I
        don't know") come last."""
        self.search = search
        self.initial_query = initial_query
        self.empty_choice = empty_choice
        self.proposed = list(proposed or [])
        self.extra = list(extra or [])
        field = self.query_one("#picker-input", Input)
        self.placeholder = field.placeholder = placeholder
        with field.prevent(Input.Changed):  # the list is refreshed here, once
            field.value = initial_query
        field.cursor_position = len(initial_query)
        self._refresh(initial_query)

    def _refresh(self, query: str) -> None:
        typed = bool(query.strip())
        found = list(self.search(query))
        proposed = [] if typed else self.proposed
        if proposed:
            shown = {value for value, _ in proposed}
            found = proposed + [match for match in found if match[0] not in shown]
        if self.empty_choice is not None:
            found.insert(len(proposed), self.empty_choice)
        self.matches = found + self.extra
        options = self.query_one("#picker-options", OptionList)
        # plain text (a title is not markup): no markup parsing on every key
        options.set_options(
            [Option(Content(label), id=str(index)) for index, (_, label) in enumerate(self.matches)]
        )
        if proposed:
            options.highlighted = 0  # the proposal: Enter confirms it
        elif typed and found:
            # with something typed, Enter takes the best match, not the "none" entry
            best = 1 if self.empty_choice is not None and len(found) > 1 else 0
            options.highlighted = best
        else:
            options.highlighted = None  # nothing chosen yet: Enter alone answers nothing
        if proposed:
            names = " or ".join(label for _, label in proposed)
            hint = f"Proposed from the occupation: {names} — Enter confirms it, or type to search"
        elif not typed and not found:
            hint = "Start typing to see matches."
        elif not typed:
            hint = f"{len(found)} to choose from — type to search, or ↓ to browse"
        elif not found:
            hint = "No match: try fewer letters, another word, or the code."
        else:
            hint = f"{len(found)} match{'es' if len(found) != 1 else ''} — Enter picks the highlighted one, ↓ to browse"
        if hint != self._hint:  # mostly the same ("30 matches"): then nothing is redrawn
            # a text of the same length ("12 matches" after "30 matches") wraps the same, so
            # the hint keeps its height and the screen needs no new layout
            same_size = len(hint) == len(self._hint)
            self._hint = hint
            self.query_one("#picker-hint", Label).update(hint, layout=not same_size)

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
        return typed or None  # (nothing highlighted, nothing typed: nothing chosen)

    def type_text(self, text: str) -> None:
        field = self.query_one("#picker-input", Input)
        with field.prevent(Input.Changed):  # the list is refreshed here, once
            field.value = text.strip()
        field.cursor_position = len(field.value)
        self._refresh(field.value)

    def action_into_list(self) -> None:
        self.query_one("#picker-options", OptionList).focus()
