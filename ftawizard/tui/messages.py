"""Messages the widgets post upward (named as past events); screens decide what they mean."""

from __future__ import annotations

from textual.message import Message


class AnswerGiven(Message):
    """The person gave an answer to the question on screen (not validated yet)."""

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__()


class StepChosen(Message):
    """The person picked a step in the step list to go back to."""

    def __init__(self, question_id: str) -> None:
        self.question_id = question_id
        super().__init__()


class ContentLoaded(Message):
    """The app has loaded the content tree and the session store (after the start screen's
    first frame, when ``ftawizard`` opens): what depends on them can be shown."""
