"""One-line bars drawn as one widget: the title bar and the footer of keys.

Textual's Header is four widgets and its Footer one widget per key. Each widget costs about
15 KB while it lives, and the results screen keeps the questions' screen alive under it, so
those parts were some 20 widgets; here each bar is one, and its clickable parts are spans of
its text that carry their name (``part``) as meta data.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget


class Bar(Widget):
    """A line of text made of parts; a part with a name shows the hover style under the
    mouse and is pressed by a click. Subclasses say what the parts are (``parts``) and what
    pressing one does (``press``)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"bar--hover"}

    _hover: str | None = None

    def parts(self, width: int) -> Iterable[tuple[Content, str | None]]:
        """The line's pieces from left to right, each with its part name or None."""
        raise NotImplementedError

    def press(self, part: str) -> None:
        """The part named ``part`` was clicked."""
        raise NotImplementedError

    def render(self) -> Content:
        pieces: list[Content] = []
        hover: Style | None = None
        for piece, part in self.parts(self.size.width):
            if part is not None:
                piece = piece.stylize(Style.from_meta({"part": part}))
                if part == self._hover:
                    if hover is None:
                        hover = self.get_visual_style("bar--hover", partial=True)
                    piece = piece.stylize(hover)
            pieces.append(piece)
        return Content.assemble(*pieces)

    def _part_at(self, event: events.MouseEvent) -> str | None:
        part = event.style.meta.get("part")
        return part if isinstance(part, str) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        part = self._part_at(event)
        if part != self._hover:
            self._hover = part
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        part = self._part_at(event)
        if part is not None:
            event.stop()
            self.press(part)
