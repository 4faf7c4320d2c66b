"""About: the version, the content tree loaded, its agreements and its sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ftawizard import __version__


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
        sources = "\n".join(
            f"• {source.title} ({source.date})\n  [dim]{source.url}[/dim]"
            for source in content.sources.values()
        )
        with VerticalScroll(id="about-dialog") as dialog:
            dialog.border_title = "About ftawizard"
            yield Static(
                f"ftawizard {__version__} · content {content.version}\n"
                f"NOC 2021 TEER categories apply from {content.noc_switch_date.isoformat()}.\n\n"
                "[b]Agreements[/b]\n" + "\n".join(agreements)
            )
            yield Static("\n[b]Sources[/b]\n" + sources)
            yield Static("\n[dim]Esc closes.[/dim]")
