"""Plain mode answers only what the person chose: a bare Enter never answers a question (it
keeps an answer given before, or asks for one); numbers are read back as understood; the
profession is proposed from the occupation; every answer is checked before the results; the
text fits the terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from plain_helpers import CONFIRM, CTRL_C, ENTER, Keys, Visits, keys_for, run_persona
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from test_plain import BASE, JAPANESE_TECHNOLOGIST, only_session

from ftawizard.content.models import Content
from ftawizard.engine.flow import plan
from ftawizard.plain.wizard import run_plain
from ftawizard.sessions.service import store_for
from ftawizard.sessions.store import SessionStore

MEXICAN_ENGINEER = {
    **BASE,
    "citizenship": "MX",
    "noc": "21300",
    "education_level": "bachelor",
    "education_years": 5,
    "experience_years": 6,
    "occupation_regulated": True,
    "licensed": True,
    "spouse": True,
}


@pytest.fixture
def store(content: Content, tmp_path: Path) -> SessionStore:
    return store_for(content, tmp_path)


def test_enter_alone_never_answers_a_question(content: Content, store: SessionStore) -> None:
    """Every question of the flow first gets a bare Enter: each one is asked again, with a
    line saying that nothing was chosen, and nothing but the typed answers is saved."""
    by_id = content.questions_by_id
    persona = {
        key: Keys(ENTER + keys_for(by_id[key], value))
        for key, value in JAPANESE_TECHNOLOGIST.items()
    }
    status, driver = run_persona(content, store, persona, at_review=ENTER + CONFIRM)
    assert status == 0, driver.text
    refused = [
        line for line in driver.lines if line.startswith(("Nothing chosen:", "Nothing typed:"))
    ]
    # one per question, and one at "Check your answers"
    assert len(refused) == len(driver.asked) + 1, driver.text
    assert "Nothing typed: type c to see the results, or the number of an answer to change" in (
        " ".join(refused)
    )
    assert "Nothing typed: type the date as YYYY-MM-DD, or today for 2026-11-23." in refused
    assert 'Nothing typed: type a country name or its two-letter code, or "none".' in refused
    record = only_session(store)
    expected = {**JAPANESE_TECHNOLOGIST, "application_date": "2026-11-23"}
    assert record.answers == {key: expected[key] for key in driver.asked}


def test_enter_alone_from_the_start_saves_nothing(content: Content, store: SessionStore) -> None:
    """A person who only presses Enter gets asked again and again; nothing is saved."""
    with create_pipe_input() as pipe:
        pipe.send_text(ENTER * 5 + CTRL_C)
        stream = io.StringIO()
        status = run_plain(content, store, input=pipe, output=None, stream=stream)
    assert status == 130
    text = stream.getvalue()
    assert text.count("Nothing chosen: type the number (or letter) of your answer") == 5
    assert "Stopped before the first answer; nothing was saved." in text
    assert store.scan() == ([], [])


def test_a_given_answer_is_kept_by_enter(content: Content, store: SessionStore) -> None:
    """Going back to an answered question: the pointer is on the answer, Enter keeps it."""
    persona = {
        **JAPANESE_TECHNOLOGIST,
        "purpose": Visits(["employment", Keys(ENTER)]),
        "noc": Visits([Keys("back" + ENTER), "22300"]),
    }
    status, driver = run_persona(content, store, persona)
    assert status == 0, driver.text
    assert driver.asked.count("purpose") == 2
    assert only_session(store).answers["purpose"] == "employment"


def test_the_mexican_engineers_profession_is_proposed_from_the_noc(
    content: Content, store: SessionStore
) -> None:
    persona = {**MEXICAN_ENGINEER, "cusma_profession": Keys(ENTER + "1" + ENTER)}
    status, driver = run_persona(content, store, persona)
    assert status == 0, driver.text
    text = driver.text
    assert (
        "The occupation 21300 Civil engineers is usually the CUSMA profession Engineer"
        in " ".join(driver.lines)
    )
    # the bare Enter chose nothing (never "None of these professions")
    assert "Nothing chosen: type 1 to confirm the profession" in text
    assert only_session(store).answers["cusma_profession"] == "Engineer"
    results = text[text.index("\nResults\n") :]
    assert "CUSMA — Professionals — exemption code T36 (formerly T23)\n  [✓] ELIGIBLE" in results


def test_a_decimal_comma_is_read_and_said(content: Content, store: SessionStore) -> None:
    persona = {
        **JAPANESE_TECHNOLOGIST,
        "offered_wage_hourly": "48,50",
        "prevailing_wage_hourly": Keys("$45" + ENTER),
        "experience_years": Keys("two" + ENTER + "6" + ENTER),
    }
    status, driver = run_persona(content, store, persona, strict=False)
    assert status == 0, driver.text
    text = " ".join(driver.lines)
    assert "Read as 48.50 CAD an hour (the comma read as a decimal point)." in text
    assert "Read as 45 CAD an hour" in text and "Canadian dollars" in text
    assert "Not accepted: 'two' is not a number: type it in digits" in text
    answers = only_session(store).answers
    assert answers["offered_wage_hourly"] == 48.5
    assert answers["prevailing_wage_hourly"] == 45
    assert answers["experience_years"] == 6


def test_check_your_answers_before_the_results(content: Content, store: SessionStore) -> None:
    """Every answer on one list before the results; changing one comes back to the list."""
    steps = [step.id for step in plan(content, JAPANESE_TECHNOLOGIST, today=None).steps]
    spouse = steps.index("spouse")
    persona = {**JAPANESE_TECHNOLOGIST, "spouse": Visits([True, False])}
    at_review = Visits([str(spouse + 1) + ENTER, CONFIRM])
    status, driver = run_persona(content, store, persona, at_review=at_review)
    assert status == 0, driver.text
    text = driver.text
    assert text.count("\nCheck your answers\n") == 2
    first_review = text.split("\nCheck your answers\n")[1]
    assert "Results" not in first_review  # the results come after the review
    assert f"{spouse + 1:>3}) Spouse or partner: Yes" in first_review
    assert "  1) Role: I am the worker" in first_review
    # asked a second time when changed from the review, and nothing after it
    assert driver.asked.count("spouse") == 2 and driver.asked[-1] == "spouse"
    assert "T53\n  [✗] NOT ELIGIBLE" in text
    assert only_session(store).answers["spouse"] is False


def test_plain_text_fits_a_narrow_terminal(content: Content, store: SessionStore) -> None:
    """At 60 columns, what the wizard prints is at most 59 columns wide, and a long choice is
    wrapped between words, not cut."""
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=60), term="dumb")
    status, driver = run_persona(content, store, JAPANESE_TECHNOLOGIST, output=output)
    assert status == 0, driver.text
    too_wide = [line for line in driver.lines if len(line) > 59 and " " in line.strip()]
    assert not too_wide, too_wide
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", screen.getvalue())
    lines = [line.strip() for line in drawn.splitlines()]
    assert "1) A job with a Canadian employer (an offer of" in lines
    assert "employment or a contract with a Canadian enterprise)" in lines


def test_an_implausible_wage_is_confirmed_before_it_is_kept(
    content: Content, store: SessionStore
) -> None:
    """4850 an hour (a decimal comma lost somewhere, or a yearly salary) is not kept silently:
    the wizard asks; "n" and the wage is typed again. A confirmed value is kept."""
    persona = {
        **JAPANESE_TECHNOLOGIST,
        # Enter on the confirmation chooses nothing; n types it again
        "offered_wage_hourly": Keys("4850" + ENTER + ENTER + "n" + ENTER + "48,50" + ENTER),
        "prevailing_wage_hourly": Keys("260" + ENTER + "y" + ENTER),
    }
    status, driver = run_persona(content, store, persona, strict=False)
    assert status == 0, driver.text
    text = " ".join(driver.lines)
    assert "You typed 4850 CAD an hour: more than 250 CAD an hour is unusual" in text
    assert "Nothing chosen: type y to keep it or n to type it again" in text
    assert "You typed 260 CAD an hour" in text
    answers = only_session(store).answers
    assert answers["offered_wage_hourly"] == 48.5
    assert answers["prevailing_wage_hourly"] == 260


def test_i_dont_know_leaves_the_answer_open_and_says_what_to_find_out(
    content: Content, store: SessionStore
) -> None:
    """A Japanese worker who does not know the NOC code: "don't know" is recorded (not a
    guess), the routes need information, the review shows it and the results say how to find
    it. Resuming does not ask it again."""
    persona = {**JAPANESE_TECHNOLOGIST, "noc": Keys("don't know" + ENTER)}
    status, driver = run_persona(content, store, persona)
    assert status == 0, driver.text
    text = driver.text
    review = text.split("\nCheck your answers\n")[1]
    assert "Occupation (NOC): I don't know" in " ".join(review.split())
    results = text[text.index("\nResults\n") :]
    assert "CPTPP — Technicians — exemption code T52\n  [?] NEEDS INFORMATION" in results
    assert "What to find out" in results
    assert "offer of employment states the NOC code" in " ".join(results.split())
    record = only_session(store)
    assert record.answers["noc"] == "unknown"
    # resumed: the question is not asked again, and the answers so far show it
    status, again = run_persona(content, store, JAPANESE_TECHNOLOGIST, record=record)
    assert status == 0, again.text
    assert "noc" not in again.asked
    assert "- Occupation (NOC): I don't know" in again.text


def test_i_dont_know_in_a_yes_no_list(content: Content, store: SessionStore) -> None:
    """Where the content offers it, "I don't know" is a key of the list (d)."""
    persona = {
        **JAPANESE_TECHNOLOGIST,
        "occupation_regulated": Keys("d" + ENTER),
    }
    status, driver = run_persona(content, store, persona)
    assert status == 0, driver.text
    assert only_session(store).answers["occupation_regulated"] == "unknown"
    assert "[?] NEEDS INFORMATION" in driver.text


def test_help_cites_the_agreement_that_applies(content: Content, store: SessionStore) -> None:
    """A U.S. nurse's help on self-employment cites the CUSMA page, not the CPTPP one."""
    persona = {
        **BASE,
        "citizenship": "US",
        "noc": "31301",
        "controls_canadian_employer": Keys("h" + ENTER + "n" + ENTER),
        "cusma_profession": Keys("1" + ENTER),  # Registered Nurse, proposed from the NOC
    }
    status, driver = run_persona(content, store, persona)
    assert status == 130
    help_text = driver.text.split("Help: Controls the employer")[1].split("In a list")[0]
    assert "Source: Professionals – CUSMA" in help_text
    assert "CPTPP" not in help_text
