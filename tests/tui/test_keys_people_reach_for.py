"""Keys as people type them: quickly after Enter (the next question takes them), pasted,
letters, numbers and y/n in lists, Enter on a list with nothing chosen, Ctrl+C."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, OptionList

from ftawizard.content import load_default_content
from ftawizard.sessions.service import store_for
from ftawizard.tui.app import EXIT_INTERRUPTED, FtaWizardApp
from ftawizard.tui.screens.wizard import WizardScreen
from ftawizard.tui.widgets.answers import OptionsAnswer
from tests.tui.helpers import TODAY, make_app
from tests.tui.test_sessions_tui import fixture_store

TYPED = ["5", "enter", "4", "8", "enter", "4", "5", "enter"]


def key_event(key: str) -> events.Key:
    return events.Key(key, key if len(key) == 1 else "\r" if key == "enter" else None)


async def resumed_at_experience(pilot, store, record) -> WizardScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen) and screen.question is not None
    assert screen.question.id == "experience_years"
    return screen


def saved(store, record) -> tuple[object, object, object]:
    answers = store.find(record.id).answers
    return (
        answers.get("experience_years"),
        answers.get("offered_wage_hourly"),
        answers.get("prevailing_wage_hourly"),
    )


async def test_keys_typed_without_a_pause_go_to_the_question_shown_next(tmp_path: Path) -> None:
    """All the keys arrive at once, as from a fast typist, key repeat or a paste without
    bracketed paste: each Enter takes its answer, and the keys after it go to the next
    question, never to the one just left."""
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await resumed_at_experience(pilot, store, record)
        for key in TYPED:
            app.post_message(key_event(key))
        await pilot.pause()
        await pilot.pause()
        assert app.state.answers["experience_years"] == 5
        assert app.state.answers["offered_wage_hourly"] == 48
        assert app.state.answers["prevailing_wage_hourly"] == 45
    assert saved(store, record) == (5, 48, 45)


async def test_keys_pressed_one_after_the_other_without_waiting(tmp_path: Path) -> None:
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await resumed_at_experience(pilot, store, record)
        await pilot.press(*TYPED)
        await pilot.pause()
    assert saved(store, record) == (5, 48, 45)


async def test_pasted_lines_answer_one_question_each(tmp_path: Path) -> None:
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await resumed_at_experience(pilot, store, record)
        assert app.focused is not None
        app.focused.post_message(events.Paste("5\n48\n4"))
        await pilot.pause()
        assert (app.state.answers["experience_years"], app.state.answers["offered_wage_hourly"]) == (
            5,
            48,
        )
        # what follows the last line break waits in the next question's field
        assert screen.question is not None and screen.question.id == "prevailing_wage_hourly"
        await pilot.press("5", "enter")
        await pilot.pause()
    assert saved(store, record) == (5, 48, 45)


async def list_question(pilot, question_id: str) -> OptionsAnswer:
    """Go to ``question_id`` (a list question) with its list focused."""
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen)
    screen.go_to(question_id)
    await pilot.pause()
    widget = screen.answer_widget
    assert isinstance(widget, OptionsAnswer)
    widget.query_one(OptionList).focus()
    await pilot.pause()
    return widget


async def test_letters_jump_and_numbers_pick_in_a_list(tmp_path: Path) -> None:
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await resumed_at_experience(pilot, store, record)
        widget = await list_question(pilot, "province")
        options = widget.query_one(OptionList)
        labels = [label for _, label in widget.choices]
        await pilot.press("q")
        assert labels[options.highlighted or 0] == "Quebec"
        await pilot.press("n")
        first_n = options.highlighted
        assert first_n is not None and labels[first_n].startswith("N")
        await pilot.press("n")
        assert options.highlighted != first_n and labels[options.highlighted or 0].startswith("N")
        await pilot.press("1", "1")  # two digits in quick succession: the 11th
        assert options.highlighted == 10
        await pilot.press("3")  # a new number
        assert options.highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.answers["province"] == widget.choices[2][0]


async def test_y_and_n_answer_a_yes_no_question(tmp_path: Path) -> None:
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await resumed_at_experience(pilot, store, record)
        widget = await list_question(pilot, "controls_canadian_employer")
        assert widget.is_yes_no
        await pilot.press("n")
        await pilot.pause()
        assert app.state.answers["controls_canadian_employer"] is False
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.question is not None
        assert screen.question.id != "controls_canadian_employer"


async def test_enter_on_a_list_with_nothing_chosen_says_so(tmp_path: Path) -> None:
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await resumed_at_experience(pilot, store, record)
        await pilot.press(*TYPED)
        await pilot.pause()
        assert screen.question is not None and screen.question.id == "province"
        widget = screen.answer_widget
        assert isinstance(widget, OptionsAnswer)
        assert widget.query_one(OptionList).highlighted is None  # not answered yet
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question.id == "province" and "province" not in app.state.answers
        assert "Nothing is chosen yet" in str(screen.query_one("#error").render())
        await pilot.press("q", "enter")  # Quebec
        await pilot.pause()
        assert app.state.answers["province"] == "QC"


async def test_ctrl_c_saves_and_stops_as_in_plain_mode(tmp_path: Path) -> None:
    content, store, record = fixture_store(tmp_path)
    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await resumed_at_experience(pilot, store, record)
        await pilot.press("7", "enter")
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == EXIT_INTERRUPTED
    assert store.find(record.id).answers["experience_years"] == 7


async def test_the_question_counter_only_moves_on(tmp_path: Path) -> None:
    content = load_default_content()
    store = store_for(content, str(tmp_path))
    del store
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        from ftawizard.tui.screenshots import MEXICAN_ENGINEER
        from tests.tui.helpers import APPLICATION_ANSWERS, answer_current

        persona = {**APPLICATION_ANSWERS, **MEXICAN_ENGINEER}
        await pilot.pause()
        app.start("worker")
        await pilot.pause()
        numbers = []
        for _ in range(40):
            screen = app.screen
            if not isinstance(screen, WizardScreen) or screen.question is None:
                break
            text = str(screen.query_one("#step-group").render())
            numbers.append(int(text.split("question ")[1].split(" of")[0]))
            await answer_current(pilot, persona[screen.question.id])
        assert len(numbers) > 5
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), numbers


async def test_keys_typed_right_after_starting_go_to_the_first_question() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for key in ["w", "m", "e", "x"]:
            app.post_message(key_event(key))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.question is not None
        assert screen.question.id == "citizenship"
        assert screen.query_one("#picker-input", Input).value == "mex"
