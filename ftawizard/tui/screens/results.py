"""Results: one card per route, verdict in words and symbols, the permit's length and where to
apply, reasons with their sources. ``c`` compares the open routes side by side, ``d`` opens
the checklist."""

from __future__ import annotations

import gc

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Static

from ftawizard.content.models import Content
from ftawizard.engine.advice import advice_lines
from ftawizard.engine.evaluate import Assessment, RouteResult, Verdict
from ftawizard.tui.display import (
    VERDICT_CLASS,
    VERDICT_SYMBOL,
    VERDICT_WORDS,
    length_text,
    reason_mark,
)
from ftawizard.tui.screens.base import FullScreen

ORDER = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_INFO: 1, Verdict.NOT_ELIGIBLE: 2}


def settle(app: App[object]) -> None:
    """While the person reads the screen just drawn: collect the garbage of the last
    change (a closed checklist, the last question's) and exempt what is left (the screens,
    their widgets, the engine's memo) from later collections, as after start-up
    (``FtaWizardApp.freeze_gc``). Otherwise a full collection, which walks everything built
    since start-up (tens of ms, more once the results' cards are built), falls in the
    middle of a later screen change."""
    from ftawizard.tui.app import FtaWizardApp

    if isinstance(app, FtaWizardApp) and app.freeze_gc:
        gc.collect()  # only what is not frozen yet: what the last changes left
        app.freeze_long_lived()


def route_key(route: RouteResult) -> tuple[str, str | None]:
    return (route.route_id, route.route_country)


class WhereLine(Static):
    """A card's "Where to apply" line: a click on it shows or hides the place's text."""

    class Clicked(Message):
        pass

    def on_click(self) -> None:
        self.post_message(self.Clicked())


class RouteCard(Vertical, can_focus=True):
    """One route's card, focusable as a whole (Tab moves card to card): the verdict, the
    permit's length, where to apply (the place's text shown and hidden by Enter or Space on
    the card, or a click on that line), the reasons, what is still needed, the notes and the
    numbered sources. A route's card is built once and its texts updated as the answers
    change.

    A closed route's card starts folded to one line with its main reason, so that the open
    and undecided routes are not buried under the closed ones: Enter, Space or a click shows
    it all (and Enter or Space folds it again)."""

    BINDINGS = [
        Binding("enter,space", "toggle_details", "Show all/fold"),
        Binding("enter,space", "toggle_where", "Where to apply"),
    ]

    def __init__(self, route: RouteResult, content: Content) -> None:
        super().__init__(classes="card")
        self.key = route_key(route)
        self.content_tree = content
        self.place = content.apply_at.get(route.category.apply_at)
        self.unfolded = False  # the place's text is shown
        self.closed = route.verdict is Verdict.NOT_ELIGIBLE
        self.expanded = False  # a closed route's card shows all of it, not one line
        self.verdict_class = ""
        self._texts: dict[Static, str] = {}  # what each part shows, to skip unchanged updates
        self._where_text = ""
        self.titles = ("", "", "")
        self._head = ""
        self._folded = ""  # a closed route's card, folded: its verdict and main reason
        self.head = Static("", classes="card-head")
        self.where = WhereLine("", classes="card-where")
        self.place_text = Static(
            self.place.text if self.place else "", classes="card-place", markup=False
        )
        self.place_text.display = False
        self.reasons = Static("", classes="card-reasons")
        self.summary = Static("", classes="card-summary")
        self.show_route(route)

    def compose(self) -> ComposeResult:
        yield self.summary
        yield self.head
        if self.place is not None:
            yield self.where
            yield self.place_text
        yield self.reasons

    def _show(self, part: Static, text: str) -> None:
        if self._texts.get(part) != text:
            self._texts[part] = text
            part.update(text)

    def show_route(self, route: RouteResult) -> None:
        content = self.content_tree
        category = route.category
        former = "".join(f", formerly {code.code}" for code in category.former_codes)
        self.titles = (
            f"{route.agreement.short} · {category.name} · {category.exemption_code}{former}",
            f"{route.agreement.short} · {category.exemption_code}{former}",
            f"[b]{escape(category.name)}[/b]",
        )
        self.closed = route.verdict is Verdict.NOT_ELIGIBLE
        main = next((reason for reason in route.reasons if reason.met is False), None)
        self._folded = (
            f"[b]✗ {VERDICT_WORDS[route.verdict].upper()}[/b]"
            + (f" — {escape(main.text)}" if main is not None else "")
            + " [dim](Enter: show all)[/dim]"
        )
        verdict_class = VERDICT_CLASS[route.verdict]
        if verdict_class != self.verdict_class:
            # the verdict's class colours the card's border
            if self.verdict_class:
                self.remove_class(self.verdict_class)
            self.add_class(verdict_class)
            self.verdict_class = verdict_class
        cited: list[str] = []  # sources as numbered footnotes, so each is named once per card

        def cite(source_id: str) -> str:
            if source_id not in cited:
                cited.append(source_id)
            return f"[dim]\\[{cited.index(source_id) + 1}][/dim]"

        # the verdict, a blank line, the facts
        head = [
            f"[b]{VERDICT_SYMBOL[route.verdict]} {VERDICT_WORDS[route.verdict].upper()}[/b] · initial permit up to {category.max_initial_duration_months} months",
            "",
        ]
        if category.duration is not None:
            length = category.duration
            head.append(f"[b]Length:[/b] {escape(length_text(length))} {cite(length.source)}")
        self._head = "\n".join(head)
        self._show_title()
        place = self.place
        if place is not None:
            self._where_text = f"[b]Where to apply:[/b] {escape(place.title)} {cite(place.source)}"
            self._show_where()
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
        self._show(self.reasons, "\n".join(lines))
        self._show_folding()

    def _show_folding(self) -> None:
        """A closed route's card folded to its one line, or all of it."""
        folded = self.closed and not self.expanded
        self.summary.display = folded
        for part in (self.head, self.reasons):
            part.display = not folded
        self.where.display = not folded and self.place is not None
        self.place_text.display = not folded and self.unfolded
        self.set_class(folded, "-folded")

    def _show_title(self) -> None:
        """The card's title on its border; when the border is too narrow for all of it,
        the border names the agreement and the code, and the category's name heads the
        text instead of being cut off."""
        full, short, name = self.titles
        width = self.outer_size.width
        fits = not width or len(full) + 6 <= width
        title = full if fits else short
        if self.border_title != title:
            self.border_title = title
        self._show(self.head, self._head if fits else f"{name}\n{self._head}")
        self._show(self.summary, self._folded if fits else f"{name}\n{self._folded}")

    def on_resize(self) -> None:
        self._show_title()

    def _show_where(self) -> None:
        self._show(self.where, f"{'▼' if self.unfolded else '▶'} {self._where_text}")
        self.place_text.display = self.unfolded and not (self.closed and not self.expanded)
        self.set_class(self.unfolded, "-unfolded")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter and Space show a closed route's card; on the others, the place to apply
        # (a card without one has nothing to unfold, nor a key in the footer)
        if action == "toggle_details":
            return self.closed
        if action == "toggle_where":
            return self.place is not None and not self.closed
        return True

    def action_toggle_details(self) -> None:
        """Show all of a closed route's card, or fold it again to its one line."""
        if self.closed:
            self.expanded = not self.expanded
            self._show_folding()
            self.scroll_visible(animate=False)

    def on_click(self) -> None:
        if self.closed and not self.expanded:
            self.action_toggle_details()

    def action_toggle_where(self) -> None:
        """Show or hide the place to apply's text."""
        if self.place is not None:
            self.unfolded = not self.unfolded
            self._show_where()

    @on(WhereLine.Clicked)
    def _where_clicked(self, event: WhereLine.Clicked) -> None:
        event.stop()
        self.action_toggle_where()

    def fold(self) -> None:
        """Hide the place to apply's text, and fold a closed route's card, as on a card just
        built."""
        if self.unfolded:
            self.unfolded = False
            self._show_where()
        if self.expanded:
            self.expanded = False
        self._show_folding()


class ResultsNav(Horizontal):
    """The buttons under the cards. The cards are mounted above them, which can be done
    once they are mounted (after the screen's own mount: they are in its scrolling area)."""

    def on_mount(self) -> None:
        screen = self.screen
        if isinstance(screen, ResultsScreen):
            screen.nav_ready()


class ResultsScreen(FullScreen[None]):
    """One results screen per app, kept and shown again: its cards are built once per route
    and updated to the answers when the screen is shown (``show``), so showing the results
    again is an update of texts rather than the composing and styling of every card."""

    BINDINGS = [
        Binding("escape", "back", "Back to the questions"),
        Binding("c", "compare", "Compare routes"),
        Binding("d", "checklist", "Checklist"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # the assessment on screen, handed on to the comparison and the checklist
        self.assessment: Assessment | None = None
        self._unanswered = False
        self._cards: dict[tuple[str, str | None], RouteCard] = {}
        self._not_covered: Static | None = None
        self._texts: dict[str, str] = {}  # the summary's and the not-covered card's
        self.complete = False  # every card of the assessment on screen is mounted
        self._ready = False  # the cards can be mounted (see ResultsNav)

    @property
    def _content(self) -> Content:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        return self.app.content

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results"):
            yield Static("", id="summary")
            with ResultsNav(id="results-nav"):
                yield Button("← Back to the questions", id="back", compact=True)
                yield Button("Compare routes (c)", id="compare", compact=True)
                yield Button("Checklist (d) →", "primary", id="checklist", compact=True)
        yield Footer()

    def nav_ready(self) -> None:
        self._ready = True
        if self.assessment is not None:
            self._update(self.assessment, self._unanswered)

    def show(self, assessment: Assessment, unanswered: bool) -> None:
        """Show ``assessment`` (``unanswered``: some questions are still to be answered),
        from the top, every card folded, as a screen just built would show it."""
        self.assessment = assessment
        self._unanswered = unanswered
        if self._ready:
            self._update(assessment, unanswered)
            self.query_one("#results", VerticalScroll).scroll_home(animate=False, immediate=True)
            for card in self._cards.values():
                card.fold()
            if self.focused is not None:
                self.set_focus(None)
                self.focus_next()  # the first focusable widget, as on a new screen

    def _update(self, assessment: Assessment, unanswered: bool) -> None:
        """Bring the summary and the cards up to ``assessment``: new cards are mounted,
        the others' changed texts are updated."""
        content = self._content
        container = self.query_one("#results")
        routes = sorted(assessment.routes, key=lambda route: ORDER[route.verdict])
        text = self._summary(assessment, routes, unanswered)
        if self._texts.get("summary") != text:
            self._texts["summary"] = text
            self.query_one("#summary", Static).update(text)
        cards: list[Widget] = []
        new: list[Widget] = []
        for route in routes:
            card = self._cards.get(route_key(route))
            if card is None:
                card = self._cards[route_key(route)] = RouteCard(route, content)
                new.append(card)
            else:
                card.show_route(route)
            cards.append(card)
        # cards of routes these answers do not open (another citizenship) are removed
        keep = {route_key(route) for route in routes}
        for key in [key for key in self._cards if key not in keep]:
            self._cards.pop(key).remove()
        if assessment.not_covered:
            lines = "\n".join(
                f"• {entry.agreement.short} {entry.category.name.lower()}: {entry.text}"
                for entry in assessment.not_covered
            )
            if self._not_covered is None:
                self._not_covered = Static(lines, classes="card not-covered")
                self._not_covered.border_title = "Not covered"
                new.append(self._not_covered)
            elif self._texts.get("not covered") != lines:
                self._not_covered.update(lines)
            self._texts["not covered"] = lines
            cards.append(self._not_covered)
        elif self._not_covered is not None:
            self._not_covered.remove()
            self._not_covered = None
        nav = self.query_one("#results-nav")
        if new:
            container.mount_all(new, before=nav)
        shown = [child for child in container.children if child.has_class("card")]
        if shown != cards:
            for widget in cards:
                container.move_child(widget, before=nav)
        self.complete = True

    def on_screen_resume(self) -> None:
        # once shown (from the questions, or back from the checklist or comparison)
        self.call_after_refresh(settle, self.app)

    def _summary(self, assessment: Assessment, routes: list[RouteResult], unanswered: bool) -> str:
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
            text = "[b]✗ No route is open on these answers.[/b] Each card lists the criteria that are not met."
            advice = advice_lines(self._content, assessment)
            if advice:
                text += "\n" + escape(advice[0])
                text += "".join(f"\n  • {escape(line)}" for line in advice[1:])
        if unanswered:
            text += "\n[dim]Some questions are still unanswered: Esc goes back to them.[/dim]"
        return text

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
