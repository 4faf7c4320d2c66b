"""The state of one assessment, shared by every front-end (and, later, saved to disk)."""

from __future__ import annotations

import attrs


@attrs.define
class WizardState:
    """Raw answers keyed by question id, the question on screen, and ticked documents.

    Answers are kept even when a later change makes them irrelevant, so changing one's mind
    twice loses nothing; the flow engine decides which of them matter.
    """

    answers: dict[str, object] = attrs.field(factory=dict)
    current: str | None = None
    checked: set[str] = attrs.field(factory=set)

    @property
    def perspective(self) -> str:
        value = self.answers.get("perspective")
        return value if isinstance(value, str) and value else "worker"
