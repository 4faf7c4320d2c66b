"""``ftawizard --plain``: the wizard as a dialogue that reads top to bottom.

The same flow as the full-screen wizard: the flow engine chooses the next question
(``plan``), ``validate_answer`` checks each answer, and the session is saved after every
answer through ``OpenSession``, in the same store and format, so a session started here
resumes in the full-screen wizard and the other way round.

Each question is printed as a few lines (its number, its label, why it is asked), then asked
with a questionary prompt; lists are numbered, typed answers are checked after Enter and a
problem is printed on a line of its own. ``?`` (or ``help``) repeats the help with its
source; ``back`` (or ``<``) returns to the previous question. At the end the verdicts, with
their reasons, and the documents are printed as plain text, and can be saved to a file.

Ctrl+C asks nothing more: it says where the answers are saved and how to resume, and
``run_plain`` returns 130.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import attrs

from ftawizard.content.models import Content, Question
from ftawizard.engine.answers import (
    UNKNOWN,
    AnswerError,
    is_unknown,
    professions_for_noc,
    read_number,
)
from ftawizard.engine.evaluate import Assessment
from ftawizard.engine.flow import NO_ANSWER, Plan, plan, validate_answer
from ftawizard.engine.wording import (
    question_find_out,
    question_help,
    question_prompt,
    question_sources,
)
from ftawizard.export import words
from ftawizard.plain.prompts import (
    AGAIN_KEY,
    BACK,
    BACK_KEY,
    HELP,
    HELP_KEY,
    NOTHING,
    Command,
    Interrupted,
    Option,
    Prompter,
)
from ftawizard.sessions.schema import SessionRecord
from ftawizard.sessions.service import OpenSession, changes_since, to_state
from ftawizard.sessions.state import WizardState
from ftawizard.sessions.store import SessionError, SessionStore

EXIT_OK = 0
EXIT_IN_USE = 2
EXIT_INTERRUPTED = 130

SEARCH_AGAIN = Command("search again")
MAX_MATCHES = 15

HELP_WORDS = {"?", "help", "h?"}
BACK_WORDS = {"back", "<"}
UNKNOWN_KEY = "d"
UNKNOWN_TITLE = "I don't know (the routes that need this answer will say what to find out)"
UNKNOWN_WORDS = {
    "unknown",
    "i don't know",
    "i dont know",
    "i do not know",
    "don't know",
    "dont know",
    "not sure",
    "idk",
}
NONE_WORDS = {"none", "no", "-"}
CONFIRM_KEY = "c"

PICKER_HINTS = {
    "country": "type a country name or its two-letter code",
    "noc": "type part of the job title, or the NOC code",
    "cusma_profession": 'type the profession, or "none" if it is not on the list',
}
PICKER_NOUNS = {"country": "country", "noc": "occupation", "cusma_profession": "profession"}

COMMANDS_HELP = (
    "In a list, type the number or letter of your answer and press Enter (the arrow keys "
    f"work too); nothing is chosen until you choose. {HELP_KEY} is this help and {BACK_KEY} "
    "the previous question. Where you type an answer, ? (or help) shows this help and back "
    '(or <) goes to the previous question. Where it is offered, "I don\'t know" '
    f"({UNKNOWN_KEY} in a list, or type: don't know) leaves the answer open: the results "
    "say what to find out. Before the results you can check and change every answer. "
    "Ctrl+C stops at any time; your answers are saved after each question."
)


def run_plain(
    content: Content,
    store: SessionStore,
    record: SessionRecord | None = None,
    *,
    input: Any = None,
    output: Any = None,
    today: dt.date | None = None,
    stream: TextIO | None = None,
) -> int:
    """Run the wizard line by line; returns the exit status (0 done, 130 stopped).

    ``input`` and ``output`` are prompt_toolkit's (a pipe input and a dummy output in
    tests); ``stream`` receives everything that is printed (standard output by default).
    """
    wizard = PlainWizard(
        content, store, Prompter(input=input, output=output), today=today, stream=stream
    )
    return wizard.run(record)


class PlainWizard:
    def __init__(
        self,
        content: Content,
        store: SessionStore,
        prompter: Prompter,
        *,
        today: dt.date | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.content = content
        self.store = store
        self.prompter = prompter
        self.today = today or dt.date.today()
        self.stream = stream
        self.state = WizardState()
        self.session: OpenSession | None = None
        self.save_problem: str | None = None
        self._held = contextlib.ExitStack()

    # ------------------------------------------------------------------ output
    def say(self, text: str = "") -> None:
        """Print ``text``; a line wider than the terminal is wrapped to it, its continuation
        indented under its first word (a word longer than a line, such as a web address, is
        kept whole)."""
        stream = self.stream if self.stream is not None else sys.stdout
        width = self.width()
        for line in text.split("\n"):
            if len(line) <= width:
                stream.write(line + "\n")
                continue
            stripped = line.lstrip(" ")
            indent = " " * (len(line) - len(stripped))
            for part in textwrap.wrap(
                stripped,
                width=width,
                initial_indent=indent,
                subsequent_indent=indent + "  ",
                break_long_words=False,
                break_on_hyphens=False,
            ):
                stream.write(part + "\n")
        stream.flush()

    def width(self) -> int:
        """The columns a line may take: the terminal's width less one (at most 100)."""
        return max(19, min(self.prompter.width() - 1, 100))

    def say_wrapped(self, text: str, indent: str = "") -> None:
        width = self.width()
        for paragraph in text.split("\n"):
            self.say(
                textwrap.fill(
                    paragraph,
                    width=width,
                    initial_indent=indent,
                    subsequent_indent=indent,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                if paragraph
                else ""
            )

    # ------------------------------------------------------------------ the run
    def run(self, record: SessionRecord | None) -> int:
        with self._held:
            try:
                if record is not None:
                    try:
                        self._held.enter_context(self.store.locked(record.id))
                    except SessionError as error:
                        print(f"ftawizard: {error}", file=sys.stderr)
                        return EXIT_IN_USE
                    target = self._resume(record)
                else:
                    self._intro()
                    target = None
                self._ask_until_done(target)
                self._review()
                return self._finish()
            except (Interrupted, KeyboardInterrupt):
                self._stopped()
                return EXIT_INTERRUPTED

    def _intro(self) -> None:
        self.say("ftawizard: LMIA-exempt work permits under Canada's free trade agreements")
        self.say_wrapped(
            "Answer each question and press Enter. Only the questions that still matter are "
            "asked. " + COMMANDS_HELP
        )
        self.say_wrapped(
            "ftawizard explains the published rules; it is not legal advice, and the officer "
            "decides."
        )

    def _resume(self, record: SessionRecord) -> str | None:
        self.session = OpenSession(self.store, record, self.content)
        self.state = to_state(record, self.content)
        self.say(f"Resuming the session {record.name!r} (id {record.id}).")
        changes = changes_since(self.content, record.content_version)
        if changes:
            self.say_wrapped(
                f"The rules changed since these answers were given (content "
                f"{record.content_version}); they are assessed with the current rules "
                f"(content {self.content.version}). Changed since:"
            )
            for change in changes:
                self.say_wrapped(f"- {change}", "")
        current = self._plan()
        answered = [step for step in current.steps if step.id in self.state.answers]
        if answered:
            self.say("Your answers so far:")
            for step in answered:
                text = answer_text(self.content, step, self.state.answers[step.id])
                self.say_wrapped(f"- {step.label}: {text}")
        self.say_wrapped(COMMANDS_HELP)
        if current.position(self.state.current or "") is not None:
            return self.state.current
        return None

    def _plan(self) -> Plan:
        return plan(self.content, self.state.answers, today=self.today)

    def _ask_until_done(self, target: str | None) -> None:
        """Ask ``target`` (if it still matters), then whatever the flow says comes next."""
        while True:
            current = self._plan()
            question = current.next
            if target is not None and current.position(target) is not None:
                question = self.content.questions_by_id[target]
            target = None
            if question is None:
                return
            self.state.current = question.id
            self._save()
            answer = self._ask(question, current)
            if isinstance(answer, Command):  # back
                position = current.position(question.id) or 0
                target = current.steps[max(position - 1, 0)].id
                continue
            self.state.answers[question.id] = answer
            if self.session is None:
                self._create_session()
            else:
                self._save()

    # ------------------------------------------------------------------ sessions
    def _create_session(self) -> None:
        if self.save_problem is not None:
            return
        try:
            record = self.store.create(None, dict(self.state.answers), self.content.version)
            self._held.enter_context(self.store.locked(record.id))
        except (OSError, SessionError) as error:
            self.save_problem = str(error)
            self.say_wrapped(f"Warning: your answers cannot be saved ({error}).")
            return
        self.session = OpenSession(self.store, record, self.content)
        self._save()

    def _save(self) -> None:
        if self.session is None:
            return
        try:
            self.session.save(self.state)
        except (OSError, SessionError) as error:
            if str(error) != self.save_problem:
                self.say_wrapped(f"Warning: not saved ({error}).")
            self.save_problem = str(error)
        else:
            self.save_problem = None

    def _stopped(self) -> None:
        self.say()
        if self.session is not None:
            stopped = f"Stopped. {self._where_saved()}"
            if self.save_problem:
                self.say_wrapped(stopped)
            else:
                self.say(stopped)
            self.say(f"Resume with:  ftawizard resume {self.session.record.id} --plain")
            self.say("(or without --plain for the full-screen wizard)")
        elif self.state.answers and self.save_problem:
            self.say_wrapped(f"Stopped. Your answers could not be saved: {self.save_problem}")
        else:
            self.say("Stopped before the first answer; nothing was saved.")

    def _where_saved(self) -> str:
        assert self.session is not None
        name = self.session.record.name
        if self.save_problem:
            return (
                f"Warning: your latest answers could not be saved ({self.save_problem}); "
                f"the session {name!r} holds what was saved before."
            )
        return f"Your answers are saved in the session {name!r}."

    # ------------------------------------------------------------------ one question
    def _ask(self, question: Question, current: Plan) -> object:
        """Ask until the answer is valid; returns the value to store, or BACK."""
        position = current.position(question.id) or 0
        self.say()
        self.say(f"Question {position + 1} of {len(current.steps)} so far: {question.label}")
        error = current.errors.get(question.id)
        if error:
            self.say_wrapped(f"Your earlier answer no longer fits: {error}. Please answer again.")
        self.say_wrapped(question_help(self.content, question, self.state.answers))
        while True:
            value = self._read(question, can_go_back=position > 0)
            if value is HELP:
                self._help(question)
                continue
            if value is BACK:
                if position > 0:
                    return BACK
                self.say("This is the first question.")
                continue
            if value is NOTHING:
                self.say_wrapped(self._nothing_chosen(question))
                continue
            if question.type == "number" and isinstance(value, str) and not is_unknown(value):
                try:
                    reading = read_number(question, value)
                except AnswerError as problem:
                    self.say_wrapped(f"Not accepted: {problem.message}. Please answer again.")
                    continue
                if reading.unusual is not None and not self._confirm_unusual(
                    question, reading.text, reading.unusual
                ):
                    continue
                notes = f" ({'; '.join(reading.notes)})" if reading.notes else ""
                self.say_wrapped(f"Read as {reading.text}{notes}.")
                value = reading.value
            try:
                return validate_answer(
                    self.content, question.id, value, raw=self.state.answers, today=self.today
                )
            except AnswerError as problem:
                self.say_wrapped(f"Not accepted: {problem.message}. Please answer again.")

    def _nothing_chosen(self, question: Question) -> str:
        if question.type == "bool":
            return "Nothing chosen: type y for yes or n for no, then Enter."
        return "Nothing chosen: type the number (or letter) of your answer, then Enter."

    def _confirm_unusual(self, question: Question, shown: str, why: str) -> bool:
        """Whether the person keeps a number outside its plausible range."""
        self.say_wrapped(f"You typed {shown}: {why}")
        while True:
            keep = self.prompter.select(
                f"Is {shown} right?",
                [
                    Option(True, f"Yes, {shown} is right", "y"),
                    Option(False, "No, type it again", "n"),
                ],
                None,
                "(y or n, then Enter)",
            )
            if keep is NOTHING:
                self.say("Nothing chosen: type y to keep it or n to type it again, then Enter.")
                continue
            return keep is True

    def _help(self, question: Question) -> None:
        self.say()
        self.say(f"Help: {question.label}")
        self.say_wrapped(self._prompt(question), "  ")
        self.say_wrapped(question_help(self.content, question, self.state.answers), "  ")
        find_out = question_find_out(self.content, question, self.state.answers)
        if question.unknown_allowed and find_out:
            self.say_wrapped(f"If you don't know: {find_out}", "  ")
        routes = self._plan().assessment.routes
        for source_id in question_sources(self.content, question, routes):
            source = self.content.sources[source_id]
            date = f" ({source.date})" if source.date else ""
            self.say_wrapped(f"Source: {source.title}{date}", "  ")
            if source.url:
                self.say(f"  {source.url}")
        self.say_wrapped(COMMANDS_HELP, "  ")
        self.say()

    def _prompt(self, question: Question) -> str:
        return question_prompt(self.content, question, self.state.answers)

    def _stored(self, question: Question) -> object:
        value = self.state.answers.get(question.id)
        return None if value == NO_ANSWER and not question.optional else value

    def _kept(self, question: Question, stored: object) -> str:
        return f"Enter keeps {answer_text(self.content, question, stored)}"

    def _read(self, question: Question, *, can_go_back: bool) -> object:
        if question.type in ("bool", "choice"):
            return self._read_option(question, can_go_back)
        if question.type in PICKER_HINTS:
            return self._read_pick(question, can_go_back)
        return self._read_text(question)

    def _read_option(self, question: Question, can_go_back: bool) -> object:
        if question.type == "bool":
            options = [Option(True, "Yes", "y"), Option(False, "No", "n")]
            instruction = "(y for yes, n for no, then Enter)"
        else:
            options = [Option(choice.value, choice.label) for choice in question.choices]
            instruction = "(type the number, then Enter)"
        if question.optional:
            options.append(Option(NO_ANSWER, "No answer"))
        if question.unknown_allowed:
            options.append(Option(UNKNOWN, UNKNOWN_TITLE, UNKNOWN_KEY))
        options.append(Option(HELP, "Help: why this is asked, and its source", HELP_KEY))
        if can_go_back:
            options.append(Option(BACK, "Back to the previous question", BACK_KEY))
        # only an answer the person gave is where the pointer starts: never a default
        value = self.state.answers.get(question.id)
        return self.prompter.select(self._prompt(question), options, value, instruction)

    def _read_text(self, question: Question) -> object:
        stored = self._stored(question)
        parts = []
        if question.unit:
            parts.append(f"in {question.unit}")
        if question.type == "date":
            parts.append(f"YYYY-MM-DD, or today for {self.today.isoformat()}")
        if stored is not None:
            parts.append(self._kept(question, stored))
        if question.unknown_allowed:
            parts.append("don't know if you don't")
        parts.append("? for help")
        text = self.prompter.text(self._prompt(question), f"({'; '.join(parts)})").strip()
        command = _command(text)
        if command is not None:
            return command
        if not text:
            if stored is not None:
                return stored
            self.say_wrapped(self._nothing_typed(question))
            return self._read_text(question)
        if text.casefold() in UNKNOWN_WORDS:
            return UNKNOWN
        if question.type == "date" and text.casefold() == "today":
            return self.today.isoformat()
        return text  # a number is read (and a date checked) by the engine

    def _nothing_typed(self, question: Question) -> str:
        if question.type == "date":
            return (
                f"Nothing typed: type the date as YYYY-MM-DD, or today for "
                f"{self.today.isoformat()}."
            )
        if question.type == "number":
            return f"Nothing typed: type a number{' of ' + question.unit if question.unit else ''}."
        return "Nothing typed: type your answer."

    def _read_pick(self, question: Question, can_go_back: bool) -> object:
        kind = question.type
        stored = self._stored(question)
        if kind == "cusma_profession" and stored is None:
            proposed = self._propose_profession(question, can_go_back)
            if proposed is not SEARCH_AGAIN:
                return proposed
        parts = [PICKER_HINTS[kind]]
        if question.optional:
            parts.append("none if none")
        if stored is not None:
            parts.append(self._kept(question, stored))
        if question.unknown_allowed:
            parts.append("don't know if you don't")
        parts.append("? for help")
        instruction = f"({'; '.join(parts)})"
        while True:
            text = self.prompter.text(self._prompt(question), instruction).strip()
            command = _command(text)
            if command is not None:
                return command
            if not text:
                if stored is not None:
                    return stored
                self.say_wrapped(
                    f"Nothing typed: {PICKER_HINTS[kind]}"
                    + (', or "none"' if question.optional else "")
                    + "."
                )
                continue
            folded = text.casefold()
            if folded in UNKNOWN_WORDS:
                return UNKNOWN
            if question.optional and folded in NONE_WORDS and text != "NO":  # (NO: Norway)
                return NO_ANSWER
            if kind == "cusma_profession" and folded == "none":
                return "none"
            matches, exact = self._matches(kind, text)
            if exact is not None:
                value, label = exact
                self.say(f"Found: {label}")
                return value
            if not matches:
                self.say_wrapped(
                    f"No {PICKER_NOUNS[kind]} matches {text!r}. Try fewer letters, another "
                    "word or the code."
                )
                continue
            if len(matches) == 1:
                value, label = matches[0]
                self.say(f"Found: {label}")
                return value
            more = " (the first 15)" if len(matches) >= MAX_MATCHES else ""
            self.say(f"{len(matches)} matches for {text!r}{more}.")
            options = [Option(value, label) for value, label in matches]
            if kind == "cusma_profession":
                options.append(Option("none", "None of these professions"))
            options.append(Option(SEARCH_AGAIN, "None of these: search again", AGAIN_KEY))
            if question.unknown_allowed:
                options.append(Option(UNKNOWN, UNKNOWN_TITLE, UNKNOWN_KEY))
            options.append(Option(HELP, "Help: why this is asked, and its source", HELP_KEY))
            if can_go_back:
                options.append(Option(BACK, "Back to the previous question", BACK_KEY))
            while True:
                choice = self.prompter.select(
                    f"Which {PICKER_NOUNS[kind]}?",
                    options,
                    None,
                    f"(type the number or letter, then Enter; {AGAIN_KEY} to search again)",
                )
                if choice is not NOTHING:
                    break
                self.say_wrapped(
                    f"Nothing chosen: type the number of the {PICKER_NOUNS[kind]}, or "
                    f"{AGAIN_KEY} to search again, then Enter."
                )
            if choice is SEARCH_AGAIN:
                continue
            return choice

    def _propose_profession(self, question: Question, can_go_back: bool) -> object:
        """The CUSMA professions the occupation already given usually is, proposed for the
        person to confirm; SEARCH_AGAIN when there is none or the person wants to search."""
        proposed = professions_for_noc(self.content, self.state.answers)
        if not proposed:
            return SEARCH_AGAIN
        noc = self.content.questions_by_id.get("noc")
        occupation = (
            answer_text(self.content, noc, self.state.answers.get("noc")) if noc else "the job"
        )
        names = " or ".join(profession.name for profession in proposed)
        self.say_wrapped(
            f"The occupation {occupation} is usually the CUSMA profession {names}; "
            "the duties decide, so please confirm."
        )
        options = [Option(profession.name, f"Yes: {profession.name}") for profession in proposed]
        options.append(Option(SEARCH_AGAIN, "Another profession: search the list", AGAIN_KEY))
        options.append(Option("none", "None: the job is not on the CUSMA list"))
        if question.unknown_allowed:
            options.append(Option(UNKNOWN, UNKNOWN_TITLE, UNKNOWN_KEY))
        options.append(Option(HELP, "Help: why this is asked, and its source", HELP_KEY))
        if can_go_back:
            options.append(Option(BACK, "Back to the previous question", BACK_KEY))
        while True:
            choice = self.prompter.select(
                f"Is the job the CUSMA profession {names}?",
                options,
                None,
                "(type the number or letter, then Enter)",
            )
            if choice is not NOTHING:
                return choice
            self.say_wrapped(
                "Nothing chosen: type 1 to confirm the profession, "
                f"{AGAIN_KEY} to search the list, or the number of another answer, then Enter."
            )

    def _matches(
        self, kind: str, text: str
    ) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
        """(value, label) of each match, and the one the text names exactly, if any."""
        from ftawizard.content import occupations

        folded = text.casefold()
        found: list[tuple[str, str]] = []
        exact: tuple[str, str] | None = None
        if kind == "country":
            for country in occupations.search_countries(self.content, text, limit=MAX_MATCHES):
                item = (country.code, f"{country.name} ({country.code})")
                found.append(item)
                if exact is None and folded in (country.code.casefold(), country.name.casefold()):
                    exact = item
        elif kind == "noc":
            for match in occupations.occupation_index(self.content).search(
                text, limit=MAX_MATCHES, system=self._noc_system()
            ):
                label = f"{match.code} {match.title} ({match.level})"
                if match.matched and match.matched.casefold() != match.title.casefold():
                    label += f", e.g. {match.matched}"
                item = (match.code, label)
                found.append(item)
                if exact is None and match.code == text:
                    exact = item
        else:
            named = self.content.cusma_by_key.get(folded)
            for profession in occupations.search_cusma_professions(
                self.content, text, limit=MAX_MATCHES
            ):
                item = (profession.name, profession.name)
                found.append(item)
                if exact is None and named is not None and profession.name == named.name:
                    exact = item
        return found, exact

    def _noc_system(self) -> str:
        date = self.state.answers.get("application_date")
        on = dt.date.fromisoformat(date) if isinstance(date, str) and date else self.today
        return "noc2021" if on >= self.content.noc_switch_date else "noc2016"

    # ------------------------------------------------------------------ the end
    def _finish(self) -> int:
        current = self._plan()
        self._results(current)
        while True:
            options = [
                Option("save", "Save the report or the checklist to a file", "r"),
                Option("change", "Change an answer", "c"),
            ]
            if self.session is not None:
                options.append(Option("name", "Give this session a name", "n"))
            options.append(Option("finish", "Finish", "f"))
            action = self.prompter.select(
                "What next?", options, "finish", "(type the letter, then Enter)"
            )
            if action == "save":
                self._save_report(current)
            elif action == "name":
                self._name_session()
            elif action == "change":
                target = self._choose_step(current)
                if target is not None:
                    self._ask_until_done(target)
                    self._review()
                    current = self._plan()
                    self._results(current)
            else:
                self._goodbye()
                return EXIT_OK

    def _review(self) -> None:
        """ "Check your answers": every answer of the steps that matter, numbered, printed
        as lines (a transcript keeps them); the person types a number to change that answer
        (which comes back here) or c to confirm them and see the results."""
        while True:
            current = self._plan()
            if current.next is not None:  # (a change made a new question matter)
                self._ask_until_done(None)
                continue
            self.say()
            self.say("Check your answers")
            for number, step in enumerate(current.steps, start=1):
                self.say(f"{number:>3}) {step.label}: {self._answer(step)}")
            self.say_wrapped(
                "These answers decide the results. Type the number of an answer to change "
                f"it, or {CONFIRM_KEY} to confirm them and see the results."
            )
            while True:
                text = self.prompter.text(
                    "Change an answer, or see the results?",
                    f"(a number from 1 to {len(current.steps)}, or {CONFIRM_KEY})",
                ).strip()
                if text.casefold() == CONFIRM_KEY:
                    return
                if text.isdigit() and 1 <= int(text) <= len(current.steps):
                    break
                if not text:
                    self.say_wrapped(
                        f"Nothing typed: type {CONFIRM_KEY} to see the results, or the number "
                        "of an answer to change it, then Enter."
                    )
                else:
                    self.say_wrapped(
                        f"Not understood: {text!r}. Type {CONFIRM_KEY} to see the results, or "
                        f"a number from 1 to {len(current.steps)} to change that answer."
                    )
            self._ask_until_done(current.steps[int(text) - 1].id)

    def _answer(self, step: Question) -> str:
        return answer_text(self.content, step, self.state.answers.get(step.id))

    def _results(self, current: Plan) -> None:
        from ftawizard.export.text import render_assessment

        self.say()
        self.say("Results")
        checklist = checklist_text(self.content, current.assessment, self.state, self.today)
        # the checklist below lists the documents, so the report leaves them out
        report = render_assessment(
            self.content, current.assessment, documents=not checklist, today=self.today
        )
        self.say(report.rstrip())
        unknown = [
            step
            for step in current.steps
            if is_unknown(self.state.answers.get(step.id)) and step.id in current.assessment.missing
        ]
        if unknown:
            self.say()
            self.say("What to find out")
            for step in unknown:
                self.say_wrapped(f"- {self._prompt(step)} (answered: I don't know)")
                find_out = question_find_out(self.content, step, self.state.answers)
                if find_out:
                    self.say_wrapped(find_out, "  ")
        if checklist:
            self.say()
            self.say("Checklist")
            self.say(checklist.rstrip())

    def _default_file(self, suffix: str) -> str:
        name = self.session.record.name if self.session is not None else "report"
        slug = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "report"
        return f"ftawizard-{slug}{suffix}"

    def _save_report(self, current: Plan) -> None:
        formats = export_formats()
        chosen = formats[0]
        if len(formats) > 1:
            picked = self.prompter.select(
                "Which format?",
                [Option(item.id, item.title) for item in formats],
                formats[0].id,
                "(type the number, then Enter)",
            )
            chosen = next(item for item in formats if item.id == picked)
        default = self._default_file(chosen.suffix)
        text = self.prompter.text(
            "Save it to which file?", f"(Enter for {default} in the current folder)"
        ).strip()
        path = Path(text or default).expanduser()
        if path.is_dir():
            path = path / default
        if path.exists():
            overwrite = self.prompter.select(
                f"{path} exists. Replace it?",
                [Option(True, "Yes, replace it", "y"), Option(False, "No", "n")],
                False,
                "(y or n, then Enter)",
            )
            if overwrite is not True:
                self.say("Not saved.")
                return
        try:
            data = chosen.render(self.content, current.assessment, self.state, self.today)
        except ImportError as error:  # a format whose library is not installed
            self.say_wrapped(f"Not saved: {chosen.title} needs {error.name or error}.")
            return
        try:
            from ftawizard.export.command import write

            write(data, path)  # owner-only (0600), as the sessions
        except OSError as error:
            self.say_wrapped(f"Not saved: {error.strerror or error} ({path}).")
            return
        self.say(f"Saved to {path}.")

    def _name_session(self) -> None:
        assert self.session is not None
        name = self.prompter.text(
            "Name for this session?", f"(now {self.session.record.name!r}; Enter keeps it)"
        ).strip()
        if not name:
            return
        try:
            self.session.save(self.state)
            self.session.rename(name)
        except (OSError, SessionError) as error:
            self.say_wrapped(f"Not renamed: {error}")
            return
        self.say(f"Saved as {self.session.record.name!r}.")

    def _choose_step(self, current: Plan) -> str | None:
        options = [
            Option(
                step.id,
                f"{step.label}: {answer_text(self.content, step, self.state.answers.get(step.id))}",
            )
            for step in current.steps
        ]
        options.append(Option(BACK, "Cancel (keep the answers)", BACK_KEY))
        choice = self.prompter.select("Which answer?", options, None)
        return choice if isinstance(choice, str) else None

    def _goodbye(self) -> None:
        self.say()
        if self.session is not None:
            where = self._where_saved()
            if self.save_problem:
                self.say_wrapped(where)
            else:
                self.say(where)
            self.say(f"Resume with:  ftawizard resume {self.session.record.id} --plain")
        self.say("ftawizard explains the published rules; the officer decides.")


# ---------------------------------------------------------------------- export formats
Renderer = Callable[[Content, Assessment, WizardState, dt.date], "str | bytes"]

CHECKLIST_TITLES = {
    "text": "The checklist (text)",
    "markdown": "The checklist (Markdown)",
    "html": "The checklist (HTML, prints from a browser)",
    "pdf": "The checklist (PDF)",
}


@attrs.frozen
class ExportFormat:
    id: str
    title: str
    suffix: str
    render: Renderer


def build_checklist(
    content: Content, assessment: Assessment, state: WizardState, today: dt.date
) -> Any:
    """The checklist of the open routes (ticks from the session), or None when the export
    package has no checklist."""
    try:
        from ftawizard.export.checklist import build_checklist as build
    except ImportError:
        return None
    return build(content, assessment, checked=set(state.checked), made_on=today)


def _export_command() -> Any:
    """``ftawizard.export.command`` (the checklist command's renderers), if it is there."""
    try:
        from ftawizard.export import command
    except ImportError:
        return None
    return command if hasattr(command, "render") and hasattr(command, "FORMATS") else None


def checklist_text(
    content: Content, assessment: Assessment, state: WizardState, today: dt.date
) -> str:
    """The checklist of the open routes as plain text; "" when no route is open (or when
    the export package has no checklist)."""
    command = _export_command()
    checklist = build_checklist(content, assessment, state, today) if command else None
    if checklist is None or not checklist.routes:
        return ""
    return str(command.render(checklist, "text"))


def _report(content: Content, assessment: Assessment, state: WizardState, today: dt.date) -> str:
    """The verdicts with their reasons, then the checklist: what the plain mode prints."""
    from ftawizard.export.text import render_assessment

    text = render_assessment(content, assessment, today=today).rstrip() + "\n"
    checklist = checklist_text(content, assessment, state, today)
    if checklist:
        text += "\n" + checklist.rstrip() + "\n"
    return text


def _checklist_format(command: Any, fmt: str) -> ExportFormat:
    def rendered(
        content: Content, assessment: Assessment, state: WizardState, today: dt.date
    ) -> str | bytes:
        data = command.render(build_checklist(content, assessment, state, today), fmt)
        return data if isinstance(data, bytes) else str(data)

    suffix = getattr(command, "EXTENSIONS", {}).get(fmt, f".{fmt}")
    return ExportFormat(fmt, CHECKLIST_TITLES.get(fmt, f"The checklist ({fmt})"), suffix, rendered)


def export_formats() -> list[ExportFormat]:
    """What the end of the wizard can save: the text report (verdicts, reasons and
    checklist), and the checklist in each format of ``ftawizard checklist``."""
    formats = [
        ExportFormat(
            "report", "The report: verdicts, reasons and checklist (text)", ".txt", _report
        )
    ]
    command = _export_command()
    if command is not None:
        formats.extend(_checklist_format(command, fmt) for fmt in command.FORMATS)
    return formats


def _command(text: str) -> Command | None:
    folded = text.casefold()
    if folded in HELP_WORDS:
        return HELP
    if folded in BACK_WORDS:
        return BACK
    return None


def answer_text(content: Content, question: Question, value: object) -> str:
    """An answer in a transcript: "Mexico (MX)", "not answered", "none"…"""
    return words.answer_text(
        content, question, value, unanswered="not answered", skipped="none", with_code=True
    )
