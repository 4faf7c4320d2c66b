"""The wizard driven headless with the Pilot, for personas taken from the sources."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Input

from ftawizard.engine.evaluate import Verdict
from ftawizard.engine.flow import NO_ANSWER
from ftawizard.sessions.state import WizardState
from ftawizard.tui.screens.checklist import ChecklistScreen
from ftawizard.tui.screens.results import ResultsScreen, RouteCard
from ftawizard.tui.screens.wizard import WizardScreen
from ftawizard.tui.screenshots import MEXICAN_ENGINEER
from tui.helpers import answer_current, make_app, screen_text, walk
from tui.test_results_cards import shows_place

BASE = {
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
}


async def start(pilot, perspective: str = "worker") -> None:
    await pilot.pause()
    await pilot.press("w" if perspective == "worker" else "e")
    await pilot.pause()


async def test_japanese_civil_engineering_technologist() -> None:
    """Seed 004, Japan – Technicians: 'civil engineering technologists and technicians';
    a Japanese associate's degree; 4 years' experience."""
    persona = {
        **BASE,
        "citizenship": "Japan",
        "noc": "22300",
        "education_level": "associate_degree",
        "experience_years": 6,
        "spouse": True,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        asked = await walk(pilot, persona)
        assert "cusma_profession" not in asked
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(pilot)
        assert "CPTPP · Technicians · T52" in text
        assert "✓ ELIGIBLE" in text
        assert "CPTPP · Spouses and common-law partners (open work permit) · T53" in text
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        checklist = screen_text(pilot)
        # the application checklist's groups, as in every format
        for heading in ("Application: where, forms", "Identity and travel", "Eligibility evidence"):
            assert heading in checklist
        assert "Medical exam and biometrics" in checklist and "Family" in checklist
        assert "From the employer" in checklist and "Fees and totals" in checklist
        # decided from the answers: online from outside Canada, an eTA with the permit
        assert "Where to apply: online to IRCC, from outside Canada (your choice)" in checklist
        assert "Electronic travel authorization (eTA): issued with the work permit" in checklist
        assert "Proof of paid work experience" in checklist
        assert "The spouse's or common-law partner's valid passport" in checklist


async def test_peruvian_physician_is_not_eligible() -> None:
    """CPTPP and Canada–Peru FTA both exclude health occupations (seed 004; agreements.md §3.1)."""
    persona = {
        **BASE,
        "citizenship": "Peru",
        "noc": "31102",
        "education_level": "professional_degree",
        "experience_years": 8,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await walk(pilot, persona)
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(pilot)
        assert "No route is open on these answers" in text
        assert "✓ ELIGIBLE" not in text
        assessment = app.screen.assessment
        # every route has its card, folded to its one line, and not one is open
        assert text.count("✗ NOT ELIGIBLE — ") == len(assessment.routes)
        # CPTPP and Canada–Peru, professional and technician: the health exclusion
        for route_id in (
            "cptpp.professional",
            "cptpp.technician",
            "cpfta.professional",
            "cpfta.technician",
        ):
            route = assessment.route(route_id)
            assert route is not None and route.verdict is Verdict.NOT_ELIGIBLE
        assert "health, education and social services" in text
        assert "CPTPP's spousal open work permit" in text  # not covered, with the reason


async def test_us_hotel_manager_under_cusma() -> None:
    """CUSMA Appendix 2, Hotel Manager: a degree in hotel/restaurant management."""
    persona = {
        **BASE,
        "citizenship": "United States",
        "noc": "60031",
        "cusma_profession": "Hotel Manager",
        "education_level": "bachelor",
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        asked = await walk(pilot, persona)
        assert "cusma_profession" in asked
        assert "offered_wage_hourly" not in asked  # CUSMA has no wage test
        text = screen_text(pilot)
        assert "CUSMA · Professionals · T36, formerly T23" in text
        assert "✓ ELIGIBLE" in text
        assert "36 months" in text


async def test_employer_hiring_a_mexican_software_engineer() -> None:
    """CPTPP Mexico professionals: all TEER 0/1 except the listed groups. CUSMA "Engineer"
    does not usually cover NOC 21231, so an officer decides there."""
    persona = {
        **BASE,
        "citizenship": "Mexico",
        "noc": "21231",
        "cusma_profession": "Engineer",
        "education_level": "bachelor",
        "education_years": 4,
        "experience_years": 5,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, "employer")
        await walk(pilot, persona)
        text = screen_text(pilot)
        assert "✓ Open: CPTPP professionals (T52)" in text
        assert "? NEEDS INFORMATION" in text and "⚖ officer decides" in text
        await pilot.press("d")
        await pilot.pause()
        checklist = screen_text(pilot)
        # the employer's own documents come first
        assert checklist.index("From the employer") < checklist.index("Eligibility evidence")
        assert "Payment of the employer compliance fee" in checklist


async def test_back_and_jump_keep_answers_and_citizenship_recomputes_the_steps() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await answer_current(pilot, "United States")  # citizenship
        await answer_current(pilot, NO_ANSWER)  # permanent residence
        await answer_current(pilot, "2026-11-23")
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.question.id == "purpose"
        await answer_current(pilot, "employment")
        await answer_current(pilot, "21300")
        assert screen.question.id == "cusma_profession"
        await pilot.press("escape")  # back to the occupation
        await pilot.pause()
        assert screen.question.id == "noc"
        assert app.state.answers["noc"] == "21300"
        screen.go_to("citizenship")  # jump back, as from the step list
        await pilot.pause()
        await answer_current(pilot, "Japan")
        steps = [step.id for step in screen.current_plan.steps]
        assert "cusma_profession" not in steps
        assert app.state.answers["noc"] == "21300"  # kept
        assert app.state.answers["purpose"] == "employment"  # kept
        # the next unanswered question for Japan's routes
        assert screen.question.id == "controls_canadian_employer"


async def test_invalid_answer_shows_a_message_and_stays() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer_current(pilot, "Mexico")
        await answer_current(pilot, NO_ANSWER)
        await answer_current(pilot, "23/11/2026")
        screen = app.screen
        assert screen.question.id == "application_date"
        assert "YYYY-MM-DD" in str(screen.query_one("#error").render())


async def test_help_and_command_palette_are_reachable() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert "Help — Citizenship" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Show the results" in commands and "Go to step: Citizenship" in commands


async def test_results_shown_again_follow_a_changed_answer() -> None:
    """The results are shown again as they were left while the answers stay the same, and
    as new (from the top, every card folded) after one changes: a Japanese worker's CPTPP
    route opens, a Peruvian physician's does not."""
    persona = {
        **BASE,
        "citizenship": "Japan",
        "noc": "22300",
        "education_level": "associate_degree",
        "experience_years": 6,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await walk(pilot, persona)
        assert isinstance(app.screen, ResultsScreen)
        results = app.screen
        assert "✓ ELIGIBLE" in screen_text(pilot)
        card = results.query(RouteCard).first()
        card.focus()
        await pilot.press("enter")  # "Where to apply" unfolded
        await pilot.pause()
        assert shows_place(card)
        scroll = results.query_one("#results", VerticalScroll)
        scroll.scroll_end(animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("escape")  # back to the questions, no change
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is results and "✓ ELIGIBLE" in screen_text(pilot)
        assert shows_place(card) and scroll.scroll_y > 0  # as it was left
        await pilot.press("escape")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        wizard.go_to("noc")
        await pilot.pause()
        await answer_current(pilot, "31102")  # a physician: health is excluded
        while isinstance(app.screen, WizardScreen):
            await answer_current(pilot, persona[app.screen.question.id])
        await pilot.press("r")  # "Check your answers": on to the results
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(pilot)
        assert "✓ ELIGIBLE" not in text
        assert text.count("CPTPP ·") >= 2  # every card is there, the later ones included
        assert scroll.scroll_y == 0
        cards = list(app.screen.query(RouteCard))
        assert card in cards and not any(shows_place(card) for card in cards)


async def test_results_of_another_citizenship_have_only_its_cards() -> None:
    """Cards are kept from one showing of the results to the next: after a Japanese
    worker's results, a Mexican worker's show the Mexican routes only, in verdict order."""
    japanese = {
        **BASE,
        "perspective": "worker",
        "citizenship": "JP",
        "noc": "22300",
        "education_level": "associate_degree",
        "experience_years": 6,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for answers in (japanese, MEXICAN_ENGINEER):
            app.state = WizardState(answers=dict(answers))
            app.continue_wizard()
            await pilot.pause()
            await pilot.press("ctrl+r")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ResultsScreen) and screen.assessment is not None
            order = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_INFO: 1, Verdict.NOT_ELIGIBLE: 2}
            routes = sorted(screen.assessment.routes, key=lambda route: order[route.verdict])
            titles = [
                str(card.border_title)
                for card in screen.query(".card")
                if not card.has_class("not-covered")
            ]
            assert titles == [
                f"{route.agreement.short} · {route.category.name} · "
                f"{route.category.exemption_code}"
                + "".join(f", formerly {code.code}" for code in route.category.former_codes)
                for route in routes
            ]
            assert len(titles) >= 2
        assert "CUSMA" in screen_text(pilot)


async def test_a_number_question_after_another_starts_unmarked() -> None:
    """The field is reused from question to question: an empty number field must not show
    as invalid (red) before anything is typed, nor keep the last question's text."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await answer_current(pilot, "Japan")  # the wage questions are in Japan's steps
        screen.refresh_plan()
        screen.go_to("experience_years")
        await pilot.pause()
        assert screen.question is not None and screen.question.id == "experience_years"
        await answer_current(pilot, 5)
        for question_id in ("offered_wage_hourly", "prevailing_wage_hourly"):
            screen.go_to(question_id)
            await pilot.pause()
            assert screen.question is not None and screen.question.id == question_id
            field = screen.answer_widget.query_one(Input)
            assert field.value == "" and not field.has_class("-invalid")
            assert app.focused is field
