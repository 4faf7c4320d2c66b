"""Engine behaviour that is not tied to one source passage: verdict logic, laziness,
dates, answers validation and the invariants every assessment must keep."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from ftawizard.content import load_content
from ftawizard.engine import AnswerError, Verdict, assess, assess_to_dict, parse_answers

TODAY = dt.date(2026, 11, 23)

BASE = {
    "perspective": "worker",
    "citizenship": "MX",
    "application_date": "2026-11-23",
    "noc": "21300",
    "cusma_profession": "Engineer",
    "purpose": "employment",
    "controls_canadian_employer": False,
    "education_level": "bachelor",
    "education_years": 4,
    "education_field_related": True,
    "experience_years": 5,
    "province": "ON",
    "occupation_regulated": False,
    "offered_wage_hourly": 45,
    "prevailing_wage_hourly": 40,
    "language_ok": True,
    "spouse": False,
}


def routes(answers: dict) -> dict[str, dict]:
    return {route["id"]: route for route in assess_to_dict(answers)["routes"]}


def test_missing_answers_are_listed_in_flow_order(content) -> None:
    result = assess_to_dict({"citizenship": "MX"})
    professional = {route["id"]: route for route in result["routes"]}["cptpp.professional"]
    assert professional["verdict"] == "needs_info"
    order = [question.id for question in content.questions]
    assert professional["missing"] == sorted(professional["missing"], key=order.index)
    # what brings the worker comes first: it decides which kinds of permit are open at all
    assert professional["missing"][:2] == ["purpose", "noc"]
    # the engine asks for the wage only through the CPTPP rule that needs it
    assert (
        "offered_wage_hourly" not in routes({"citizenship": "MX"})["cusma.professional"]["missing"]
    )


def test_follow_up_questions_are_only_needed_when_they_matter() -> None:
    japanese = {**BASE, "citizenship": "JP", "noc": "21101", "cusma_profession": None}  # chemists
    result = routes(japanese)["cptpp.professional"]
    assert result["verdict"] == "needs_info"
    assert result["missing"] == ["research_position"]
    result = routes({**japanese, "research_position": True})["cptpp.professional"]
    assert result["missing"] == ["academic_employer"]
    assert (
        routes({**japanese, "research_position": False})["cptpp.professional"]["verdict"]
        == "eligible"
    )
    # the same chemist from Mexico is never asked
    assert routes({**BASE, "noc": "21101"})["cptpp.professional"]["missing"] == []


def test_no_citizenship_lists_every_route_as_needing_it(content) -> None:
    result = assess_to_dict({})
    assert len(result["routes"]) == len(content.categories)
    assert all(route["verdict"] == "needs_info" for route in result["routes"])
    assert all("citizenship" in route["missing"] for route in result["routes"])


def test_eligible_never_has_an_unmet_or_undecided_reason() -> None:
    """Walk a grid of answers and check the verdict/reasons invariants on every route."""
    grid = {
        "citizenship": ["MX", "JP", "AU", "PE", "US", "MY", "CL", "BN"],
        "noc": ["21300", "22300", "41101", "62200", "72013", "21210", "31301"],
        "education_level": ["secondary", "post_secondary_diploma", "bachelor", "master"],
        "experience_years": [1, 3, 5],
        "occupation_regulated": [True, False],
        "licensed": [False, True],
    }
    seen = set()
    for values in itertools.product(*grid.values()):
        answers = {**BASE, **dict(zip(grid, values, strict=True))}
        for route in assess_to_dict(answers)["routes"]:
            mets = [reason["met"] for reason in route["reasons"]]
            seen.add(route["verdict"])
            if route["verdict"] == "eligible":
                assert all(met is True for met in mets), route
                assert route["missing"] == []
            elif route["verdict"] == "not_eligible":
                assert False in mets
            else:
                assert False not in mets and None in mets
    assert seen == {"eligible", "not_eligible", "needs_info"}


def test_officer_decides_is_never_eligible() -> None:
    # Malaysia lists only actuaries within 21210 (mathematicians, statisticians and actuaries)
    result = routes({**BASE, "citizenship": "MY", "noc": "21210"})["cptpp.professional"]
    assert result["verdict"] == "needs_info"
    reason = next(r for r in result["reasons"] if r["rule"] == "occupation_list")
    assert reason["met"] is None and reason["officer_decides"] is True
    assert "officer" in reason["text"]


@pytest.mark.parametrize(
    ("citizenship", "route", "sentences"),
    [
        ("US", "cusma.professional", ["You are a citizen of the United States: CUSMA"]),
        ("MX", "cusma.professional", ["You are a citizen of Mexico: CUSMA"]),
        (
            "GB",
            "cuktca.service_supplier",
            ["citizen of the United Kingdom", "covers citizens of the United Kingdom."],
        ),
    ],
)
def test_a_country_is_named_in_a_sentence_with_its_article(
    citizenship: str, route: str, sentences: list[str]
) -> None:
    result = routes({**BASE, "citizenship": citizenship})[route]
    (reason,) = [r for r in result["reasons"] if r["rule"] == "citizenship"]
    assert all(sentence in reason["text"] for sentence in sentences), reason["text"]


def test_defaulted_follow_up_is_reported_as_assumed() -> None:
    lawyer = routes({**BASE, "noc": "41101"})["cptpp.professional"]
    assert lawyer["verdict"] == "not_eligible"
    assert lawyer["assumed"] == ["foreign_legal_consultant"]
    consultant = routes({**BASE, "noc": "41101", "foreign_legal_consultant": True})[
        "cptpp.professional"
    ]
    assert consultant["verdict"] == "eligible"


def test_default_application_date_is_today(content) -> None:
    answers = parse_answers(content, {"citizenship": "MX"}, today=dt.date(2027, 1, 5))
    assert answers.application_date == dt.date(2027, 1, 5)
    assert assess(content, answers).as_of == dt.date(2027, 1, 5)


def test_noc2021_code_before_the_switch_is_read_as_its_noc2016_predecessor(content) -> None:
    answers = parse_answers(content, {"noc": "21300", "application_date": "2022-06-01"})
    assert answers.occupation is not None
    assert (answers.occupation.system, answers.occupation.code) == ("noc2016", "2131")
    assert answers.warnings and "2131" in answers.warnings[0]


def test_ambiguous_noc2021_code_before_the_switch_is_refused(content) -> None:
    # 21211 Data scientists came from several NOC 2016 groups
    with pytest.raises(AnswerError) as caught:
        parse_answers(content, {"noc": "21211", "application_date": "2022-06-01"})
    assert caught.value.field == "noc"
    assert "four-digit NOC 2016 code" in str(caught.value)


def test_permanent_residence_none_means_no_residence(content) -> None:
    # Iran is not a WTO member, so only a permanent residence could open a route
    answers = parse_answers(content, {"citizenship": "IR", "permanent_residence": "none"})
    assert assess(content, answers).routes == ()
    assert "permanent_residence" not in answers.values


def test_permanent_residence_in_norway_is_not_read_as_no(content) -> None:
    """Norway's country code, NO, is a residence; "no" or "No" (in an answers file) is none."""
    norway = parse_answers(content, {"citizenship": "IN", "permanent_residence": "NO"})
    assert norway.get("permanent_residence") == "NO"
    for none in ("no", "No", " none ", ""):
        answers = parse_answers(content, {"citizenship": "IN", "permanent_residence": none})
        assert "permanent_residence" not in answers.values


def test_an_answer_of_the_wrong_type_is_refused_even_when_its_value_was_accepted(content) -> None:
    """1 == True in Python: a yes/no answer of 1, or a number answer of true, is still refused
    after the same value of the right type was accepted (for this question or another)."""
    fresh = load_content()  # (nothing checked yet for this tree)
    for raw in ({"spouse": True}, {"experience_years": 1}, {"experience_years": 1.0}):
        parse_answers(fresh, raw)
    for field, value in (("spouse", 1), ("spouse", 1.0), ("experience_years", True)):
        with pytest.raises(AnswerError) as error:
            parse_answers(fresh, {"citizenship": "MX", field: value})
        assert error.value.field == field


def test_parsed_answers_keep_the_given_order_without_the_ones_that_are_no_answer(content) -> None:
    raw = {
        "spouse": True,
        "unknown_key": 3,
        "citizenship": "mx",
        "permanent_residence": "none",
        "education_years": None,
        "purpose": "employment",
        "application_date": "2026-11-23",
    }
    for _ in range(2):  # (the second time from what the first one checked)
        answers = parse_answers(content, raw)
        assert list(answers.values.items()) == [
            ("spouse", True),
            ("citizenship", "MX"),
            ("purpose", "employment"),
            ("application_date", TODAY),
        ]
        assert answers.warnings == ("unknown answer key 'unknown_key' was ignored",)
        assert raw["citizenship"] == "mx" and len(raw) == 7  # the caller's answers unchanged


def test_cusma_profession_matching_is_case_insensitive_and_canonical(content) -> None:
    answers = parse_answers(content, {"cusma_profession": "hotel manager"})
    assert answers.get("cusma_profession") == "Hotel Manager"


def test_route_verdict_enum_matches_json() -> None:
    assert {verdict.value for verdict in Verdict} == {"eligible", "not_eligible", "needs_info"}


def test_every_reason_cites_a_known_source(content) -> None:
    result = assess_to_dict(BASE)
    for route in result["routes"]:
        for reason in route["reasons"]:
            assert reason["source"]["id"] in content.sources


def test_documents_follow_the_answers() -> None:
    regulated = routes({**BASE, "occupation_regulated": True, "licensed": True})[
        "cptpp.professional"
    ]
    assert "proof_licence" in [d["id"] for d in regulated["documents"]]
    unregulated = routes(BASE)["cptpp.professional"]
    assert "proof_licence" not in [d["id"] for d in unregulated["documents"]]
    australian = routes({**BASE, "citizenship": "AU", "cusma_profession": None})[
        "cptpp.professional"
    ]
    letter = next(
        d for d in australian["documents"] if d["id"] == "australian_qualifications_letter"
    )
    assert letter["provided_by"] == "employer"


def test_checklist_puts_the_perspectives_own_documents_first() -> None:
    for perspective in ("worker", "employer"):
        documents = routes({**BASE, "perspective": perspective})["cptpp.professional"]["documents"]
        providers = [document["provided_by"] for document in documents]
        own = providers.count(perspective)
        assert own and providers[:own] == [perspective] * own


def test_the_precompiled_content_matches_the_files(tmp_path, monkeypatch) -> None:
    """The cache is only a faster way to the same content; a changed tree misses it."""
    import shutil

    from ftawizard.content import cache, load_content
    from ftawizard.content.paths import default_content_dir

    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    tree = tmp_path / "content"
    shutil.copytree(default_content_dir(), tree)
    loaded = load_content(tree)
    cache.store(tree, loaded)
    cached = cache.load_cached(tree)
    assert cached is not None and cached == loaded
    manifest = tree / "manifest.toml"
    manifest.write_text(manifest.read_text().replace('version = "', 'version = "9'))
    assert cache.load_cached(tree) is None


def test_answers_to_the_retired_job_offer_question_are_read_as_the_purpose() -> None:
    """Answer files and sessions written before 'purpose' existed keep their meaning."""
    old = {key: value for key, value in BASE.items() if key != "purpose"}
    assert routes({**old, "job_offer": True})["cusma.professional"]["verdict"] == "eligible"
    refused = routes({**old, "job_offer": False})["cusma.professional"]
    assert refused["verdict"] == "not_eligible"
    # a new answer wins over the old one
    assert (
        routes({**old, "job_offer": False, "purpose": "employment"})["cusma.professional"][
            "verdict"
        ]
        == "eligible"
    )
    with pytest.raises(AnswerError) as error:
        assess_to_dict({**old, "job_offer": "perhaps"})
    assert error.value.field == "job_offer"


def _listed_codes(content) -> list[str]:
    """Every NOC 2021 code some occupation list names."""
    return sorted(
        {
            code
            for occupation_list in content.lists.values()
            for item in occupation_list.items
            for code in (
                content.groups[item.group].noc2021
                if item.group
                else item.noc2021 | item.partial2021
            )
        }
    )


def _random_answers(content, rng, listed: list[str]) -> dict[str, object]:
    """An answer set drawn from every question's answers (some left out)."""
    codes = listed if rng.random() < 0.7 else sorted(content.noc2021)  # mostly listed codes
    raw: dict[str, object] = {"application_date": rng.choice(["2026-11-23", "2022-06-01"])}
    raw["citizenship"] = rng.choice(["MX", "US", "JP", "PE", "CL", "CO", "KR", "FR", "GB", "IN"])
    for question in content.questions:
        if question.id in raw or rng.random() < 0.25:
            continue
        if question.type == "bool":
            raw[question.id] = rng.random() < 0.5
        elif question.type == "choice":
            raw[question.id] = rng.choice(question.choices).value
        elif question.type == "number":
            raw[question.id] = rng.choice([0, 1, 2, 3, 5, 20, 40, 45, 60])
    raw["noc"] = rng.choice(codes)
    if raw["citizenship"] in ("US", "MX") and rng.random() < 0.8:
        raw["cusma_profession"] = rng.choice([p.name for p in content.cusma_professions])
    return raw


def _everything(assessment) -> list[object]:
    """All a person can read of an assessment."""
    return [
        (
            route.route_id,
            route.verdict,
            route.missing,
            route.route_country,
            [(reason.rule, reason.status, reason.text, reason.source) for reason in route.reasons],
            [document.id for document in route.documents],
            [note.text for note in route.notes],
            [step.id for step in route.steps],
            route.assumed,
            route.read,
        )
        for route in assessment.routes
    ] + [assessment.missing, assessment.not_covered, assessment.general_notes]


def test_results_reused_across_answer_sets_are_the_results_of_a_fresh_evaluation(
    content,
) -> None:
    """The engine reuses a route's result for answer sets that agree on what the route
    looked at. Over many different answer sets, every result (verdict, reasons and their
    wording, documents, notes, steps) equals that of an evaluation with nothing reused."""
    import random

    from ftawizard.engine import memo

    rng = random.Random(2022)
    listed = _listed_codes(content)
    sets = []
    while len(sets) < 500:
        raw = _random_answers(content, rng, listed)
        try:
            sets.append(parse_answers(content, raw))
        except AnswerError:
            continue
    reused = [_everything(assess(content, answers)) for answers in sets]  # one shared memo
    fresh = []
    for answers in sets:
        memo.clear()  # nothing from earlier answer sets
        fresh.append(_everything(assess(content, answers)))
    for answers, with_memo, without in zip(sets, reused, fresh, strict=True):
        assert with_memo == without, answers.values
    assert sum(len(assessment) for assessment in reused) > 2000  # many routes were compared


def test_the_memo_of_explanations_stays_within_its_limit(content, monkeypatch) -> None:
    """However many answer sets are assessed, the memo never holds more than its limit
    (it starts again when full), and what it gives stays the fresh evaluation's."""
    import itertools
    import random

    import attrs

    from ftawizard.engine import memo

    monkeypatch.setattr(memo.ExplanationTrie, "LIMIT", 300)
    memo.clear()
    rng = random.Random(2023)
    listed = _listed_codes(content)
    sizes = []
    compared = 0
    while compared < 150:
        try:
            answers = parse_answers(content, _random_answers(content, rng, listed))
        except AnswerError:
            continue
        with_memo = _everything(assess(content, answers))
        sizes.append(memo.memo_for(content).explanations.size)
        fresh = attrs.evolve(content)  # another Content object: a memo of its own, empty
        assert _everything(assess(fresh, answers)) == with_memo, answers.values
        compared += 1
    assert max(sizes) <= 300
    # it started again
    assert any(later < earlier for earlier, later in itertools.pairwise(sizes))


@pytest.mark.parametrize(
    ("first", "then"), [("MX", "JP"), ("JP", "MX"), ("CL", "AU"), ("PE", "CO")]
)
def test_a_reused_result_never_crosses_to_another_countrys_list(content, first, then) -> None:
    """The same answers from two countries whose occupation lists differ: what was worked
    out for the first never stands in for the second."""
    from ftawizard.engine import memo

    base = {**BASE, "cusma_profession": None, "research_position": False}
    codes = sorted(
        {
            code
            for occupation_list in content.lists.values()
            for item in occupation_list.items
            for code in item.noc2021
        }
    )
    for code in codes:
        answers = [
            parse_answers(content, {**base, "citizenship": country, "noc": code}, today=TODAY)
            for country in (first, then)
        ]
        memo.clear()
        assess(content, answers[0])
        reused = [(route.route_id, route.verdict) for route in assess(content, answers[1]).routes]
        memo.clear()
        fresh = [(route.route_id, route.verdict) for route in assess(content, answers[1]).routes]
        assert reused == fresh, code


@pytest.mark.parametrize(
    ("answers", "verdict", "unmet"),
    [
        # rules that depend on the country alone: Australians need no four-year degree
        ({"citizenship": "AU", "education_years": 3}, "eligible", []),
        ({"citizenship": "JP", "education_years": 3}, "not_eligible", ["education"]),
        # CPTPP came into force for Peru on 2021-09-21, for Mexico on 2018-12-30
        (
            {"citizenship": "PE", "noc": "2131", "application_date": "2021-06-01"},
            "not_eligible",
            ["in_force"],
        ),
        ({"citizenship": "MX", "noc": "2131", "application_date": "2021-06-01"}, "eligible", []),
    ],
)
def test_verdicts_that_hinge_on_the_country(answers, verdict, unmet) -> None:
    route = routes({**BASE, "cusma_profession": None, **answers})["cptpp.professional"]
    assert route["verdict"] == verdict, route["reasons"]
    assert [reason["rule"] for reason in route["reasons"] if reason["met"] is False] == unmet


def test_the_routes_a_country_opens_are_those_of_every_category_in_turn(content) -> None:
    """``assess`` finds the routes a citizenship and a permanent residence open, and the
    ones they are said not to cover, through an index by country; for every country (and
    codes no agreement names) with every residence, they are those of going through every
    category in the content's order."""
    from ftawizard.engine.openings import OpeningsIndex, open_routes

    codes = [*sorted(content.countries), "ZZ"]
    openings = OpeningsIndex(content)
    opened = not_covered = 0
    for citizenship in codes:
        for residence in [None, "", *codes]:
            expected = open_routes(content, citizenship, residence)
            assert openings.open(citizenship, residence) == expected, (citizenship, residence)
            opened += bool(expected.routes)
            not_covered += bool(expected.not_covered)
    assert opened and not_covered  # (both kinds of result were compared)
