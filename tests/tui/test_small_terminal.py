"""Nothing cut off at 80×24: the saved sessions on the start screen, hints and check-list
titles wrapped, card titles whole or their name in the card; the side panel uses the width."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Label, OptionList

from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.screens.checklist import ChecklistScreen
from ftawizard.tui.screens.results import RouteCard
from ftawizard.tui.screens.start import StartScreen
from ftawizard.tui.screens.wizard import WizardScreen
from tests.tui.helpers import TODAY, drawn_text, make_app
from tests.tui.test_results_cards import show_results
from tests.tui.test_sessions_tui import fixture_store


def words(text: str) -> str:
    return " ".join(text.split())


async def test_the_start_screen_shows_a_saved_session_at_80x24(tmp_path: Path) -> None:
    content, store, _record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        listing = screen.query_one("#sessions", OptionList)
        assert listing.display and listing.option_count == 1
        first_row = listing.region.y + 1  # under the list's border
        assert first_row < 24 - 1, "the saved session is below the footer"
        assert "Mexican engineer" in drawn_text(listing)


async def test_the_match_hint_wraps_at_80_columns() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"mex")
        await pilot.pause()
        hint = app.screen.query_one("#picker-hint", Label)
        assert "↓ to browse" in words(drawn_text(hint))


async def test_the_side_panel_uses_the_width_it_has() -> None:
    widths = {}
    for columns in (80, 120):
        app = make_app()
        async with app.run_test(size=(columns, 30)) as pilot:
            await pilot.pause()
            app.start("worker")
            await pilot.pause()
            assert isinstance(app.screen, WizardScreen)
            widths[columns] = app.screen.query_one("#sidebar").outer_size.width
    assert widths[80] >= 24 and widths[120] >= 36


async def test_card_titles_are_whole_or_the_name_heads_the_card() -> None:
    app = make_app()
    async with app.run_test(size=(64, 30)) as pilot:
        screen = await show_results(pilot)
        cards = list(screen.query(RouteCard))
        shortened = 0
        for card in cards:
            full, short, _ = card.titles
            border = drawn_text(card).splitlines()[0]
            assert str(card.border_title) in border and "…" not in border
            if str(card.border_title) == short:
                shortened += 1
                name = full.split(" · ")[1]
                # the card's first part shown: its head, or a closed route's folded line
                first = card.summary if card.closed and not card.expanded else card.head
                assert words(drawn_text(first)).startswith(words(name))
        assert shortened, "no title was too long at this width"


async def test_checklist_titles_wrap_at_80_columns() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await show_results(pilot)
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        boxes = list(screen.query(Checkbox))
        assert boxes
        for box in boxes:
            assert words(str(box.label)) in words(drawn_text(box))
