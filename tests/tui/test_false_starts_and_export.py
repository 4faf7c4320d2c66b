"""A new assessment leaves no session file until its first answer (``sessions list`` does not
fill with false starts); the checklist of no open route offers no export and says why."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ftawizard.content import load_default_content
from ftawizard.sessions.service import store_for
from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.screens.checklist import ChecklistScreen
from ftawizard.tui.screens.export_dialog import ExportDialog
from ftawizard.tui.screens.start import StartScreen
from ftawizard.tui.screens.wizard import WizardScreen
from tui.helpers import TODAY, answer_current, drawn_text, make_app, settled_footer
from tui.test_results_cards import show_results
from tui.test_results_folding import US_NURSE_WITHOUT_LICENCE


async def test_a_false_start_leaves_no_session_file(tmp_path: Path) -> None:
    content = load_default_content()
    store = store_for(content, str(tmp_path))
    app = FtaWizardApp(content, store=store, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")  # a new assessment as the worker…
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        screen.go_to(screen.current_plan.steps[0].id)  # …left before any answer
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert store.scan()[0] == []
        await pilot.press("e")  # then one that gets an answer
        await pilot.pause()
        assert store.scan()[0] == []
        await answer_current(pilot, "Peru")
        await pilot.pause()
        records, _ = store.scan()
        assert [record.answers for record in records] == [
            {"perspective": "employer", "citizenship": "PE"}
        ]
    assert len(list(store.folder.glob("*.json"))) == 1


async def test_the_checklist_of_no_open_route_offers_no_export_and_says_why() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await show_results(pilot, US_NURSE_WITHOUT_LICENCE)
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        heading = " ".join(drawn_text(screen.query_one("#checklist-for", Static)).split())
        assert "nothing to export or print" in heading
        assert "Export" not in await settled_footer(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)  # no dialog, no file
        status = " ".join(drawn_text(screen.query_one("#export-status", Static)).split())
        assert status == "No route is open, so there is no checklist to export or print."
