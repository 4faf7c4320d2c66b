"""The footer of key bindings, redrawn only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer rebuilds all its keys whenever the focus moves, even when the keys
    on show stay the same (most moves in the wizard): this one compares them first."""

    _keys: tuple[object, ...] | None = None

    def _shown_keys(self, screen: Screen[object]) -> tuple[object, ...]:
        palette = screen.app.COMMAND_PALETTE_BINDING
        keys: list[tuple[object, ...]] = []
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items():
            if binding.show or key == palette:
                keys.append((key, binding.key_display, binding.description, binding.action))
                keys.append((binding.group, binding.tooltip, enabled, tooltip))
        return tuple(keys)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = self._shown_keys(screen)
            if keys == self._keys:
                return
            self._keys = keys
        super().bindings_changed(screen)
