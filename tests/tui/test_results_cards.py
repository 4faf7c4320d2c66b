"""The route cards of the results screen: Tab moves card to card, the focused card is marked,
and Enter, Space or a click on its "Where to apply" line shows and hides the place's text."""

from __future__ import annotations

import attrs
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Static

from ftawizard.content import load_default_content
from ftawizard.sessions.state import WizardState
from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.screens.results import ResultsScreen, RouteCard
from ftawizard.tui.screenshots import MEXICAN_ENGINEER
from tui.helpers import TODAY, drawn_text, make_app, settled_footer


def drawn(widget: Widget) -> list[str]:
    """The lines the card draws, its border and title included, and the text of its parts
    on show, each part's lines indented by where it starts in the card."""
    lines = [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]
    for part in widget.query(Static):
        if part.display and part.region:
            column = part.region.x - widget.region.x
            row = part.region.y - widget.region.y
            for number, text in enumerate(drawn_text(part).split("\n")):
                line = lines[row + number]
                lines[row + number] = line[:column] + text + line[column + len(text) :]
    return lines


def opening(card: RouteCard) -> str:
    """The first words of the card's place to apply (they fit on the first line)."""
    assert card.place is not None
    return " ".join(card.place.text.split()[:4])


def shows_place(card: RouteCard) -> bool:
    """The place's text is drawn in the card, indented under "Where to apply"."""
    return any(line[1:].startswith(f"   {opening(card)}") for line in drawn(card))


async def show_results(pilot, answers: dict[str, object] = MEXICAN_ENGINEER) -> ResultsScreen:
    app = pilot.app
    await pilot.pause()
    app.state = WizardState(answers=dict(answers))
    app.continue_wizard()
    await pilot.pause()
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert isinstance(app.screen, ResultsScreen)
    return app.screen


async def test_tab_moves_card_to_card_and_marks_the_focused_one() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await show_results(pilot)
        cards = list(screen.query(RouteCard))
        assert len(cards) >= 3
        scroll = screen.query_one("#results")
        for card in cards:
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is card
            # the focused card's border is heavy, the others' stay round
            assert drawn(card)[0].startswith("┏━ ")
            assert all(drawn(other)[0].startswith("╭─ ") for other in cards if other is not card)
            # and it is scrolled into view
            assert scroll.region.contains(card.region.x, card.region.y)
        assert scroll.scroll_y > 0
        await pilot.press("tab")
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == "back"


async def test_enter_and_space_on_the_focused_card_show_and_hide_where_to_apply() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await show_results(pilot)
        first, second = list(screen.query(RouteCard))[:2]
        assert not shows_place(first) and not shows_place(second)
        assert "Where to apply" not in await settled_footer(pilot)
        await pilot.press("tab", "tab")  # the second card
        await pilot.pause()
        assert app.focused is second
        assert "Where to apply" in await settled_footer(pilot, shows="Where to apply")
        await pilot.press("enter")
        await pilot.pause()
        assert shows_place(second) and not shows_place(first)
        assert any(line.startswith("┃ ▼ Where to apply: ") for line in drawn(second))
        await pilot.press("space")
        await pilot.pause()
        assert not shows_place(second)
        assert any(line.startswith("┃ ▶ Where to apply: ") for line in drawn(second))
        await pilot.press("space")
        await pilot.pause()
        assert shows_place(second)


async def test_a_click_on_where_to_apply_shows_and_hides_the_place() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await show_results(pilot)
        card = screen.query(RouteCard).first()
        row = next(y for y, line in enumerate(drawn(card)) if "Where to apply:" in line)
        await pilot.click(card, offset=(10, row))
        await pilot.pause()
        assert shows_place(card)
        assert app.focused is card  # and the card has the focus, for the keys
        await pilot.click(card, offset=(10, row))
        await pilot.pause()
        assert not shows_place(card)
        # a click elsewhere on the card (its verdict) does not unfold it
        await pilot.click(card, offset=(10, 1))
        await pilot.pause()
        assert not shows_place(card)


async def test_a_card_without_a_place_to_apply_is_focusable_and_enter_does_nothing() -> None:
    content = load_default_content()
    cusma = content.category("cusma.professional")
    assert cusma is not None
    apply_at = {key: place for key, place in content.apply_at.items() if key != cusma.apply_at}
    app = FtaWizardApp(today=TODAY, content=attrs.evolve(content, apply_at=apply_at))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await show_results(pilot)
        card = screen.query(RouteCard).first()
        assert str(card.border_title).startswith("CUSMA · Professionals")
        assert not any("Where to apply" in line for line in drawn(card))
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is card
        assert "Where to apply" not in await settled_footer(pilot)
        before = drawn(card)
        await pilot.press("enter")
        await pilot.pause()
        assert drawn(card) == before


async def test_the_not_covered_card_follows_the_route_cards_and_tab_passes_it() -> None:
    """An Iranian citizen with Korean permanent residence: the Canada–Korea FTA's routes
    open, GATS does not cover Iran (not a WTO member)."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        answers = {**MEXICAN_ENGINEER, "citizenship": "IR", "permanent_residence": "KR"}
        screen = await show_results(pilot, answers)
        children = list(screen.query_one("#results").children)
        cards = [child for child in children if child.has_class("card")]
        assert isinstance(cards[-1], Static) and not isinstance(cards[-1], RouteCard)
        assert all(isinstance(card, RouteCard) for card in cards[:-1])
        lines = drawn(cards[-1])
        assert lines[0].startswith("╭─ Not covered ")
        assert lines[1].startswith("│ • GATS professionals: GATS professionals must be citizens")
        await pilot.press(*["tab"] * len(cards))  # the route cards, then past "Not covered"
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == "back"
