"""A checkbox whose state reads without colour: "✓" when ticked, blank when not."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        # Textual's checkbox shows the same "X" in both states, told apart by colour only.
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
