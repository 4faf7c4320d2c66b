"""The wizard and sessions: autosave after every answer, resume at the saved step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
from textual.widgets import OptionList

from ftawizard.content import load_default_content
from ftawizard.sessions.service import store_for
from ftawizard.tui import app as tui_app
from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.screens.start import StartScreen
from ftawizard.tui.screens.wizard import WizardScreen
from tui.helpers import TODAY, answer_current

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sessions" / "schema-1.json"


def fixture_store(tmp_path: Path):
    content = load_default_content()
    store = store_for(content, str(tmp_path))
    answers = json.loads(FIXTURE.read_text())["answers"]
    record = store.create("Mexican engineer", answers, content.version)
    record = store.save(attrs.evolve(record, current="experience_years"))
    return content, store, record


async def test_resume_opens_at_the_saved_step_and_keeps_saving(tmp_path: Path) -> None:
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        assert screen.question is not None and screen.question.id == "experience_years"
        await answer_current(pilot, 7)
        saved = store.find(record.id)
        assert saved.answers["experience_years"] == 7
        assert saved.current == screen.question.id != "experience_years"


async def test_back_from_a_resumed_sessions_first_question_reaches_the_start_screen(
    tmp_path: Path,
) -> None:
    """``ftawizard resume`` opens on the wizard, without building the start screen under it;
    Back from the first question still leads there, listing the session."""
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert not app.query(StartScreen) and len(app.screen_stack) == 2
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.current_plan is not None
        screen.go_to(screen.current_plan.steps[0].id)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        listing = app.screen.query_one("#sessions", OptionList)
        assert "Mexican engineer" in str(listing.get_option_at_index(0).prompt)
        await pilot.press("w")  # and a new assessment from there
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.state.answers == {"perspective": "worker"}
        screen.go_to(screen.current_plan.steps[0].id)  # and back again
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        # the new assessment, left before its first answer, leaves no session behind
        assert app.screen.query_one("#sessions", OptionList).option_count == 1


async def test_a_new_assessment_is_saved_from_the_first_answer(tmp_path: Path) -> None:
    content = load_default_content()
    store = store_for(content, str(tmp_path))
    app = FtaWizardApp(content, store=store, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await answer_current(pilot, "Peru")
        records, _ = store.scan()
        assert len(records) == 1
        assert records[0].answers == {"perspective": "employer", "citizenship": "PE"}
        assert records[0].current == "permanent_residence"
        assert store.lock_holder(records[0].id) is None  # held by this very process


async def test_start_screen_lists_sessions_and_resumes_one(tmp_path: Path) -> None:
    content, store, _record = fixture_store(tmp_path)
    (store.folder / "ffffffffffff.json").write_text("{not json")
    app = FtaWizardApp(content, store=store, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        listing = app.screen.query_one("#sessions", OptionList)
        assert listing.option_count == 2  # the good session and the unreadable file
        assert "unreadable" in str(listing.get_option_at_index(1).prompt)
        listing.focus()
        listing.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.question.id == "experience_years"
    assert (store.folder / "ffffffffffff.json").read_text() == "{not json"


async def test_an_answer_given_just_before_quitting_is_saved(tmp_path: Path) -> None:
    """The save runs once the next question is drawn; quitting at once still keeps it."""
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        screen.accept(9)  # experience_years, then quit before anything is drawn
        app.exit()
    assert store.find(record.id).answers["experience_years"] == 9


async def test_start_screen_survives_a_deeply_nested_file_and_escapes_names(
    tmp_path: Path,
) -> None:
    content, store, record = fixture_store(tmp_path)
    store.save(attrs.evolve(store.find(record.id), name="Mexican\x1b[2J engineer"))
    (store.folder / "badbadbad001.json").write_text(
        '{"schema":1,"id":"badbadbad001","answers":' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    # (the store names a saved name's escape; a file edited by hand keeps it)
    data = json.loads(store.path_of(record.id).read_text())
    data["name"] = "Mexican\x1b[2J engineer"
    store.path_of(record.id).write_text(json.dumps(data))
    app = FtaWizardApp(content, store=store, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        listing = app.screen.query_one("#sessions", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(2)]
        assert prompts[0].startswith("Mexican\\x1b[2J engineer · worker · Mexico")
        assert "badbadbad001.json — nested deeper than 64 levels" in prompts[1]


class RecordingApp(FtaWizardApp):
    """The app, with what it told the person kept for the test to read."""

    CSS_PATH = str(Path(tui_app.__file__).parent / FtaWizardApp.CSS_PATH)  # type: ignore[operator]
    told: list[str]

    def notify(self, message: str, **options: Any) -> None:
        self.told = [*getattr(self, "told", []), message]
        super().notify(message, **options)


async def test_a_folder_that_cannot_hold_sessions_is_told_at_start(tmp_path: Path) -> None:
    content = load_default_content()
    (tmp_path / "sessions").write_text("a file, not a folder")
    store = store_for(content, str(tmp_path))
    app = RecordingApp(content, store=store, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        told = getattr(app, "told", [])
        assert any(
            "is a file, not a folder" in message and "will not be kept" in message
            for message in told
        ), told
