"""The results put the open and undecided routes first, in full; a closed route's card is
folded to one line with its main reason (Enter, Space or a click shows it all); and when
no route is open, the summary names the answers behind the criteria not met."""

from __future__ import annotations

from textual.widgets import Static

from ftawizard.engine.evaluate import Verdict
from ftawizard.tui.screens.results import RouteCard
from ftawizard.tui.screenshots import MEXICAN_ENGINEER
from tui.helpers import drawn_text, make_app, settled_footer
from tui.test_results_cards import drawn, show_results

US_NURSE_WITHOUT_LICENCE = {
    "perspective": "worker",
    "citizenship": "US",
    "application_date": "2025-03-01",
    "noc": "31301",
    "cusma_profession": "Registered Nurse",
    "purpose": "employment",
    "controls_canadian_employer": False,
    "education_level": "bachelor",
    "education_years": 4,
    "education_field_related": True,
    "experience_years": 5,
    "occupation_regulated": True,
    "licensed": False,
    "province": "ON",
    "offered_wage_hourly": 45.0,
    "prevailing_wage_hourly": 42.0,
    "spouse": False,
}


def card_text(card: RouteCard) -> str:
    return "\n".join(drawn(card))


async def test_closed_routes_come_last_folded_to_their_main_reason() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await show_results(pilot, MEXICAN_ENGINEER)
        assessment = screen.assessment
        assert assessment is not None
        cards = list(screen.query(RouteCard))
        verdicts = [assessment.route(card.key[0]).verdict for card in cards]
        assert Verdict.NOT_ELIGIBLE in verdicts and Verdict.ELIGIBLE in verdicts
        # open first, closed last
        order = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_INFO: 1, Verdict.NOT_ELIGIBLE: 2}
        assert verdicts == sorted(verdicts, key=order.__getitem__)
        for card, verdict in zip(cards, verdicts, strict=True):
            text = card_text(card)
            if verdict is Verdict.NOT_ELIGIBLE:
                route = assessment.route(card.key[0])
                main = next(reason for reason in route.reasons if reason.met is False)
                # one short card: the verdict and the main reason, not every criterion
                assert "✗ NOT ELIGIBLE — " + main.text[:30] in " ".join(text.split())
                assert "✓ met" not in text and "Note:" not in text
                assert "(Enter: show all)" in " ".join(text.split())
            else:
                assert "✓ met" in text  # in full


async def test_enter_and_a_click_show_a_closed_routes_card_in_full() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await show_results(pilot, MEXICAN_ENGINEER)
        closed = [card for card in screen.query(RouteCard) if card.closed]
        first, second = closed[0], closed[1]
        folded_height = first.outer_size.height
        first.focus()
        assert "Show all" in await settled_footer(pilot, shows="Show all")
        await pilot.press("enter")
        await pilot.pause()
        assert "✗ not met" in card_text(first)
        assert first.outer_size.height > folded_height
        await pilot.press("space")  # and folded again
        await pilot.pause()
        assert "✗ not met" not in card_text(first)
        await pilot.click(second, offset=(10, 1))
        await pilot.pause()
        assert "✗ not met" in card_text(second)


async def test_no_route_open_the_summary_names_what_failed() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await show_results(pilot, US_NURSE_WITHOUT_LICENCE)
        summary = " ".join(drawn_text(screen.query_one("#summary", Static)).split())
        assert "✗ No route is open on these answers." in summary
        assert "Licence — CUSMA T36; GATS T33" in summary
        assert "the purpose of the stay, the occupation, education or experience" not in summary
        cusma = next(
            card for card in screen.query(RouteCard) if card.key[0] == "cusma.professional"
        )
        cusma.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert cusma.reasons.display
        text = " ".join(drawn_text(cusma.reasons).split())
        assert "is not enough. Your answers do not show it." in text
        assert ".." not in text.replace("…", "")
        assert "⚖ officer decides" not in text
