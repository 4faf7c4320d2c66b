"""A checkbox whose state reads without colour: "✓" when ticked, blank when not."""

from __future__ import annotations

from textual.content import ContentText
from textual.geometry import Size
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's checkbox shows the same "X" in both states, told apart by colour only."""

    def __init__(self, label: ContentText = "", value: bool = False, *, id: str | None = None):
        super().__init__(label, value, id=id)
        self.BUTTON_INNER = "✓" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # a long title wraps (``text-wrap: wrap`` in app.tcss) instead of being cut off
        return self.render().get_height(self.styles, width)
