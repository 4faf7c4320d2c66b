"""The wizard's flow: which question comes next, what is skipped, what is re-validated."""

from __future__ import annotations

import pytest

from ftawizard.engine.answers import AnswerError
from ftawizard.engine.flow import NO_ANSWER, plan, validate_answer

BASICS = {
    "perspective": "worker",
    "permanent_residence": NO_ANSWER,
    "application_date": "2026-11-23",
}


def walk(content, script: dict) -> tuple[list[str], object]:
    """Answer each next question from ``script`` (NO_ANSWER when absent) until done."""
    raw: dict = {}
    asked: list[str] = []
    for _ in range(60):
        current = plan(content, raw)
        if current.next is None:
            return asked, current
        asked.append(current.next.id)
        raw[current.next.id] = script.get(current.next.id, NO_ANSWER)
    raise AssertionError(f"the flow did not end: {asked}")


def test_new_zealand_citizen_with_a_job_offer_is_asked_nothing_about_cptpp(content) -> None:
    """CPTPP's professional provisions exclude New Zealand; its transferee categories and GATS
    are open to New Zealanders but not for a job offer, so nothing more is asked."""
    asked, final = walk(content, {**BASICS, "citizenship": "NZ", "purpose": "employment"})
    assert asked == [
        "perspective",
        "citizenship",
        "permanent_residence",
        "application_date",
        "purpose",
    ]
    assert {route.verdict.value for route in final.assessment.routes} == {"not_eligible"}
    assert {entry.category.route_id for entry in final.assessment.not_covered} >= {
        "cptpp.professional"
    }


def test_us_citizen_is_asked_the_cusma_profession_not_the_wage(content) -> None:
    script = {
        **BASICS,
        "citizenship": "US",
        "noc": "21300",
        "cusma_profession": "Engineer",
        "purpose": "employment",
        "controls_canadian_employer": False,
        "education_level": "bachelor",
        "education_field_related": True,
        "province": "ON",
        "occupation_regulated": False,
    }
    asked, final = walk(content, script)
    assert "cusma_profession" in asked
    assert "offered_wage_hourly" not in asked and "language_ok" not in asked
    # the spouse is asked for the application checklist (the family's own applications), not
    # for a route: after every eligibility question, with the application questions
    if "spouse" in asked:
        after = asked[asked.index("spouse") + 1 :]
        assert after and all(content.questions_by_id[q].step == "application" for q in after)
    assert asked.index("province") < asked.index("occupation_regulated")
    assert final.assessment.route("cusma.professional").verdict.value == "eligible"


def test_mexican_worker_is_asked_both_agreements_questions(content) -> None:
    asked, _ = walk(content, {**BASICS, "citizenship": "MX", "noc": "21300"})
    assert {"cusma_profession", "offered_wage_hourly", "language_ok", "spouse"} <= set(asked)


def test_changing_an_answer_keeps_the_others_and_changes_the_steps(content) -> None:
    raw = {**BASICS, "citizenship": "US", "noc": "21300", "cusma_profession": "Engineer"}
    assert "cusma_profession" in [step.id for step in plan(content, raw).steps]
    raw["citizenship"] = "JP"
    current = plan(content, raw)
    assert "cusma_profession" not in [step.id for step in current.steps]
    assert raw["cusma_profession"] == "Engineer"  # kept, in case of a change of mind


def test_a_later_answer_made_invalid_by_an_earlier_change_is_flagged(content) -> None:
    raw = {
        **BASICS,
        "citizenship": "MX",
        "application_date": "2022-06-01",
        "purpose": "employment",
        "noc": "2131",
    }
    assert plan(content, raw).errors == {}
    raw["application_date"] = "2023-01-10"
    current = plan(content, raw)
    assert "noc" in current.errors and "NOC 2016" in current.errors["noc"]
    assert current.next is not None and current.next.id == "noc"


def test_validate_answer_gives_a_message_for_the_person(content) -> None:
    assert validate_answer(content, "citizenship", "mx") == "MX"
    assert validate_answer(content, "application_date", "2026-01-02") == "2026-01-02"
    assert validate_answer(content, "permanent_residence", "") == NO_ANSWER
    with pytest.raises(AnswerError, match="negative"):
        validate_answer(content, "experience_years", -2)
    with pytest.raises(AnswerError, match="NOC 2016"):
        validate_answer(content, "noc", "2131", raw={"application_date": "2025-01-01"})
    with pytest.raises(AnswerError, match="needed"):
        validate_answer(content, "language_ok", None)


@pytest.mark.parametrize(("citizenship", "route"), [("FR", "ceta"), ("GB", "cuktca")])
def test_a_teer_1_engineer_is_not_asked_the_technologists_field(
    content, citizenship: str, route: str
) -> None:
    """The technologist route (T48 / F67) covers TEER 2 and 3 occupations (and NOC 84120):
    its own level rule settles a TEER 1 civil engineer before the field question, so the
    wizard never asks whether the engineer is an engineering or a scientific technologist."""
    script = {
        **BASICS,
        "citizenship": citizenship,
        "purpose": "service_contract",
        "noc": "21300",  # Civil engineers, TEER 1
    }
    asked, final = walk(content, script)
    assert "technologist_field" not in asked
    verdicts = {result.route_id: result.verdict.value for result in final.assessment.routes}
    assert verdicts[f"{route}.technologist"] == "not_eligible"
    # a civil engineering technologist (TEER 2) is still asked which kind of technologist
    asked, _ = walk(content, {**script, "noc": "22300"})
    assert "technologist_field" in asked
