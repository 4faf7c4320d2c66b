"""The results cards' length and place to apply, and the comparison of the open routes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ftawizard.tui.screens.checklist import ChecklistScreen
from ftawizard.tui.screens.compare import CompareScreen, column_width
from ftawizard.tui.screens.results import ResultsScreen, RouteCard
from ftawizard.tui.screenshots import MEXICAN_ENGINEER
from tui.helpers import make_app, screen_text
from tui.test_results_cards import show_results, shows_place


def cell(table: DataTable, row: str, route_id: str) -> str:
    """A cell's text as shown (without its markup)."""
    return Text.from_markup(str(table.get_cell(row, route_id))).plain


async def test_result_cards_show_the_length_and_where_to_apply_with_sources() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await show_results(pilot, MEXICAN_ENGINEER)
        text = screen_text(pilot)
        cusma = app.content.category("cusma.professional")
        assert cusma is not None and cusma.duration is not None
        place = app.content.apply_at[cusma.apply_at]
        assert f"Length: {cusma.duration.initial} · {cusma.duration.extensions}" in text
        assert f"Where to apply: {place.title} [2]" in text
        # both are cited like the reasons, and their sources listed under the card
        length_source = app.content.sources[cusma.duration.source]
        assert f"[1] {length_source.title}" in text
        # the place's full text is one Enter away, on the focused card
        card = app.screen.query(RouteCard).first()
        assert str(card.border_title).startswith("CUSMA · Professionals")
        assert card.place == place and not shows_place(card)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is card
        await pilot.press("enter")
        await pilot.pause()
        assert shows_place(card)


async def test_compare_shows_the_open_routes_side_by_side_and_opens_one_checklist() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await show_results(pilot, MEXICAN_ENGINEER)
        results = app.screen
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.assessment is results.assessment  # reused, not recomputed
        table = screen.query_one(DataTable)
        # the worker's open routes; the spouse's permit is a row, not a column
        routes = [column.route_id for column in screen.columns]
        assert sorted(routes) == ["cptpp.professional", "cusma.professional"]
        assert [str(column.label) for column in table.ordered_columns] == [
            f"✓ {'CUSMA T36' if route == 'cusma.professional' else 'CPTPP T52'}" for route in routes
        ]
        assert cell(table, "Verdict", "cusma.professional").startswith("✓ Eligible")
        assert cell(table, "Code", "cusma.professional") == "T36 (formerly T23)"
        assert cell(table, "Initial permit", "cusma.professional") == "Up to 3 years"
        assert cell(table, "Initial permit", "cptpp.professional") == "Up to 1 year"
        # never a bare "None": the general spousal open work permit, with its source
        cusma_spouse = cell(table, "Spouse permit", "cusma.professional")
        assert cusma_spouse.startswith("None under this agreement. A spouse or common-law")
        assert "general spousal open work permit outside the agreement (code C41)" in cusma_spouse
        assert "R205(c)(ii) – C41" in cusma_spouse  # the source's title, to check it
        spouse = cell(table, "Spouse permit", "cptpp.professional")
        assert spouse.startswith("✓ Eligible: T53 spouses and common-law partners")
        assert "$155 CAD" in cell(table, "Fees", "cptpp.professional")
        cptpp = app.screen.assessment.route("cptpp.professional")
        assert cell(table, "Documents", "cptpp.professional").startswith(
            f"{len(cptpp.documents)} ("
        )
        assert "Valid passport" in cell(table, "Document list", "cptpp.professional")
        # Enter on the highlighted route: the checklist of that route alone
        table.move_cursor(column=routes.index("cptpp.professional"))
        await pilot.press("enter")
        await pilot.pause()
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        assert checklist.route_ids == ("cptpp.professional",)
        assert checklist.assessment is results.assessment
        text = screen_text(pilot)
        assert "Application checklist for: CPTPP professionals (T52)\n" in text
        assert "CUSMA" not in text.split("Application: where")[0]
        assert "Proof of United States or Mexican citizenship" not in text  # CUSMA's own
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results


async def test_compare_at_80x24_scrolls_sideways_to_every_route() -> None:
    # a Mexican citizen who has not said why they come: every Mexican route needs information
    answers = {
        key: MEXICAN_ENGINEER[key]
        for key in ("perspective", "citizenship", "permanent_residence", "application_date")
    }
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await show_results(pilot, answers)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        table = screen.query_one(DataTable)
        assert len(screen.columns) >= 3
        assert all(
            cell(table, "Verdict", column.route_id).startswith("? Needs information")
            for column in screen.columns
        )
        assert table.scroll_x == 0
        await pilot.press(*["right"] * (len(screen.columns) - 1))
        await pilot.pause()
        assert table.cursor_column == len(screen.columns) - 1
        assert table.scroll_x > 0  # the last route scrolled into view
        assert screen.chosen_route == screen.columns[-1].route_id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.route_ids == (screen.columns[-1].route_id,)


async def test_compare_with_no_open_route_says_so() -> None:
    answers = {**MEXICAN_ENGINEER, "citizenship": "JP", "noc": "31102", "spouse": False}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await show_results(pilot, answers)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert "No route is open on these answers" in screen_text(pilot)
        assert not app.screen.query_one(DataTable).display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_compare_and_checklist_are_in_the_command_palette() -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await show_results(pilot, MEXICAN_ENGINEER)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Compare the open routes" in commands and "Show the checklist" in commands
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.route_ids is None  # every open route
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Checklist for the highlighted route" in commands
        assert "Back to the results" in commands


def test_column_widths_share_the_screen_and_never_get_too_narrow() -> None:
    label = 13 + 2 + 2  # the widest row label, its padding and the scrollbar
    assert column_width(80 - label, 2) >= 28  # two routes fit at 80 columns
    assert column_width(80 - label, 5) == column_width(80 - label, 2)
    assert column_width(120 - label, 3) >= 28  # three at 120
    assert column_width(120 - label, 1) == 56  # one route does not stretch across
