"""The TUI answers only what the person chose: Enter alone answers nothing, the CUSMA
profession is proposed from the occupation, numbers are read as people write them (and
confirmed when they look wrong), "I don't know" is a choice, and every answer is checked on
one screen before the results."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from ftawizard.engine.flow import NO_ANSWER
from ftawizard.tui.screens.confirm import ConfirmScreen
from ftawizard.tui.screens.results import ResultsScreen
from ftawizard.tui.screens.review import ReviewScreen
from ftawizard.tui.screens.wizard import WizardScreen
from ftawizard.tui.widgets.answers import OptionsAnswer, PickerAnswer
from tui.helpers import (
    APPLICATION_ANSWERS,
    answer_current,
    make_app,
    screen_text,
    type_into,
    walk,
)

JAPANESE_TECHNOLOGIST = {
    **APPLICATION_ANSWERS,
    "permanent_residence": NO_ANSWER,
    "application_date": "2026-11-23",
    "purpose": "employment",
    "controls_canadian_employer": False,
    "education_field_related": True,
    "province": "ON",
    "occupation_regulated": False,
    "language_ok": True,
    "spouse": False,
    "offered_wage_hourly": 45,
    "prevailing_wage_hourly": 40,
    "citizenship": "Japan",
    "noc": "22300",
    "education_level": "associate_degree",
    "experience_years": 6,
}

MEXICAN_ENGINEER = {
    **JAPANESE_TECHNOLOGIST,
    "citizenship": "Mexico",
    "noc": "21300",
    "education_level": "bachelor",
    "education_years": 5,
    "occupation_regulated": True,
    "licensed": True,
}


def wizard_of(pilot) -> WizardScreen:
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen)
    return screen


def error_of(pilot) -> str:
    return str(wizard_of(pilot).query_one("#error").render())


async def start(pilot) -> None:
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()


async def test_enter_alone_answers_no_question() -> None:
    """Every question of the flow first gets a bare Enter: the question stays, nothing is
    saved for it (and a typed or searched one says that nothing was chosen)."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        asked = []
        while isinstance(app.screen, WizardScreen):
            question = wizard_of(pilot).question
            assert question is not None
            asked.append(question.id)
            before = dict(app.state.answers)
            await pilot.press("enter")
            await pilot.pause()
            assert wizard_of(pilot).question is question, f"Enter answered {question.id}"
            assert app.state.answers == before, f"Enter saved an answer to {question.id}"
            if not isinstance(wizard_of(pilot).answer_widget, OptionsAnswer):
                assert "Nothing" in error_of(pilot), (question.id, error_of(pilot))
            await answer_current(pilot, JAPANESE_TECHNOLOGIST[question.id])
        assert isinstance(app.screen, ReviewScreen)
        assert "perspective" not in asked  # (chosen on the start screen)
        assert len(asked) >= 12, asked
        # what was saved is what the person gave, nothing more
        assert set(app.state.answers) - {"perspective"} == set(asked)


async def test_the_mexican_engineers_profession_is_proposed_from_the_noc() -> None:
    """Rank 1 of the report: the NOC given before (21300 Civil engineers) proposes the CUSMA
    profession Engineer, highlighted; Enter confirms it — never "None of these"."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        persona = {**MEXICAN_ENGINEER}
        for _ in range(60):
            question = wizard_of(pilot).question
            assert question is not None
            if question.id == "cusma_profession":
                break
            await answer_current(pilot, persona[question.id])
        picker = wizard_of(pilot).answer_widget
        assert isinstance(picker, PickerAnswer)
        options = picker.query_one("#picker-options", OptionList)
        assert options.highlighted == 0
        assert picker.matches[0][0] == "Engineer"
        assert "Proposed from the occupation: Engineer" in str(
            picker.query_one("#picker-hint").render()
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.answers["cusma_profession"] == "Engineer"
        await walk(pilot, persona)
        assert isinstance(app.screen, ResultsScreen)
        assert "CUSMA · Professionals · T36" in screen_text(pilot)


async def test_a_decimal_comma_is_read_and_an_implausible_wage_is_confirmed() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        for _ in range(60):
            question = wizard_of(pilot).question
            assert question is not None
            if question.id == "offered_wage_hourly":
                break
            await answer_current(pilot, JAPANESE_TECHNOLOGIST[question.id])
        field = wizard_of(pilot).answer_widget.query_one(Input)
        # 4850 an hour is not kept silently: the person is asked, says no, and types again
        await type_into(pilot, field, "4850")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert wizard_of(pilot).question.id == "offered_wage_hourly"
        assert "offered_wage_hourly" not in app.state.answers
        assert "not kept" in error_of(pilot)
        await type_into(pilot, field, "48,50")
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.answers["offered_wage_hourly"] == 48.5
        # letters are refused with a message, not dropped
        field = wizard_of(pilot).answer_widget.query_one(Input)
        await type_into(pilot, field, "forty")
        await pilot.press("enter")
        await pilot.pause()
        assert "is not a number" in error_of(pilot)


async def test_i_dont_know_and_check_your_answers() -> None:
    """ "I don't know" on the regulated-occupation question is recorded as unknown; the
    review lists every answer, Enter on one changes it and comes back, r shows the results."""
    persona = {
        **JAPANESE_TECHNOLOGIST,
        "occupation_regulated": "unknown",
        "prevailing_wage_hourly": "don't know",
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        for _ in range(60):
            if not isinstance(app.screen, WizardScreen):
                break
            question = wizard_of(pilot).question
            assert question is not None
            await answer_current(pilot, persona[question.id])
        assert app.state.answers["occupation_regulated"] == "unknown"
        review = app.screen
        assert isinstance(review, ReviewScreen)
        lines = {question_id: answer for question_id, _, answer in review.lines}
        assert lines["occupation_regulated"] == "I don't know"
        assert lines["offered_wage_hourly"] == "45 CAD an hour"
        # change the spouse answer from the review: asked again, then back to the review
        answers = review.query_one("#review-answers", OptionList)
        answers.highlighted = [line[0] for line in review.lines].index("spouse")
        await pilot.press("enter")
        await pilot.pause()
        assert wizard_of(pilot).question.id == "spouse"
        await answer_current(pilot, True)
        # a spouse brings the family's application questions (relationship, age), then the review
        for _ in range(10):
            if not isinstance(app.screen, WizardScreen):
                break
            question = wizard_of(pilot).question
            assert question is not None and question.id.startswith("spouse_"), question
            await answer_current(pilot, persona[question.id])
        assert isinstance(app.screen, ReviewScreen)
        assert app.state.answers["spouse"] is True
        # a typed "don't know" is shown again as typed: Enter keeps it
        review = app.screen
        assert isinstance(review, ReviewScreen)
        answers = review.query_one("#review-answers", OptionList)
        answers.highlighted = [line[0] for line in review.lines].index("prevailing_wage_hourly")
        await pilot.press("enter")
        await pilot.pause()
        assert wizard_of(pilot).answer_widget.query_one(Input).value == "don't know"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.state.answers["prevailing_wage_hourly"] == "unknown"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "NEEDS INFORMATION" in screen_text(pilot)
