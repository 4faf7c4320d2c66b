"""The title bar at the top of every full screen, as one widget (see ``bar``)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from ftawizard.tui.widgets.bar import Bar

# Textual's Header: an icon area of 8 cells on the left (a click opens the command palette),
# the title centred, and 10 cells kept on the right where its clock would be
ICON = " ⭘"
ICON_WIDTH = 8
RIGHT_WIDTH = 10


class TitleBar(Bar):
    """The app's title and sub-title (or the screen's own, when it sets them), centred.

    They are read when the bar is drawn; ftawizard's titles do not change while it runs,
    so nothing watches them."""

    def parts(self, width: int) -> Iterable[tuple[Content, str | None]]:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        middle = max(width - ICON_WIDTH - RIGHT_WIDTH, 0)
        icon = Content(ICON.ljust(ICON_WIDTH))
        yield icon, "palette" if app.ENABLE_COMMAND_PALETTE else None
        yield app.format_title(title, sub_title).center(middle, ellipsis=True), None
        yield Content(" " * RIGHT_WIDTH), None

    def press(self, part: str) -> None:
        self.call_later(self.app.run_action, "app.command_palette")
