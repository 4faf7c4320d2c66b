"""The start screen: begin as the worker or as the employer, resume or delete a saved
session, or read about the tool."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ftawizard.content.rules_age import RulesAge, rules_age
from ftawizard.tui.messages import ContentLoaded
from ftawizard.tui.screens.base import FullScreen

if TYPE_CHECKING:
    from ftawizard.sessions.schema import SessionRecord

INTRO = (
    "[b]Can a worker from a free-trade-agreement country get a Canadian work permit "
    "without an LMIA?[/b]\n\n"
    "Answer a few questions about the worker and the job. ftawizard checks every route under "
    "Canada's free trade agreements, explains each verdict with its source, and ends with the "
    "checklist of documents.\n"
    "[dim]It explains the published rules; it is not legal advice, and the officer decides.[/dim]"
)


def rules_lines(age: RulesAge) -> str:
    """How old the rules are, and the notice when they may be out of date (markup)."""
    line = f"[dim]{escape(age.line)}.[/dim]"
    if age.notice:
        line += f"\n[b]Notice:[/b] {escape(age.notice)}"
    return line


def agreements_line(agreements: list[str]) -> str:
    """The agreements the content covers, in one sentence."""
    if len(agreements) > 1:
        named = ", ".join(agreements[:-1]) + f" and {agreements[-1]}"
    else:
        named = "".join(agreements)
    return f"[dim]Agreements covered:[/dim] {named}."


class StartScreen(FullScreen[None]):
    BINDINGS = [
        # acted on before the next key is delivered (priority): the keys typed after them
        # wait for the first question (see FtaWizardApp.hold_keys)
        Binding("w", "start('worker')", "As the worker", priority=True),
        Binding("e", "start('employer')", "As the employer", priority=True),
        Binding("d", "delete", "Delete session"),
        Binding("a", "app.about", "About", show=False),  # in the menu, with its key
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, SessionRecord] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        # drawn before the content is loaded (``ftawizard`` opens on this screen): what
        # needs the content (the agreements, the saved sessions) is filled in on_content_loaded
        with Vertical(id="start"):
            yield Static(INTRO, id="intro")
            yield OptionList(
                Option("Start as the worker            (w)", id="worker"),
                Option("Start as the Canadian employer (e)", id="employer"),
                Option("About ftawizard and its sources (a)", id="about"),
                Option("Quit                           (q)", id="quit"),
                id="start-menu",
            )
            # the saved sessions under the menu, where they show even at 80×24
            yield Label("", id="sessions-title", classes="panel-title")
            yield OptionList(id="sessions")
            yield Static("", id="agreements")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start-menu", OptionList).focus()
        self.on_content_loaded()

    def on_content_loaded(self, _: ContentLoaded | None = None) -> None:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        if self.app.load_pending:
            return
        content = self.app.content
        names = [agreement.short for agreement in content.agreements]
        # no application date yet: the notice follows today's date
        age = rules_age(content, self.app.today, self.app.today)
        self.query_one("#agreements", Static).update(
            agreements_line(names) + "\n" + rules_lines(age)
        )
        self.refresh_sessions()

    def on_screen_resume(self) -> None:
        self.refresh_sessions()

    def refresh_sessions(self) -> None:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        listing = self.query_one("#sessions", OptionList)
        title = self.query_one("#sessions-title", Label)
        if self.app.load_pending:
            listing.display = title.display = False
            return
        listing.clear_options()
        self.sessions = {}
        store = self.app.store
        if store is None:
            listing.display = title.display = False
            return
        from ftawizard.sessions.schema import display_name

        records, broken = store.scan()
        listing.display = title.display = bool(records or broken)
        title.update(f"Saved sessions ({len(records)}) — Enter resumes, d deletes")
        content = self.app.content
        for record in records[:50]:
            self.sessions[record.id] = record
            citizen = record.answers.get("citizenship")
            country = content.country_name(str(citizen)) if citizen else "no citizenship yet"
            step = content.questions_by_id.get(record.current or "")
            where = f" · at {step.label}" if step else ""
            line = f"{display_name(record.name)} · {record.perspective} · {country}{where} · {record.updated[:16].replace('T', ' ')}"
            listing.add_option(Option(Text(line, no_wrap=True, overflow="ellipsis"), id=record.id))
        for item in broken:
            listing.add_option(
                Option(
                    Text(
                        f"⚠ unreadable, left as is: {display_name(item.path.name)} — "
                        f"{display_name(item.problem, 300)}"
                    ),
                    disabled=True,
                )
            )

    @on(OptionList.OptionSelected, "#start-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice in ("worker", "employer"):
            self.action_start(choice)
        elif choice == "about":
            from ftawizard.tui.app import FtaWizardApp

            assert isinstance(self.app, FtaWizardApp)
            self.app.action_about()
        else:
            self.app.exit()

    @on(OptionList.OptionSelected, "#sessions")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        record = self.sessions.get(event.option.id or "")
        if record is not None:
            self.app.resume(record)

    def action_start(self, perspective: str) -> None:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        self.app.hold_keys()
        self.app.start(perspective)

    def action_delete(self) -> None:
        from ftawizard.sessions.schema import display_name
        from ftawizard.sessions.store import SessionError
        from ftawizard.tui.app import FtaWizardApp
        from ftawizard.tui.screens.confirm import ConfirmScreen

        assert isinstance(self.app, FtaWizardApp)
        app = self.app
        if not app.loaded():
            return
        listing = self.query_one("#sessions", OptionList)
        if listing.highlighted is None or app.store is None:
            self.notify("Highlight a saved session first (Tab to the list).", timeout=4)
            return
        record = self.sessions.get(listing.get_option_at_index(listing.highlighted).id or "")
        if record is None:
            return
        store = app.store

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                store.delete(record)
            except (OSError, SessionError) as error:
                self.notify(str(error), severity="error", timeout=8)
            else:
                self.notify(f"Deleted '{display_name(record.name)}'.", timeout=4)
            self.refresh_sessions()

        app.push_screen(
            ConfirmScreen(
                f"Delete the session '{display_name(record.name)}'? "
                "Its answers cannot be recovered."
            ),
            answered,
        )
