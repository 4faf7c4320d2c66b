"""Drive ``ftawizard --plain`` like a person at a terminal, through prompt_toolkit's pipe input.

The driver reads what the wizard prints: when a question's header line appears
("Question 3 of 9 so far: Citizenship") it types the persona's answer for that question, as
keys, into the pipe; a question the persona does not answer gets Ctrl+C (a person stopping
half-way). When "Results" appears it types the keys for the final menu. A watchdog closes the
pipe if the wizard waits for keys nobody sends, so a test fails instead of hanging.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Mapping
from typing import Any

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from ftawizard.content.models import Content, Question
from ftawizard.engine.flow import NO_ANSWER
from ftawizard.plain.prompts import choice_key
from ftawizard.plain.wizard import run_plain
from ftawizard.sessions.schema import SessionRecord
from ftawizard.sessions.store import SessionStore

TODAY = dt.date(2026, 11, 23)
ENTER = "\r"
CTRL_C = "\x03"
FINISH = "f" + ENTER  # the final menu's "Finish"
CONFIRM = "c" + ENTER  # "Check your answers": these answers are right
HEADER = re.compile(r"^Question (?P<position>\d+) of (?P<total>\d+) so far: (?P<label>.+)$")


class Keys(str):
    """Keys typed as they are (a search followed by a choice in the list of matches…)."""


class Visits(list[Any]):
    """One answer per visit of the same question (after going back); the last one repeats."""

    def next(self) -> Any:
        return self.pop(0) if len(self) > 1 else self[0]


def keys_for(question: Question, value: object) -> str:
    """The keys a person types to give ``value`` to ``question``."""
    if isinstance(value, Keys):
        return str(value)
    if question.type == "bool":
        return ("y" if value else "n") + ENTER
    if question.type == "choice":
        index = question.choice_index(value)
        assert index is not None, f"{value!r} is not a choice of {question.id}"
        return choice_key(index) + ENTER
    if value == NO_ANSWER or value is None:
        # nothing is answered by a bare Enter: today's date and "none" are typed
        if question.type == "date":
            return "today" + ENTER
        return ("none" if question.optional else "") + ENTER
    return f"{value}{ENTER}"


class PlainDriver(io.TextIOBase):
    """The wizard's output stream; answers each question as it is printed."""

    def __init__(
        self,
        content: Content,
        pipe: Any,
        persona: Mapping[str, object],
        at_end: str | Visits = FINISH,
        strict: bool = True,
        at_review: str | Visits = CONFIRM,
    ) -> None:
        super().__init__()
        self.by_label = {question.label: question for question in content.questions}
        self.pipe = pipe
        self.persona = {
            key: Visits(value) if isinstance(value, Visits) else value
            for key, value in persona.items()
        }
        self.at_end = at_end
        self.at_review = at_review
        self.strict = strict
        self.asked: list[str] = []
        self.lines: list[str] = []
        self._pending = ""

    @property
    def text(self) -> str:
        return "\n".join([*self.lines, self._pending])

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        *complete, self._pending = self._pending.split("\n")
        for line in complete:
            self._line(line)
        return len(text)

    def _line(self, line: str) -> None:
        self.lines.append(line)
        if self.strict and (line.startswith("Not accepted") or " matches '" in line):
            raise AssertionError(f"the wizard did not take an answer: {line} (asked {self.asked})")
        header = HEADER.match(line)
        if header:
            question = self.by_label[header["label"]]
            self.asked.append(question.id)
            if question.id not in self.persona:
                self.pipe.send_text(CTRL_C)
                return
            value = self.persona[question.id]
            if isinstance(value, Visits):
                value = value.next()
            self.pipe.send_text(keys_for(question, value))
        elif line == "Check your answers":
            keys = self.at_review.next() if isinstance(self.at_review, Visits) else self.at_review
            self.pipe.send_text(keys)
        elif line == "Results":
            keys = self.at_end.next() if isinstance(self.at_end, Visits) else self.at_end
            self.pipe.send_text(keys)


def run_persona(
    content: Content,
    store: SessionStore,
    persona: Mapping[str, object],
    *,
    record: SessionRecord | None = None,
    at_end: str | Visits = FINISH,
    strict: bool = True,
    timeout: float = 60,
    at_review: str | Visits = CONFIRM,
    output: Any = None,
) -> tuple[int, PlainDriver]:
    """Run the plain wizard for ``persona``; returns the exit status and the driver."""
    with create_pipe_input() as pipe:
        driver = PlainDriver(content, pipe, persona, at_end, strict, at_review)
        watchdog = threading.Timer(timeout, pipe.close)
        watchdog.start()
        try:
            status = run_plain(
                content,
                store,
                record,
                input=pipe,
                output=output if output is not None else DummyOutput(),
                today=TODAY,
                stream=driver,
            )
        finally:
            watchdog.cancel()
    return status, driver
