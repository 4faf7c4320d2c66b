"""The few questionary prompts the plain mode uses, made linear and colourless.

- Lists are numbered (type the number or letter, then Enter; the arrow keys work too) and
  the line under a list repeats the option the pointer is on, so a screen reader has one
  line to read. Nothing is chosen in advance: unless the question was answered before (then
  the pointer is on that answer), the pointer starts on "nothing chosen yet", and Enter
  there answers nothing (``NOTHING``: the wizard asks again).
- Texts are wrapped to the terminal's width (never wider), choices with a hanging indent.
- Typed answers are checked after Enter, and a problem is printed as a line of its own
  (no toolbar, no pop-up completion menu).
- No colour: a monochrome style (bold and reverse only); with ``NO_COLOR`` set, prompt_toolkit
  draws with a 1-bit colour depth as well.
- Ctrl+C, Ctrl+D and the end of the input all become ``Interrupted``.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

import attrs
import questionary
from prompt_toolkit.output import ColorDepth
from questionary.prompts.common import InquirerControl

# Keys that mean the same in every list; the options get the other numbers and letters.
HELP_KEY = "h"
BACK_KEY = "b"
AGAIN_KEY = "s"  # search again (occupation, country, profession)
_RESERVED = (HELP_KEY, BACK_KEY, AGAIN_KEY)
_POOL = [key for key in InquirerControl.SHORTCUT_KEYS if key not in _RESERVED]

PLAIN_STYLE = questionary.Style(
    [
        ("qmark", "fg:default bold"),
        ("question", "fg:default bold"),
        ("answer", "fg:default bold"),
        ("pointer", "fg:default bold"),
        ("highlighted", "fg:default reverse"),
        ("selected", "fg:default"),
        ("separator", "fg:default"),
        ("instruction", "fg:default"),
        ("text", "fg:default"),
        ("disabled", "fg:default italic"),
        ("search_success", "fg:default"),
        ("search_none", "fg:default"),
        # how prompt_toolkit redraws a prompt left with Ctrl+C or Ctrl+D (grey by default)
        ("aborting", "fg:default"),
        ("exiting", "fg:default"),
    ]
)


class Interrupted(Exception):
    """The person stopped (Ctrl+C, Ctrl+D) or the input ended: ask nothing more."""


@attrs.frozen
class Command:
    """A choice that is not an answer: help, back, search again…"""

    name: str


HELP = Command("help")
BACK = Command("back")
NOTHING = Command("nothing chosen")  # Enter on a list where nothing was chosen
NOTHING_TITLE = "nothing chosen yet"


@attrs.frozen
class Option:
    value: object
    title: str
    key: str | None = None  # a fixed key; None: the next free number or letter


def choice_key(index: int) -> str:
    """The key of the ``index``-th option (0-based) of a list whose options before it have
    no fixed key: 1 to 9, 0, then letters (never h, b or s)."""
    return _POOL[index]


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


class Prompter:
    """Asks questionary prompts on the given prompt_toolkit input and output."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        self.kwargs: dict[str, Any] = {}
        if input is not None:
            self.kwargs["input"] = input
        if output is not None:
            self.kwargs["output"] = output
        if no_color():
            self.kwargs["color_depth"] = ColorDepth.DEPTH_1_BIT

    def width(self) -> int:
        """The terminal's width in columns (the output's, when one was given)."""
        output = self.kwargs.get("output")
        if output is not None:
            return max(20, int(output.get_size().columns))
        return max(20, shutil.get_terminal_size((80, 24)).columns)

    def _ask(self, question: questionary.Question) -> Any:
        try:
            answer = question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted from None
        if answer is None:
            raise Interrupted
        return answer

    def select(
        self,
        message: str,
        options: Sequence[Option],
        current: object = None,
        instruction: str = "(type the number or letter, then Enter)",
        *,
        require: bool = True,
    ) -> object:
        """The option picked. The pointer starts on ``current`` when it is one of the
        options; otherwise, with ``require``, on "nothing chosen yet" (Enter there returns
        ``NOTHING``), and without it on the first option."""
        fixed = {option.key for option in options if option.key is not None}
        free = iter(key for key in _POOL if key not in fixed)
        width = self.width()
        choices = [
            questionary.Choice(
                title=_hang(option.title, width, 6),
                value=option.value,
                shortcut_key=option.key if option.key is not None else next(free),
            )
            for option in options
        ]
        start = next((choice for choice in choices if _same(choice.value, current)), None)
        if start is None and require:
            start = questionary.Choice(title=NOTHING_TITLE, value=NOTHING, shortcut_key=False)
            choices.insert(0, start)
        message, instruction = _fit(message, instruction, width)
        question = questionary.select(
            message,
            choices=choices,
            default=start,
            qmark="?",
            pointer=">",
            style=PLAIN_STYLE,
            use_shortcuts=True,
            use_arrow_keys=True,
            use_jk_keys=False,
            use_emacs_keys=True,
            show_selected=True,
            instruction=instruction,
            **self.kwargs,
        )
        return self._ask(question)

    def text(self, message: str, instruction: str = "") -> str:
        message, instruction = _fit(message, instruction, self.width())
        question = questionary.text(
            message,
            qmark="?",
            style=PLAIN_STYLE,
            instruction=instruction or None,
            **self.kwargs,
        )
        answer = self._ask(question)
        return str(answer)


def _hang(text: str, width: int, indent: int) -> str:
    """``text`` wrapped to ``width`` columns, the lines after the first indented by
    ``indent`` (the first line starts after the prompt's mark or the option's key)."""
    lines = textwrap.wrap(
        text,
        width=max(10, width - 1 - indent),
        break_long_words=True,
        break_on_hyphens=False,
    )
    return ("\n" + " " * indent).join(lines) if lines else text


def _fit(message: str, instruction: str, width: int) -> tuple[str, str]:
    """The question and its instruction wrapped to ``width``: the instruction after the
    question when it fits on its last line, else on lines of its own."""
    wrapped = _hang(message, width, 2)
    last = len(wrapped.rsplit("\n", 1)[-1]) + (2 if "\n" not in wrapped else 0)
    if not instruction or last + 2 + len(instruction) <= width - 1:
        return wrapped, instruction
    return wrapped, "\n  " + _hang(instruction, width, 2)


def _same(value: object, other: object) -> bool:
    """Equal and of the same type (so that True is not 1 and "" is not None)."""
    return type(value) is type(other) and value == other
