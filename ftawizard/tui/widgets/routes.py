"""The live routes panel: each candidate route and where it stands, as answers come in."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static


class RoutesPanel(Static):
    """Compact lines such as "✓ CPTPP Professionals (T52): eligible"."""

    DEFAULT_CSS = """
    RoutesPanel { height: auto; max-height: 9; }
    """

    def show_routes(self, lines: Sequence[str]) -> None:
        self.update("\n".join(lines) if lines else "No route is open yet.")
