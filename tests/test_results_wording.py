"""What a person reads on a card and above the cards: one full stop where texts meet, one
line per distinct unknown, the licence of a nurse said once, the advice naming what
actually failed, and the open routes before the closed ones."""

from __future__ import annotations

import re

from test_scenarios import SCENARIOS

from ftawizard.engine import AnswerError, assess, parse_answers
from ftawizard.engine.advice import INTRO, advice_lines, what_could_change
from ftawizard.engine.conditions import Status
from ftawizard.engine.results import Verdict, fill
from ftawizard.export.text import render_assessment

US_NURSE = {
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


def _assess(content, raw):
    return assess(content, parse_answers(content, raw))


def test_a_sentence_that_ends_with_a_full_stop_is_not_followed_by_another() -> None:
    assert fill("{detail}. Your answers do not show it.", {"detail": "not enough."}) == (
        "not enough. Your answers do not show it."
    )
    assert fill("{detail}. Next.", {"detail": "a sentence"}) == "a sentence. Next."
    assert fill("Wait… {x}", {"x": "y"}) == "Wait… y"
    assert fill("{unknown} stays", {}) == "{unknown} stays"


def test_no_reason_of_any_scenario_has_a_doubled_full_stop(content) -> None:
    for scenario in SCENARIOS:
        try:
            assessment = _assess(content, scenario.answers)
        except AnswerError:
            continue  # a case about refused answers
        for route in assessment.routes:
            for reason in route.reasons:
                assert not re.search(r"[.!?]\.(?!\.)", reason.text), (scenario.name, reason.text)


def test_the_nurse_without_the_provincial_licence_gets_one_clear_reason(content) -> None:
    route = _assess(content, US_NURSE).route("cusma.professional")
    assert route is not None and route.verdict is Verdict.NOT_ELIGIBLE
    about_licence = [reason for reason in route.reasons if "licence" in reason.text.lower()]
    # the ✗ says what is missing; no "⚖ officer decides" about the same licence beside it
    assert [reason.status for reason in about_licence] == [Status.FALSE]
    assert "not enough. Your answers do not show it." in about_licence[0].text
    assert not any(reason.officer_decides for reason in route.reasons)


def test_an_unlicensed_engineer_is_still_left_to_the_officer(content) -> None:
    engineer = {
        **US_NURSE,
        "noc": "21300",
        "cusma_profession": "Engineer",
        "occupation_regulated": True,
        "licensed": False,
    }
    route = _assess(content, engineer).route("cusma.professional")
    assert route is not None and route.verdict is Verdict.NEEDS_INFO
    assert [reason.rule for reason in route.reasons if reason.officer_decides] == ["licence"]


def test_the_advice_names_the_licence_for_the_nurse_not_the_purpose(content) -> None:
    assessment = _assess(content, US_NURSE)
    changes = {change.question: change.routes for change in what_could_change(content, assessment)}
    assert changes["licensed"][0] == "CUSMA T36"
    assert "CUSMA T36" not in changes.get("purpose", ())
    lines = advice_lines(content, assessment)
    assert lines[0] == INTRO
    assert "Licence — CUSMA T36; GATS T33" in lines
    report = render_assessment(content, assessment)
    assert "Licence — CUSMA T36; GATS T33" in report
    assert "the purpose of the stay, the occupation, education or experience" not in report


def test_no_advice_while_a_route_is_open_or_undecided(content) -> None:
    assessment = _assess(content, {**US_NURSE, "licensed": True})
    assert assessment.route("cusma.professional").verdict is Verdict.ELIGIBLE
    assert advice_lines(content, assessment) == ()


def test_an_unknown_occupation_is_one_line_per_card(content) -> None:
    before_noc = {key: value for key, value in US_NURSE.items() if key not in ("noc",)}
    before_noc["citizenship"] = "MX"
    assessment = _assess(content, before_noc)
    for route in assessment.routes:
        unknown = [reason.text for reason in route.reasons if reason.status is Status.UNKNOWN]
        assert len(unknown) == len(set(unknown)), (route.route_id, unknown)
    # the CPTPP professionals' card has both a level and a list rule waiting for the NOC
    cptpp = assessment.route("cptpp.professional")
    assert cptpp is not None
    assert any("NOC" in text for text in (reason.text for reason in cptpp.reasons))


def test_the_text_report_puts_open_routes_before_closed_ones(content) -> None:
    assessment = _assess(content, {**US_NURSE, "licensed": True})
    report = render_assessment(content, assessment)
    order = [
        verdict
        for verdict in re.findall(
            r"\[(✓|\?|✗)\] (?:ELIGIBLE|NOT ELIGIBLE|NEEDS INFORMATION)", report
        )
    ]
    assert order == sorted(order, key={"✓": 0, "?": 1, "✗": 2}.__getitem__)
    assert order[0] == "✓" and order[-1] == "✗"
