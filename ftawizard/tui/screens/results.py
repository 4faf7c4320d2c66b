"""Results: one card per route, verdict in words and symbols, the permit's length and where to
apply, reasons with their sources. ``c`` compares the open routes side by side, ``d`` opens
the checklist."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import Button, Collapsible, Footer, Header, Static

from ftawizard.engine.evaluate import Assessment, RouteResult, Verdict
from ftawizard.engine.flow import plan
from ftawizard.tui.display import (
    VERDICT_CLASS,
    VERDICT_SYMBOL,
    VERDICT_WORDS,
    length_text,
    reason_mark,
)
from ftawizard.tui.screens.base import FullScreen
from ftawizard.tui.widgets.scroll import ScrollArea

ORDER = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_INFO: 1, Verdict.NOT_ELIGIBLE: 2}
# The first frame holds the cards that fill the terminal, and one more; the others (up to a
# hundred widgets more) are built and mounted right after that frame, below the fold, so the
# results appear at once.


class ResultsScreen(FullScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back to the questions"),
        Binding("c", "compare", "Compare routes"),
        Binding("d", "checklist", "Checklist"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # the assessment on screen, handed on to the comparison and the checklist
        self.assessment: Assessment | None = None
        # the routes whose cards are built and mounted after the first frame (None: the
        # card of what the agreements do not cover)
        self._later: list[RouteResult | None] = []
        self.complete = False  # every card is mounted

    def compose(self) -> ComposeResult:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        content = self.app.content
        current = plan(content, self.app.state.answers, today=self.app.today)
        assessment = current.assessment
        self.assessment = assessment
        routes = sorted(assessment.routes, key=lambda route: ORDER[route.verdict])
        yield Header()
        with ScrollArea(id="results"):
            yield Static(self._summary(routes, bool(current.next)), id="summary")
            rows = 4  # the header, the summary and its margin
            shown = 0
            for route in routes:
                if rows > self.app.size.height:
                    break
                card, height = self._card(route)
                yield card
                rows += height
                shown += 1
            later: list[RouteResult | None] = list(routes[shown:])
            if assessment.not_covered:
                later.append(None)
            if shown == len(routes):
                yield from self._cards(later)
            else:
                self._later = later
            with Horizontal(id="results-nav"):
                yield Button("← Back to the questions", id="back", compact=True)
                yield Button("Compare routes (c)", id="compare", compact=True)
                yield Button("Checklist (d) →", id="checklist", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        if self._later:
            # after the first frame: it shows the cards at the top as soon as possible
            self.call_after_refresh(self._mount_later)
        else:
            self.complete = True

    async def _mount_later(self) -> None:
        later, self._later = self._later, []
        await self.query_one("#results").mount_all(self._cards(later), before="#results-nav")
        self.complete = True

    def _cards(self, routes: list[RouteResult | None]) -> list[Vertical]:
        cards = [self._card(route)[0] for route in routes if route is not None]
        if None in routes:
            assert self.assessment is not None
            lines = [
                f"• {entry.agreement.short} {entry.category.name.lower()}: {entry.text}"
                for entry in self.assessment.not_covered
            ]
            card = Vertical(Static("\n".join(lines)), classes="card not-covered")
            card.border_title = "Not covered"
            cards.append(card)
        return cards

    def _summary(self, routes: list[RouteResult], unanswered: bool) -> str:
        eligible = [route for route in routes if route.verdict is Verdict.ELIGIBLE]
        if eligible:
            names = ", ".join(
                f"{route.agreement.short} {route.category.name.lower()} ({route.category.exemption_code})"
                for route in eligible
            )
            text = f"[b]✓ Open: {names}.[/b]"
        elif not routes:
            text = "[b]✗ No route is open for this citizenship and permanent residence.[/b] See below why; another citizenship or a permanent residence the agreements cover would change it."
        elif any(route.verdict is Verdict.NEEDS_INFO for route in routes):
            text = "[b]? No route is confirmed yet.[/b] The cards below say what is still needed or what an officer decides."
        else:
            text = "[b]✗ No route is open on these answers.[/b] Each card lists the criteria that are not met: changing one of them (the purpose of the stay, the occupation, education or experience) is what would change the outcome."
        if unanswered:
            text += "\n[dim]Some questions are still unanswered: Esc goes back to them.[/dim]"
        return text

    def _card(self, route: RouteResult) -> tuple[Vertical, int]:
        """The card of ``route``, and about how many rows it takes (at least)."""
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        content = self.app.content
        category = route.category
        former = "".join(f", formerly {code.code}" for code in category.former_codes)
        verdict = f"[b]{VERDICT_SYMBOL[route.verdict]} {VERDICT_WORDS[route.verdict].upper()}[/b] · initial permit up to {category.max_initial_duration_months} months"
        cited: list[str] = []  # sources as numbered footnotes, so each is named once per card

        def cite(source_id: str) -> str:
            if source_id not in cited:
                cited.append(source_id)
            return f"[dim]\\[{cited.index(source_id) + 1}][/dim]"

        facts = []
        if category.duration is not None:
            length = category.duration
            facts.append(f"[b]Length:[/b] {escape(length_text(length))} {cite(length.source)}")
        place = content.apply_at.get(category.apply_at)
        where: Collapsible | None = None
        if place is not None:
            # the title on the card, the full text one Enter (or click) away; the source
            # is a footnote, like the reasons'
            where = Collapsible(
                Static(escape(place.text), classes="apply-at-text"),
                title=f"[b]Where to apply:[/b] {escape(place.title)} {cite(place.source)}",
                classes="apply-at",
            )
        reasons = sorted(route.reasons, key=lambda reason: {False: 0, None: 1, True: 2}[reason.met])
        lines = [
            f"{reason_mark(reason)} — {reason.text} {cite(reason.source)}" for reason in reasons
        ]
        if route.missing:
            needed = ", ".join(content.questions_by_id[q].label for q in route.missing)
            lines.append(f"[b]Still needed:[/b] {needed}")
        for note in route.notes:
            lines.append(f"[i]Note:[/i] {note.text}")
        for number, source_id in enumerate(cited, start=1):
            source = content.sources[source_id]
            lines.append(f"[dim]\\[{number}] {source.title} ({source.date})[/dim]")
        parts: list[Widget] = [Static(verdict, classes="verdict")]
        if facts:
            parts.append(Static("\n".join(facts), classes="facts"))
        if where is not None:
            parts.append(where)
        parts.append(Static("\n".join(lines), classes="reasons"))
        card = Vertical(*parts, classes=f"card {VERDICT_CLASS[route.verdict]}")
        card.border_title = (
            f"{route.agreement.short} · {category.name} · {category.exemption_code}{former}"
        )
        width = max(self.app.size.width - 6, 20)  # inside the borders and paddings
        rows = 3 + 2 + len(facts) + (2 if where is not None else 0)
        rows += sum(1 + len(line) // width for line in lines)
        return card, rows

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#compare")
    def action_compare(self) -> None:
        from ftawizard.tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(self.assessment))

    @on(Button.Pressed, "#checklist")
    def action_checklist(self) -> None:
        from ftawizard.tui.screens.checklist import ChecklistScreen

        self.app.push_screen(ChecklistScreen(self.assessment))
