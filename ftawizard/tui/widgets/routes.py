"""The live routes panel: each candidate route and where it stands, as answers come in."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static


class RoutesPanel(Static):
    """Compact lines such as "✓ CPTPP Professionals (T52): eligible"."""

    DEFAULT_CSS = """
    RoutesPanel { height: auto; }
    """

    _text: str | None = None

    def show_routes(self, lines: Sequence[str]) -> None:
        text = "\n".join(lines) if lines else "No route is open yet."
        if text != self._text:  # most answers change no route: then nothing is redrawn
            self._text = text
            self.update(text)
