"""How typed answers are read, once, in the engine (both modes use it): numbers with a decimal
comma or a currency sign, letters refused, "I don't know", the profession proposed from the
occupation, and texts worded for the place and the perspective."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from ftawizard.content import ContentInvalid, load_content
from ftawizard.content.models import Content, Plausible
from ftawizard.engine.answers import (
    UNKNOWN,
    AnswerError,
    parse_answers,
    professions_for_noc,
    read_number,
)
from ftawizard.engine.evaluate import Verdict
from ftawizard.engine.flow import plan
from ftawizard.engine.wording import (
    fill_question_text,
    question_prompt,
    speak,
    unknown_tokens,
)

TODAY_ANSWERS = {"application_date": "2026-11-23"}


@pytest.mark.parametrize(
    ("typed", "value", "shown", "note"),
    [
        ("48,50", 48.5, "48.50 CAD an hour", "the comma read as a decimal point"),
        ("48.50", 48.5, "48.50 CAD an hour", None),
        ("$48", 48, "48 CAD an hour", "read as an amount in Canadian dollars"),
        ("48 $", 48, "48 CAD an hour", "read as an amount in Canadian dollars"),
        ("CAD 48.25", 48.25, "48.25 CAD an hour", "read as an amount in Canadian dollars"),
        ("48 an hour", 48, "48 CAD an hour", None),
        ("48/h", 48, "48 CAD an hour", None),
        ("1,250.50", 1250.5, "1250.50 CAD an hour", "thousands"),
        ("1.250,50", 1250.5, "1250.50 CAD an hour", "thousands"),
        ("1 250", 1250, "1250 CAD an hour", None),
        ("  45  ", 45, "45 CAD an hour", None),
    ],
)
def test_a_wage_is_read_as_a_person_writes_it(
    content: Content, typed: str, value: float, shown: str, note: str | None
) -> None:
    question = content.questions_by_id["offered_wage_hourly"]
    reading = read_number(question, typed)
    assert reading.value == value
    assert reading.text == shown
    if note is None:
        assert not reading.notes
    else:
        assert any(note in line for line in reading.notes), reading.notes


def test_years_are_read_with_their_unit(content: Content) -> None:
    question = content.questions_by_id["experience_years"]
    assert read_number(question, "5 years").value == 5
    assert read_number(question, "2,5").value == 2.5
    assert read_number(question, "2,5").text == "2.5 years"


@pytest.mark.parametrize("typed", ["two", "5 ans", "48abc", "4-8", "1,2,3"])
def test_letters_and_garbage_are_refused_not_dropped(content: Content, typed: str) -> None:
    question = content.questions_by_id["experience_years"]
    with pytest.raises(AnswerError) as error:
        read_number(question, typed)
    assert "is not a number" in error.value.message
    assert repr(typed) in error.value.message


def test_bounds_are_checked_after_reading(content: Content) -> None:
    question = content.questions_by_id["experience_years"]
    with pytest.raises(AnswerError, match="must not be negative"):
        read_number(question, "-3")
    with pytest.raises(AnswerError, match="must be at most 70"):
        read_number(question, "96")


def test_a_value_outside_the_plausible_range_is_flagged(content: Content) -> None:
    question = attrs.evolve(
        content.questions_by_id["offered_wage_hourly"],
        plausible=Plausible(min=15, max=250, above="more than an hourly wage usually is"),
    )
    assert read_number(question, "48").unusual is None
    assert read_number(question, "4850").unusual == "more than an hourly wage usually is"
    assert read_number(question, "4,850").unusual is not None  # thousands, not decimals
    low = read_number(question, "9")
    assert low.unusual is not None and "15" in low.unusual


def test_the_profession_is_proposed_from_the_occupation(content: Content) -> None:
    names = [profession.name for profession in professions_for_noc(content, {"noc": "21300"})]
    assert names == ["Engineer"]
    assert [p.name for p in professions_for_noc(content, {"noc": "60031"})] == ["Hotel Manager"]
    assert professions_for_noc(content, {}) == []
    assert professions_for_noc(content, {"noc": "65200"}) == []  # food counter attendants


def test_i_dont_know_is_no_answer_for_the_rules_but_is_not_asked_again(
    content: Content,
) -> None:
    answers = {
        **TODAY_ANSWERS,
        "perspective": "worker",
        "citizenship": "MX",
        "permanent_residence": "",
        "purpose": "employment",
        "noc": UNKNOWN,
    }
    parsed = parse_answers(content, answers)
    assert "noc" not in parsed.values and parsed.occupation is None
    current = plan(content, answers)
    assert current.next is not None and current.next.id != "noc"  # not asked again
    assert "noc" in [step.id for step in current.steps]  # but still a step (the review)
    cusma = next(r for r in current.assessment.routes if r.agreement.short == "CUSMA")
    assert cusma.verdict is Verdict.NEEDS_INFO
    assert "noc" in cusma.missing


def test_perspective_tokens() -> None:
    text = "{You are} a citizen of France; {your} employer {pays|pays the worker}."
    assert speak(text, "worker") == "You are a citizen of France; your employer pays."
    assert speak(text, "employer") == (
        "The worker is a citizen of France; the worker's employer pays the worker."
    )
    assert speak("{country} stays", "employer") == "{country} stays"  # not a perspective token
    assert unknown_tokens(text) == []
    assert unknown_tokens("{categry} and {You're} and {a|b|c}", {"category"}) == [
        "{categry}",
        "{You're}",
        "{a|b|c}",
    ]


def test_question_texts_name_the_province_and_the_purpose(content: Content) -> None:
    text = "From the regulator of {province}: does the worker control {canadian_business}?"
    assert fill_question_text(content, text, {"province": "ON", "purpose": "employment"}) == (
        "From the regulator of Ontario: does the worker control the Canadian business that "
        "would employ them?"
    )
    assert fill_question_text(content, text, {"purpose": "service_contract"}) == (
        "From the regulator of the province or territory where the work is done: does the "
        "worker control the Canadian client of the contract?"
    )
    assert "the Northwest Territories" in fill_question_text(content, text, {"province": "NT"})


def test_the_licence_question_says_a_foreign_licence_is_not_enough(content: Content) -> None:
    prompt = question_prompt(content, content.questions_by_id["licensed"], {"province": "ON"})
    assert "U.S. state" in prompt and "Mexico" in prompt and "not enough" in prompt


# ---------------------------------------------------------------------- content check


def _problems(tree: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_content(tree)
    return [str(problem) for problem in caught.value.problems]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, needle: str) -> int:
    return next(
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if needle in line
    )


def test_content_check_refuses_an_unknown_token_in_a_question(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    questions = content_copy / "questions.toml"
    _replace(
        questions,
        'prompt = "Is the position a Quebec notary\'s?"',
        'prompt = "Is the position a notary\'s in {provinse}, {You are|}?"',
    )
    problems = _problems(content_copy)
    line = _line(questions, "{provinse}")
    assert any(
        f"questions.toml:{line}:" in problem and "unknown placeholder {provinse}" in problem
        for problem in problems
    ), problems
    assert any("unknown placeholder {You are|}" in problem for problem in problems), problems


def test_content_check_refuses_a_misplaced_plausible_range(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    questions = content_copy / "questions.toml"
    _replace(
        questions,
        'prompt = "Is the position a Quebec notary\'s?"',
        'prompt = "Is the position a Quebec notary\'s?"\nplausible = { max = 3 }\n'
        'find_out = "Ask."',
    )
    problems = " ".join(_problems(content_copy))
    assert "'plausible' is for number questions only" in problems
    assert "'find_out' says how to find an answer that is not known" in problems


def test_reasons_are_worded_for_the_perspective() -> None:
    """A rule's sentence (and an officer's note appended to it) with perspective tokens
    reads "you" for the worker and "the worker" for the employer."""
    from ftawizard.engine.conditions import Status
    from ftawizard.engine.results import Reason

    def reason(perspective: str) -> Reason:
        return Reason(
            "licence",
            Status.OFFICER,
            "{You are} a citizen of {country}; {your} licence:",
            "src",
            values={"country": "France", "perspective": perspective},
            suffix="{You do} not hold it yet: {you|the worker} can obtain it, {categry}.",
        )

    assert reason("worker").text == (
        "You are a citizen of France; your licence: You do not hold it yet: you can obtain "
        "it, {categry}."
    )
    assert reason("employer").text == (
        "The worker is a citizen of France; the worker's licence: The worker does not hold "
        "it yet: the worker can obtain it, {categry}."
    )


@pytest.mark.parametrize(
    ("perspective", "expected", "absent"),
    [
        ("worker", "You are a citizen of France", "The worker is a citizen"),
        ("employer", "The worker is a citizen of France", "You are a citizen"),
    ],
)
def test_the_results_speak_to_the_perspective_chosen(
    content: Content, perspective: str, expected: str, absent: str
) -> None:
    """A Quebec employer hiring a French engineer reads "The worker is a citizen of France",
    not "You are"; the worker reads "You are"."""
    from ftawizard.engine.evaluate import assess

    answers = parse_answers(
        content,
        {
            "perspective": perspective,
            "citizenship": "FR",
            "purpose": "service_contract",
            "controls_canadian_employer": False,
            "application_date": "2026-11-23",
        },
    )
    texts = [reason.text for route in assess(content, answers).routes for reason in route.reasons]
    joined = "\n".join(texts)
    assert expected in joined
    assert absent not in joined
    assert "{" not in joined, [text for text in texts if "{" in text]
    if perspective == "employer":
        assert not [
            text for text in texts if re.search(r"\b[Yy]ou\b|\b[Yy]our\b(?! answers)", text)
        ], texts


def test_content_check_refuses_unknown_tokens_in_rule_and_manifest_texts(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """ "{categry}" (a misspelt placeholder) or "{You're}" (no such perspective token) would
    reach people verbatim: content check names the file and line."""
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    manifest = content_copy / "manifest.toml"
    _replace(manifest, "({code}) covers citizens", "({code}) {categry} covers citizens")
    cusma = content_copy / "agreements" / "cusma.toml"
    _replace(
        cusma,
        'met = "{You do} not control the Canadian employer',
        "met = \"{You're} not in control of the Canadian employer",
    )
    problems = _problems(content_copy)
    manifest_line = _line(manifest, "{categry}")
    assert any(
        f"manifest.toml:{manifest_line}:" in problem and "unknown placeholder {categry}" in problem
        for problem in problems
    ), problems
    cusma_line = _line(cusma, "{You're}")
    assert any(
        f"agreements/cusma.toml:{cusma_line}:" in problem
        and "unknown placeholder {You're}" in problem
        for problem in problems
    ), problems
