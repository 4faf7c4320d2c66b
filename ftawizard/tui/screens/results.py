"""Results: one card per route, verdict in words and symbols, the permit's length and where to
apply, reasons with their sources. ``c`` compares the open routes side by side, ``d`` opens
the checklist."""

from __future__ import annotations

import gc

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content as TextContent
from textual.content import _FormattedLine
from textual.css.styles import RulesMap
from textual.markup import escape
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, Static

from ftawizard.content.models import Content
from ftawizard.engine.evaluate import Assessment, RouteResult, Verdict
from ftawizard.tui.display import (
    VERDICT_CLASS,
    VERDICT_SYMBOL,
    VERDICT_WORDS,
    length_text,
    reason_mark,
)
from ftawizard.tui.screens.base import FullScreen
from ftawizard.tui.widgets.button import CompactButton
from ftawizard.tui.widgets.footer import KeyFooter
from ftawizard.tui.widgets.scroll import ScrollArea
from ftawizard.tui.widgets.title_bar import TitleBar

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


class CardText(Visual):
    """A card's text, some of whose lines (the place to apply's text, once unfolded) are
    drawn ``INDENT`` cells in, the lines they wrap onto included. Textual's ``Content``
    wraps and draws each line (Textual internals, the version is pinned); each line keeps
    its number in the whole text, so selecting text with the mouse works across the card."""

    INDENT = 2

    def __init__(self, text: TextContent, indented: range) -> None:
        self.text = text
        self.indented = indented  # numbers of the lines drawn indented
        self._height: tuple[tuple[object, ...], int] | None = None
        self.rows: list[int] = []  # the line each row drawn last shows (for clicks)

    def __str__(self) -> str:
        return self.text.plain

    def _lines(
        self, text: TextContent, width: int, rules: RulesMap, options: RenderOptions | None = None
    ) -> list[_FormattedLine]:
        """The lines of ``text`` at ``width``, wrapped (to measure) or formatted (to draw,
        with ``options``), as ``Content.render_strips`` makes them."""

        def wrap(width: int) -> list[_FormattedLine]:
            if options is None:
                return text._wrap_and_format(
                    width,
                    overflow=rules.get("text_overflow", "fold"),
                    no_wrap=rules.get("text_wrap", "wrap") == "nowrap",
                    line_pad=rules.get("line_pad", 0),
                )
            return text._wrap_and_format(
                width,
                align=rules.get("text_align", "left"),
                overflow=rules.get("text_overflow", "fold"),
                no_wrap=rules.get("text_wrap", "wrap") == "nowrap",
                line_pad=rules.get("line_pad", 0),
                selection=options.selection,
                selection_style=options.selection_style,
                post_style=options.post_style,
                get_style=options.get_style,
            )

        lines = wrap(width)
        indented = self.indented
        if indented and width > self.INDENT:
            inner = [line for line in wrap(width - self.INDENT) if line.y in indented]
            lines = (
                [line for line in lines if line.y < indented.start]
                + inner
                + [line for line in lines if line.y >= indented.stop]
            )
        return lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        width = self.text.get_optimal_width(rules, container_width)
        return width + self.INDENT if self.indented else width

    def get_height(self, rules: RulesMap, width: int) -> int:
        key = (
            width,
            rules.get("line_pad", 0),
            rules.get("text_overflow", "fold"),
            rules.get("text_wrap", "wrap"),
        )
        if self._height is None or self._height[0] != key:
            self._height = (key, len(self._lines(self.text.without_spans, width, rules)))
        return self._height[1]

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        if not width:
            return []
        lines = self._lines(self.text, width, options.rules, options)
        if height is not None:
            lines = lines[:height]
        self.rows = [line.y for line in lines]
        indented = self.indented
        blank = style.rich_style
        strips = []
        for line in lines:
            strip = Strip(*line.to_strip(style))
            if line.y in indented:
                strip = strip.crop_pad(width - self.INDENT, self.INDENT, 0, blank)
            strips.append(strip)
        return strips


class RouteCard(Static, can_focus=True):
    """One route's card, drawn as one focusable widget (Tab moves card to card): the
    verdict, the permit's length, where to apply (the place's text shown and hidden by
    Enter or Space on the card, or a click on that line), the reasons, what is still
    needed, the notes and the numbered sources. One widget rather than eight: Textual's
    cost per widget is most of the results screen's memory. A route's card is built once
    and its text updated as the answers change."""

    BINDINGS = [Binding("enter,space", "toggle_where", "Where to apply")]
    COMPONENT_CLASSES = {"route-card--place"}

    def __init__(self, route: RouteResult, content: Content) -> None:
        super().__init__(classes="card")
        self.key = route_key(route)
        self.guide = content
        self.place = content.apply_at.get(route.category.apply_at)
        self.unfolded = False  # the place's text is shown
        self.verdict_class = ""
        self._parts: tuple[str, ...] = ()  # the card's texts (markup) as drawn
        self._drawn: tuple[tuple[str, ...], bool] | None = None
        self._where_line: int | None = None  # the line "Where to apply" is on
        self.show_route(route)

    def show_route(self, route: RouteResult) -> None:
        content = self.guide
        category = route.category
        former = "".join(f", formerly {code.code}" for code in category.former_codes)
        title = f"{route.agreement.short} · {category.name} · {category.exemption_code}{former}"
        if self.border_title != title:
            self.border_title = title
        verdict_class = VERDICT_CLASS[route.verdict]
        if verdict_class != self.verdict_class:
            # the verdict's class colours the card's border
            if self.verdict_class:
                self.remove_class(self.verdict_class, update=False)
            self.add_class(verdict_class, update=False)
            self.verdict_class = verdict_class
            if self.is_attached:
                self.app.stylesheet.update_nodes([self], animate=False)
        cited: list[str] = []  # sources as numbered footnotes, so each is named once per card

        def cite(source_id: str) -> str:
            if source_id not in cited:
                cited.append(source_id)
            return f"[dim]\\[{cited.index(source_id) + 1}][/dim]"

        parts = [
            f"[b]{VERDICT_SYMBOL[route.verdict]} {VERDICT_WORDS[route.verdict].upper()}[/b] · initial permit up to {category.max_initial_duration_months} months",
        ]
        if category.duration is not None:
            length = category.duration
            parts.append(f"[b]Length:[/b] {escape(length_text(length))} {cite(length.source)}")
        place = self.place
        if place is not None:
            parts.append(f"[b]Where to apply:[/b] {escape(place.title)} {cite(place.source)}")
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
        parts.append("\n".join(lines))
        self._parts = tuple(parts)
        self._draw()

    def _draw(self) -> None:
        """Make the card's text from its parts; an unchanged text is not drawn again."""
        if self._drawn == (self._parts, self.unfolded):
            return
        self._drawn = (self._parts, self.unfolded)
        verdict, *facts, reasons = self._parts
        # a blank line under the verdict, and under "Where to apply" (and its text)
        blocks = [TextContent.from_markup(verdict), TextContent("")]
        indented = range(0)
        self._where_line = None
        if self.place is not None:
            *facts, where = facts
            blocks += [TextContent.from_markup(line) for line in facts]
            self._where_line = len(blocks)
            blocks.append(TextContent.from_markup(f"{'▼' if self.unfolded else '▶'} {where}"))
            if self.unfolded:
                place = TextContent(self.place.text).stylize(".route-card--place")
                indented = range(len(blocks), len(blocks) + place.plain.count("\n") + 1)
                blocks.append(place)
            blocks.append(TextContent(""))
        else:
            blocks += [TextContent.from_markup(line) for line in facts]
        blocks.append(TextContent.from_markup(reasons))
        self.update(CardText(TextContent("\n").join(blocks), indented))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(str(self.visual)), "\n"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a card without a place to apply has nothing to unfold (nor a key in the footer)
        return self.place is not None if action == "toggle_where" else True

    def action_toggle_where(self) -> None:
        """Show or hide the place to apply's text."""
        self.unfolded = not self.unfolded
        self._draw()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        visual = self.visual
        rows = visual.rows if isinstance(visual, CardText) else []
        if (
            self._where_line is not None
            and offset is not None
            and offset.y < len(rows)
            and rows[offset.y] == self._where_line
        ):
            self.action_toggle_where()

    def fold(self) -> None:
        """Hide the place to apply's text, as on a card just built."""
        if self.unfolded:
            self.unfolded = False
            self._draw()


class ResultsNav(Horizontal):
    """The buttons under the cards. The cards are mounted above them, which can be done
    once they are mounted (after the screen's own mount: they are in its scrolling area)."""

    def on_mount(self) -> None:
        screen = self.screen
        if isinstance(screen, ResultsScreen):
            screen.nav_ready()


class ResultsScreen(FullScreen[None]):
    """One results screen per app, kept and shown again: its cards are built once per route
    (while the person is still answering, see ``prepare``) and updated to the answers when
    the screen is shown (``show``), so showing the results is an update of texts, one layout
    and one frame rather than the composing and styling of every card."""

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
        # what to prepare once the screen is mounted: (assessment, questions unanswered)
        self._wanted: tuple[Assessment, bool] | None = None
        self.complete = False  # every card of the assessment on screen is mounted
        self._ready = False  # the cards can be mounted (see ResultsNav)
        self._mounting = False  # cards are being mounted
        self._settle_after_frame = False  # see settle

    @property
    def _content(self) -> Content:
        from ftawizard.tui.app import FtaWizardApp

        assert isinstance(self.app, FtaWizardApp)
        return self.app.content

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with ScrollArea(id="results"):
            yield Static("", id="summary")
            with ResultsNav(id="results-nav"):
                yield CompactButton("← Back to the questions", id="back")
                yield CompactButton("Compare routes (c)", id="compare")
                yield CompactButton("Checklist (d) →", "primary", id="checklist")
        yield KeyFooter()

    def nav_ready(self) -> None:
        self._ready = True
        if self.assessment is not None:
            self._update(self.assessment, self._unanswered)
        elif self._wanted is not None:
            self.prepare(*self._wanted)

    def prepare(self, assessment: Assessment, unanswered: bool) -> None:
        """While the questions are on show: show ``assessment`` (the answers so far) on this
        screen, out of sight, and lay it out. The routes are known once the citizenship is,
        so the cards are built then; when the results are shown, only the cards that the
        last answers changed are drawn and measured again."""
        self._wanted = (assessment, unanswered)
        if not self._ready or self.is_current:
            return
        mounted = self._update(assessment, unanswered)
        if mounted is not None:
            # laid out at the next question, once mounted (not as soon as they are: the
            # person may have answered by then, and the layout would hold up that answer)
            self._mounting = True
            self.call_next(self._mounted, mounted)
        elif not self._mounting:
            self._lay_out()

    async def _mounted(self, mounted: AwaitMount) -> None:
        await mounted
        self._mounting = False

    def _lay_out(self) -> None:
        """Lay the screen out for the terminal's size while it is not shown (Textual
        internals, the version is pinned): the widgets keep their measured heights."""
        if not self.is_current and self.is_attached and self.app.size:
            self._refresh_layout(self.app.size)
            self._layout_required = False
            # and draw what the first frame shows (the drawing is thrown away; the
            # widgets keep their rendered lines, which is what the frame needs)
            self._compositor.render_update(full=True)
            self._dirty_widgets.clear()

    def show(self, assessment: Assessment, unanswered: bool) -> None:
        """Show ``assessment`` (``unanswered``: some questions are still to be answered),
        from the top, every card folded, as a screen just built would show it."""
        self.assessment = assessment
        self._unanswered = unanswered
        if self._ready:
            self._update(assessment, unanswered)
            self.query_one("#results", ScrollArea).scroll_home(animate=False, immediate=True)
            for card in self._cards.values():
                card.fold()
            if self.focused is not None:
                self.set_focus(None)  # the first focusable widget, as on a new screen
                self._update_auto_focus()

    def _update(self, assessment: Assessment, unanswered: bool) -> AwaitMount | None:
        """Bring the summary and the cards up to ``assessment``: new cards are mounted
        (returned: what awaits their mounting), the others' changed texts are updated."""
        content = self._content
        container = self.query_one("#results")
        routes = sorted(assessment.routes, key=lambda route: ORDER[route.verdict])
        text = self._summary(routes, unanswered)
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
        mounted = container.mount_all(new, before=nav) if new else None
        shown = [child for child in container.children if child.has_class("card")]
        if shown != cards:
            for widget in cards:
                container.move_child(widget, before=nav)
        self.complete = True
        return mounted

    def on_screen_resume(self) -> None:
        self._settle_after_frame = True

    def _compositor_refresh(self) -> None:
        super()._compositor_refresh()  # Textual internals (the version is pinned)
        if self._settle_after_frame and self.is_current:
            # once shown (from the questions, or back from the checklist or comparison)
            self._settle_after_frame = False
            self.call_next(settle, self.app)

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
