"""About: the version, the content tree loaded, its agreements and its sources."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ftawizard import __version__
from ftawizard.content.models import Source
from ftawizard.content.rules_age import rules_age, sources_by_checked
from ftawizard.tui.screens.start import rules_lines


def _dates(source: Source) -> str:
    """``checked 2026-12-07; page of 2025-01-03``: when the source was last checked."""
    parts = []
    if source.checked is not None:
        parts.append(f"checked {source.checked.isoformat()}")
    if source.date is not None:
        parts.append(f"page of {source.date.isoformat()}")
    return "; ".join(parts) or "undated"


class AboutScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        content = self.app.content
        agreements = []
        for agreement in content.agreements:
            categories = ", ".join(
                f"{category.name} ({category.exemption_code})" for category in agreement.categories
            )
            agreements.append(f"• [b]{agreement.short}[/b] — {agreement.name}\n  {categories}")
        # the least recently checked first, as 'ftawizard content sources' lists them
        sources = "\n".join(
            f"• {escape(source.title)} ({_dates(source)})\n  [dim]{escape(source.url)}[/dim]"
            for source in sources_by_checked(content)
        )
        age = rules_age(content, self.app.today, self.app.today)
        with VerticalScroll(id="about-dialog") as dialog:
            dialog.border_title = "About ftawizard"
            yield Static(
                f"ftawizard {__version__} · content {content.version}\n"
                f"{rules_lines(age)}\n"
                f"NOC 2021 TEER categories apply from {content.noc_switch_date.isoformat()}.\n\n"
                "[b]Agreements[/b]\n" + "\n".join(agreements)
            )
            yield Static("\n[b]Sources[/b], the least recently checked first\n" + sources)
            yield Static("\n[dim]Esc closes.[/dim]")
