"""Sessions and the content tree together: open a saved session as a wizard state (with a
notice of what changed in the content since), and save a state back."""

from __future__ import annotations

from typing import Any

import attrs

from ftawizard.content.models import ChangeEntry, Content
from ftawizard.sessions.schema import SessionRecord
from ftawizard.sessions.state import WizardState
from ftawizard.sessions.store import SessionStore


def answer_checker(content: Content) -> Any:
    """A ``check_answers`` function for ``SessionStore``: answers no version of the flow could
    have stored (an unknown country, a NOC code that exists in neither classification, a
    wrong type) make the file "broken". Answers that are only stale — valid once, made
    invalid by a later change such as the application date — are kept: the wizard asks
    them again."""
    from ftawizard.engine.answers import AnswerError, check_answer, is_unknown

    def check(answers: dict[str, Any]) -> list[str]:
        problems = []
        for key, value in answers.items():
            question = content.questions_by_id.get(key)
            if question is None or value is None or value == "" or is_unknown(value):
                # unknown keys are ignored everywhere; "" is a skipped question and
                # "unknown" the answer "I don't know"
                continue
            try:
                canonical = check_answer(content, question, value)
            except AnswerError as error:
                problems.append(f"answers.{key}: {error.message}")
                continue
            if (
                question.type == "noc"
                and canonical not in content.noc2021
                and canonical not in content.noc2016
            ):
                problems.append(f"answers.{key}: {value!r} is not a NOC 2021 or NOC 2016 code")
        return problems

    return check


def store_for(content: Content, data_dir: str | None = None) -> SessionStore:
    return SessionStore(data_dir, check_answers=answer_checker(content))


def _change_line(content: Content, entry: ChangeEntry) -> str:
    """A change as a person reads it: what changed, from when, and who says so."""
    extra = []
    if entry.effective is not None:
        extra.append(f"from {entry.effective}")
    source = content.sources.get(entry.source) if entry.source else None
    if source is not None:
        extra.append(f"source: {source.title}")
    return f"{entry.text} ({'; '.join(extra)})" if extra else entry.text


def _version_key(version: str) -> tuple[int, ...] | None:
    parts = version.strip().split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def newer_rules(content: Content, version: str) -> bool:
    """Whether ``version`` (a session's content version) is newer than the installed
    content: the session was written by a newer ftawizard."""
    mine, theirs = _version_key(content.version), _version_key(version)
    return mine is not None and theirs is not None and theirs > mine


def newer_rules_notice(content: Content, version: str) -> str:
    return (
        f"these answers were saved by a newer ftawizard, with newer rules (content {version}) "
        f"than this one has (content {content.version}): they are assessed with the older "
        "rules here; upgrade ftawizard to use the newer ones"
    )


def changes_since(content: Content, version: str) -> list[str]:
    """What changed in the content after ``version`` (empty when it is current); for a
    session written with newer rules, one line saying so."""
    if version == content.version:
        return []
    if newer_rules(content, version):
        return [newer_rules_notice(content, version)]
    known = [change.version for change in content.changes]
    start = known.index(version) + 1 if version in known else 0
    lines = [
        f"{change.version} ({change.date}): {_change_line(content, entry)}"
        for change in content.changes[start:]
        for entry in change.changes
    ]
    return lines or [f"the content changed from {version} to {content.version}"]


def to_state(record: SessionRecord, content: Content | None = None) -> WizardState:
    """The wizard's state for a stored session; with the content, answers to retired
    questions are carried over to the questions that replaced them."""
    answers = dict(record.answers)
    if content is not None:
        from ftawizard.engine.answers import upgrade_answers

        answers = upgrade_answers(content, answers)
    return WizardState(answers=answers, current=record.current, checked=set(record.checked))


@attrs.define
class OpenSession:
    """A session being worked on: the record on disk and the state in memory, kept in step."""

    store: SessionStore
    record: SessionRecord
    content: Content

    def save(self, state: WizardState) -> None:
        self.record = self.store.save(
            attrs.evolve(
                self.record,
                answers=dict(state.answers),
                current=state.current,
                checked=tuple(sorted(state.checked)),
                content_version=self.content.version,
            )
        )

    def rename(self, name: str) -> None:
        self.record = self.store.rename(self.record, name)
