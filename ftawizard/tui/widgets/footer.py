"""The footer of key bindings, as one widget (see ``bar``), redrawn only when its keys change.

It shows what Textual's Footer shows: each binding marked ``show`` (one per action, the
first bound key), dimmed when its action is disabled, and the command palette's key on the
right; a click on a key presses it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from textual.content import Content
from textual.screen import Screen

from ftawizard.tui.widgets.bar import Bar

PALETTE_EDGE = "▏"


@attrs.frozen
class ShownKey:
    """A key as the footer shows it."""

    key: str  # the key pressed by a click
    display: str  # how it is shown, e.g. "^r"
    description: str
    enabled: bool


class KeyFooter(Bar):
    """Textual's Footer rebuilds all its key widgets whenever the focus moves, even when the
    keys on show stay the same (most moves in the wizard): this one compares them first,
    and has no widget per key."""

    COMPONENT_CLASSES = {
        *Bar.COMPONENT_CLASSES,
        "key-footer--key",
        "key-footer--description",
        "key-footer--disabled",
        "key-footer--edge",
    }

    _keys: tuple[ShownKey, ...] = ()
    _palette: ShownKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._read_keys(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # a lost focus empties the bindings for a moment: keep the last keys (as Textual's)
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            self._read_keys(screen)

    def _read_keys(self, screen: Screen[object]) -> None:
        app = screen.app
        keys: list[ShownKey] = []
        actions: set[str] = set()
        palette: ShownKey | None = None
        for key, (_, binding, enabled, _) in screen.active_bindings.items():
            shown = ShownKey(
                binding.key, app.get_key_display(binding), binding.description, enabled
            )
            if key == app.COMMAND_PALETTE_BINDING:
                if app.ENABLE_COMMAND_PALETTE:
                    palette = shown
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(shown)
        if (tuple(keys), palette) != (self._keys, self._palette):
            self._keys, self._palette = tuple(keys), palette
            self.refresh()

    @property
    def shown(self) -> tuple[ShownKey, ...]:
        """The keys on show, left to right, then the command palette's."""
        return self._keys if self._palette is None else (*self._keys, self._palette)

    def parts(self, width: int) -> Iterable[tuple[Content, str | None]]:
        key_style = self.get_visual_style("key-footer--key", partial=True)
        description_style = self.get_visual_style("key-footer--description", partial=True)
        disabled = self.get_visual_style("key-footer--disabled", partial=True)
        right: list[tuple[Content, str | None]] = []
        if self._palette is not None:
            palette = self._palette
            edge = self.get_visual_style("key-footer--edge", partial=True)
            right.append((Content.styled(PALETTE_EDGE, edge), None))
            piece = Content.assemble(
                (palette.display, key_style), (f" {palette.description}", description_style)
            )
            right.append((piece if palette.enabled else piece.stylize(disabled), palette.key))
            right.append((Content(" "), None))
        room = width - sum(piece.cell_length for piece, _ in right)
        used = 0
        for shown in self._keys:
            piece = Content.assemble(
                (f" {shown.display} ", key_style), (f"{shown.description} ", description_style)
            )
            if not shown.enabled:
                piece = piece.stylize(disabled)
            if used + piece.cell_length > room:
                piece = piece.truncate(max(room - used, 0))
            used += piece.cell_length
            yield piece, shown.key
        yield Content(" " * max(room - used, 0)), None
        yield from right

    def press(self, part: str) -> None:
        for shown in self.shown:
            if shown.key == part:
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return
