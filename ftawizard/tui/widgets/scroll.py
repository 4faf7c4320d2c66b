"""A scrolling area whose focus restyles only itself."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ScrollArea(VerticalScroll):
    """A VerticalScroll for long screens (results, checklist).

    Textual restyles a widget and everything in it when it gains or loses the focus, in case
    a rule styles the children by their container's focus. No rule of this app does that
    for a scrolling area (the container's own look, its scrollbars, is restyled), and on the
    results screen "everything in it" is every card: restyling them all would cost each focus
    change milliseconds for nothing."""

    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)
