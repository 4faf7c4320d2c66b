"""``ftawizard --plain``: the wizard as line-by-line questions, driven end to end through
prompt_toolkit's pipe input (see plain_helpers), with sessions shared with the Textual wizard."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from plain_helpers import (
    CTRL_C,
    ENTER,
    FINISH,
    TODAY,
    Keys,
    Visits,
    keys_for,
    run_persona,
)
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from ftawizard.content.models import Content
from ftawizard.engine.flow import NO_ANSWER, plan, validate_answer
from ftawizard.plain.prompts import AGAIN_KEY, choice_key
from ftawizard.plain.wizard import checklist_text, export_formats, run_plain
from ftawizard.sessions.service import store_for
from ftawizard.sessions.state import WizardState
from ftawizard.sessions.store import SessionStore

BASE = {
    "perspective": "worker",
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
    # the application questions (asked after the eligibility ones, for the checklist)
    "apply_from": "outside",
    "travel_by": "air",
    "us_visa": False,
    "canadian_visa_10y": False,
    "worker_age": 35,
    "biometrics_given": False,
    "public_health_job": False,
    "designated_stay": "no",
    "stay_over_6_months": True,
    "spouse_relationship": "married",
    "spouse_age": 34,
    "children_count": 0,
    "children_school_age": 0,
    "children_14_plus": 0,
    "representative": False,
}

# Seed 004, Japan – Technicians: "civil engineering technologists and technicians"; a
# Japanese associate's degree; 6 years' experience; coming with a spouse.
JAPANESE_TECHNOLOGIST = {
    **BASE,
    "citizenship": "JP",
    "noc": "22300",
    "education_level": "associate_degree",
    "experience_years": 6,
    "spouse": True,
}

# CPTPP and the Canada–Peru FTA both exclude health occupations; answered by the employer.
PERUVIAN_PHYSICIAN = {
    **BASE,
    "perspective": "employer",
    "citizenship": "Peru",
    "application_date": NO_ANSWER,  # Enter keeps today's date
    "noc": "31102",
    "education_level": "professional_degree",
    "experience_years": 8,
}

# CUSMA Appendix 2, Hotel Manager; found by typing part of the names and picking in the lists.
US_HOTEL_MANAGER = {
    **BASE,
    "citizenship": Keys("united st" + ENTER + choice_key(0) + ENTER),  # United States
    "noc": Keys("hotel manager" + ENTER + choice_key(0) + ENTER),  # 60031
    # the proposal from the NOC (Hotel Manager) set aside: a search, with one match
    "cusma_profession": Keys(AGAIN_KEY + ENTER + "hotel" + ENTER),
    "education_level": "bachelor",
}


@pytest.fixture
def store(content: Content, tmp_path: Path) -> SessionStore:
    return store_for(content, tmp_path)


def only_session(store: SessionStore):
    records, broken = store.scan()
    assert not broken
    assert len(records) == 1, records
    return records[0]


def flow_order(content: Content, persona: dict[str, object]) -> list[str]:
    """The questions the flow engine asks for ``persona``, in order (what the TUI asks)."""
    answers: dict[str, object] = {}
    asked = []
    while (question := plan(content, answers, today=TODAY).next) is not None:
        asked.append(question.id)
        answers[question.id] = validate_answer(
            content, question.id, persona[question.id], raw=answers, today=TODAY
        )
    return asked


# ---------------------------------------------------------------------- personas
def test_japanese_civil_engineering_technologist(content: Content, store: SessionStore) -> None:
    status, driver = run_persona(content, store, JAPANESE_TECHNOLOGIST)
    assert status == 0, driver.text
    # the same questions, in the same order, as the flow engine (and so the TUI) asks
    assert driver.asked == flow_order(content, JAPANESE_TECHNOLOGIST)
    assert "cusma_profession" not in driver.asked
    text = driver.text
    assert "Found: Japan (JP)" in text
    assert "Found: 22300 Civil engineering technologists and technicians (TEER 2)" in text
    results = text[text.index("\nResults\n") :]
    assert "CPTPP — Technicians — exemption code T52\n  [✓] ELIGIBLE" in results
    assert (
        "CPTPP — Spouses and common-law partners (open work permit) — exemption code T53\n"
        "  [✓] ELIGIBLE" in results
    )
    assert "CPTPP — Professionals — exemption code T52\n  [✗] NOT ELIGIBLE" in results
    assert "[met] You have at least 4 years of paid work experience in the sector." in results
    # the checklist (once, after the report): every item as a box to tick, in its group
    assessment = plan(content, JAPANESE_TECHNOLOGIST, today=TODAY).assessment
    assert checklist_text(content, assessment, WizardState(), TODAY)
    report, checklist = results.split("\nChecklist\n", 1)
    assert "Proof of paid work experience" not in report
    assert "Eligibility evidence" in checklist and "From the employer" in checklist
    assert "Application: where, forms" in checklist and "Fees and totals" in checklist
    assert "[ ] Proof of paid work experience" in checklist
    # decided from the application answers: online from outside Canada, an eTA with the permit
    assert "Where to apply: online to IRCC, from outside Canada (your choice)" in checklist
    assert "[ ] Electronic travel authorization (eTA): issued with the work permit" in checklist
    assert "[ ] The spouse's or common-law partner's valid passport" in checklist
    assert "[ ] Payment of the employer compliance fee" in checklist
    assert "Steps" in checklist
    # every answer is in the session, which ends with a pointer to resume it
    record = only_session(store)
    assert record.answers["citizenship"] == "JP"
    assert record.answers["noc"] == "22300"
    assert record.answers["spouse"] is True
    assert record.answers["permanent_residence"] == NO_ANSWER
    assert f"Resume with:  ftawizard resume {record.id} --plain" in text
    assert not list(store.folder.glob(".*.lock"))


def test_peruvian_physician_is_not_eligible(content: Content, store: SessionStore) -> None:
    status, driver = run_persona(content, store, PERUVIAN_PHYSICIAN)
    assert status == 0, driver.text
    assert driver.asked == flow_order(
        content,
        {**PERUVIAN_PHYSICIAN, "citizenship": "PE", "application_date": TODAY.isoformat()},
    )
    results = driver.text[driver.text.index("\nResults\n") :]
    assert "[✓] ELIGIBLE" not in results
    # CPTPP and Canada–Peru, professional and technician, and every route not for a job offer
    assert results.count("[✗] NOT ELIGIBLE") >= 4
    assert "Canada–Peru FTA — Professionals — exemption code F52" in results
    assert "health, education and social services" in results
    assert "documents:" not in results  # no checklist for a route that is closed
    assert "CPTPP — Spouses and common-law partners (open work permit): not covered." in results
    record = only_session(store)
    assert record.answers["perspective"] == "employer"
    assert record.answers["application_date"] == TODAY.isoformat()


def test_us_hotel_manager_under_cusma(content: Content, store: SessionStore) -> None:
    status, driver = run_persona(content, store, US_HOTEL_MANAGER)
    assert status == 0, driver.text
    assert "cusma_profession" in driver.asked
    assert "offered_wage_hourly" not in driver.asked  # CUSMA has no wage test
    text = driver.text
    assert "2 matches for 'united st'." in text
    assert "4 matches for 'hotel manager'." in text
    assert "Found: Hotel Manager" in text
    results = text[text.index("\nResults\n") :]
    assert (
        "CUSMA — Professionals — exemption code T36 (formerly T23)\n"
        "  [✓] ELIGIBLE   initial permit up to 36 months"
    ) in results
    checklist = results.split("\nChecklist\n", 1)[1]
    assert "Identity and travel" in checklist and "From the employer" in checklist
    # the passport proves U.S. citizenship: one identity document, no visa, no biometrics
    assert "[ ] Valid U.S. passport (it also proves your citizenship)" in checklist
    assert "Biometrics: not required (U.S. nationals" in checklist and "eTA" not in checklist
    record = only_session(store)
    assert record.answers["citizenship"] == "US"
    assert record.answers["noc"] == "60031"
    assert record.answers["cusma_profession"] == "Hotel Manager"


# ---------------------------------------------------------------------- help, back, errors
def test_help_back_and_rejected_answers(content: Content, store: SessionStore) -> None:
    persona = {
        **JAPANESE_TECHNOLOGIST,
        # help, a wrong code, then the right one; on the second visit, Enter keeps it
        "citizenship": Visits([Keys("?" + ENTER + "ZZ" + ENTER + "JP" + ENTER), Keys(ENTER)]),
        # first visit: go back to the citizenship question; second: answer
        "permanent_residence": Visits([Keys("back" + ENTER), NO_ANSWER]),
        # a negative number, then text, then a number
        "experience_years": Keys("-3" + ENTER + "six" + ENTER + "6" + ENTER),
        # help from the list (h), then no
        "controls_canadian_employer": Keys("h" + ENTER + "n" + ENTER),
    }
    status, driver = run_persona(content, store, persona, strict=False)
    assert status == 0, driver.text
    text = driver.text
    assert "Help: Citizenship" in text
    assert "Source: " in text and "https://" in text
    assert "No country matches 'ZZ'" in text
    assert driver.asked[:4] == ["perspective", "citizenship", "permanent_residence", "citizenship"]
    assert "Not accepted: must not be negative (got -3). Please answer again." in text
    assert "Not accepted: 'six' is not a number: type it in digits" in text
    assert "Help: Controls the employer" in text
    record = only_session(store)
    assert record.answers["experience_years"] == 6
    assert record.answers["citizenship"] == "JP"


def test_an_answer_made_invalid_by_an_earlier_change_is_asked_again(
    content: Content, store: SessionStore
) -> None:
    """A NOC 2016 code stops fitting when the application date moves past 2022-11-16: the
    wizard says so and asks for the occupation again (as the TUI does)."""
    persona = {
        **JAPANESE_TECHNOLOGIST,
        "application_date": Visits(["2022-01-10", "2026-11-23"]),
        "purpose": Visits(["employment", Keys("back" + ENTER)]),
        "noc": Visits(["2131", Keys("back" + ENTER), "22300"]),
        "controls_canadian_employer": Visits([Keys("back" + ENTER), False]),
    }
    status, driver = run_persona(content, store, persona, strict=False)
    assert status == 0, driver.text
    assert driver.asked[3:11] == [
        "application_date",
        "purpose",
        "noc",
        "controls_canadian_employer",
        "noc",
        "purpose",
        "application_date",
        "noc",  # the first answer that no longer fits; the purpose still does
    ]
    assert "Found: 2131 Civil engineers (NOC 2016 skill level A)" in driver.text
    assert "Your earlier answer no longer fits: 2131 is a NOC 2016 code" in driver.text
    assert "CPTPP — Technicians — exemption code T52\n  [✓] ELIGIBLE" in driver.text
    # (what is saved meanwhile: see the next test)


def test_a_session_stopped_while_an_answer_is_stale_can_be_resumed(
    content: Content, store: SessionStore
) -> None:
    persona = {
        **JAPANESE_TECHNOLOGIST,
        "application_date": Visits(["2022-01-10", "2026-11-23"]),
        "purpose": Visits(["employment", Keys("back" + ENTER)]),
        "noc": Visits(["2131", Keys("back" + ENTER), Keys(CTRL_C)]),
        "controls_canadian_employer": Visits([Keys("back" + ENTER), False]),
    }
    status, driver = run_persona(content, store, persona, strict=False)
    assert status == 130
    assert "Warning: not saved" not in driver.text
    assert store.find(only_session(store).id).current == "noc"


def test_change_an_answer_at_the_end(content: Content, store: SessionStore) -> None:
    steps = plan(content, JAPANESE_TECHNOLOGIST, today=TODAY).steps
    spouse = [step.id for step in steps].index("spouse")
    persona = {**JAPANESE_TECHNOLOGIST, "spouse": Visits([True, False])}
    at_end = Visits(["c" + ENTER + choice_key(spouse) + ENTER, FINISH])
    status, driver = run_persona(content, store, persona, at_end=at_end)
    assert status == 0, driver.text
    # asked in the flow, then again at the end (the application questions come after it)
    assert driver.asked.count("spouse") == 2 and driver.asked[-1] == "spouse"
    assert driver.asked[-2] == "representative"
    first, second = driver.text.split("\nResults\n")[1:]
    assert "Spouses and common-law partners (open work permit) — exemption code T53" in first
    assert "\n  [✓] ELIGIBLE" in second
    assert "T53\n  [✗] NOT ELIGIBLE" in second
    assert only_session(store).answers["spouse"] is False


FORMATS = export_formats()


@pytest.mark.parametrize("index", range(len(FORMATS)), ids=[item.id for item in FORMATS])
def test_save_the_report_or_the_checklist(
    content: Content, store: SessionStore, tmp_path: Path, index: int
) -> None:
    """The end offers the text report and every checklist format the export package has."""
    chosen = FORMATS[index]
    target = tmp_path / f"out{chosen.suffix}"
    pick = choice_key(index) + ENTER if len(FORMATS) > 1 else ""
    at_end = "r" + ENTER + pick + str(target) + ENTER + FINISH
    status, driver = run_persona(content, store, US_HOTEL_MANAGER, at_end=at_end)
    assert status == 0, driver.text
    assert f"Saved to {target}." in " ".join(driver.text.split())  # (wrapped when long)
    data = target.read_bytes()
    if chosen.suffix == ".pdf":
        assert data.startswith(b"%PDF")
    else:
        text = data.decode("utf-8")
        assert "T36" in text and "60031" in text
        if chosen.id == "report":
            assert "CUSMA — Professionals — exemption code T36 (formerly T23)" in text
            assert "[✓] ELIGIBLE" in text


def test_an_existing_file_is_replaced_only_when_asked(
    content: Content, store: SessionStore, tmp_path: Path
) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("mine", encoding="utf-8")
    pick = choice_key(0) + ENTER if len(FORMATS) > 1 else ""
    at_end = "r" + ENTER + pick + str(target) + ENTER + "n" + ENTER + FINISH
    status, driver = run_persona(content, store, US_HOTEL_MANAGER, at_end=at_end)
    assert status == 0, driver.text
    assert "Not saved." in driver.lines
    assert target.read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------------- stopping
def test_ctrl_c_half_way_saves_and_says_how_to_resume(
    content: Content, store: SessionStore
) -> None:
    persona = {key: JAPANESE_TECHNOLOGIST[key] for key in ("perspective", "citizenship")}
    persona["permanent_residence"] = NO_ANSWER
    persona["application_date"] = "2026-11-23"
    status, driver = run_persona(content, store, persona)  # Ctrl+C at the purpose
    assert status == 130
    assert driver.asked[-1] == "purpose"
    record = only_session(store)
    assert record.current == "purpose"
    assert record.answers == {
        "perspective": "worker",
        "citizenship": "JP",
        "permanent_residence": NO_ANSWER,
        "application_date": "2026-11-23",
    }
    text = driver.text
    assert f"Stopped. Your answers are saved in the session {record.name!r}." in text
    assert f"Resume with:  ftawizard resume {record.id} --plain" in text
    assert "Results" not in driver.lines  # nothing more was asked or shown
    assert not list(store.folder.glob(".*.lock"))


def test_ctrl_c_at_the_first_question_saves_nothing(content: Content, store: SessionStore) -> None:
    status, driver = run_persona(content, store, {})
    assert status == 130
    assert driver.asked == ["perspective"]
    assert "Stopped before the first answer; nothing was saved." in driver.text
    assert store.scan() == ([], [])


def test_end_of_input_stops_like_ctrl_c(content: Content, store: SessionStore) -> None:
    """A closed input (Ctrl+D, a pipe that ends) stops the wizard the same way."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys_for(content.questions_by_id["perspective"], "worker"))
        pipe.close()
        out = io.StringIO()
        status = run_plain(content, store, input=pipe, output=None, today=TODAY, stream=out)
    assert status == 130
    record = only_session(store)
    assert record.current == "citizenship"
    assert f"ftawizard resume {record.id} --plain" in out.getvalue()


# ---------------------------------------------------------------------- one session, two UIs
async def test_plain_session_resumes_in_the_tui_at_the_same_step(
    content: Content, store: SessionStore
) -> None:
    from ftawizard.tui.app import FtaWizardApp
    from ftawizard.tui.screens.wizard import WizardScreen

    half = {
        key: JAPANESE_TECHNOLOGIST[key]
        for key in (
            "perspective",
            "citizenship",
            "permanent_residence",
            "application_date",
            "purpose",
            "noc",
        )
    }
    # prompt_toolkit runs its own event loop: run the plain wizard in a thread
    status, driver = await asyncio.to_thread(run_persona, content, store, half)
    assert status == 130
    stopped_at = driver.asked[-1]
    assert stopped_at == "controls_canadian_employer"
    record = store.find(only_session(store).id)
    assert record.current == stopped_at

    app = FtaWizardApp(content, store=store, resume=record, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.question is not None
        assert app.screen.question.id == stopped_at
        assert app.state.answers["noc"] == "22300"


async def test_tui_session_resumes_in_plain_mode(content: Content, store: SessionStore) -> None:
    from tui.helpers import answer_current

    from ftawizard.tui.app import FtaWizardApp
    from ftawizard.tui.screens.wizard import WizardScreen

    app = FtaWizardApp(content, store=store, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")  # as the worker
        await pilot.pause()
        for value in ("United States", NO_ANSWER, "2026-11-23"):
            await answer_current(pilot, value)
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.question is not None
        tui_step = app.screen.question.id
    assert tui_step == "purpose"
    record = store.find(only_session(store).id)
    assert record.current == "purpose"

    status, driver = await asyncio.to_thread(
        run_persona, content, store, US_HOTEL_MANAGER, record=record
    )
    assert status == 0, driver.text
    assert driver.asked[0] == "purpose"  # not the questions answered in the TUI
    assert "perspective" not in driver.asked
    assert f"Resuming the session {record.name!r}" in driver.text
    assert "- Citizenship: United States (US)" in driver.text
    assert "The rules changed" not in driver.text
    assert "CUSMA — Professionals — exemption code T36 (formerly T23)\n  [✓] ELIGIBLE" in (
        driver.text
    )
    assert only_session(store).answers["cusma_profession"] == "Hotel Manager"


def test_resuming_after_a_content_change_says_what_changed(
    content: Content, store: SessionStore
) -> None:
    record = store.create(None, {"perspective": "worker", "citizenship": "JP"}, "0.0.1")
    status, driver = run_persona(content, store, {}, record=record)
    assert status == 130
    assert "The rules changed since these answers were given (content 0.0.1)" in driver.text
    assert driver.asked == ["permanent_residence"]


def test_a_session_open_elsewhere_is_not_touched(
    content: Content, store: SessionStore, capsys: pytest.CaptureFixture[str]
) -> None:
    record = store.create(None, {"perspective": "worker"}, content.version)
    holder = subprocess.Popen(  # another ftawizard with the session open
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from ftawizard.sessions.store import SessionStore\n"
            "with SessionStore(sys.argv[1]).locked(sys.argv[2]):\n"
            "    print('locked', flush=True); time.sleep(30)\n",
            str(store.folder.parent),
            record.id,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        status, driver = run_persona(content, store, JAPANESE_TECHNOLOGIST, record=record)
    finally:
        holder.kill()
        holder.wait()
    assert status == 2
    assert driver.asked == []
    assert "already open in another ftawizard" in capsys.readouterr().err
    assert store.find(record.id).revision == record.revision


# ---------------------------------------------------------------------- no colour, no terminal
@pytest.mark.parametrize("no_color", [True, False])
def test_no_colour(
    content: Content, store: SessionStore, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """The prompts are drawn without colour (meaning is in words), with or without NO_COLOR."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm-256color")
    keys = keys_for(content.questions_by_id["perspective"], "worker") + "JP" + ENTER + CTRL_C
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        status = run_plain(content, store, input=pipe, output=output, stream=io.StringIO())
    assert status == 130
    drawn = screen.getvalue()
    assert "I am the worker" in drawn and "Which country" in drawn
    attributes = {
        int(number)
        for sequence in re.findall(r"\x1b\[([0-9;]*)m", drawn)
        for number in sequence.split(";")
        if number
    }
    assert attributes  # bold and reverse are drawn…
    colours = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}
    assert not attributes & colours, sorted(attributes)  # …but no colour


@pytest.mark.parametrize("args", [["--plain"], ["resume", "whatever", "--plain"], []])
def test_without_a_terminal_points_to_assess(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ftawizard", "--data-dir", str(tmp_path), *args],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 2
    assert "ftawizard assess --answers FILE" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "sessions").exists()


def test_plain_mode_does_not_import_textual() -> None:
    code = (
        "import sys, ftawizard.plain.wizard, ftawizard.export.text, "
        "ftawizard.content.occupations, ftawizard.sessions.service; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_session_file_is_the_shared_format(content: Content, store: SessionStore) -> None:
    """What plain mode writes is an ordinary session: 'assess --session' reads it."""
    run_persona(content, store, JAPANESE_TECHNOLOGIST)
    record = only_session(store)
    data = json.loads(store.path_of(record.id).read_text(encoding="utf-8"))
    assert data["answers"]["noc"] == "22300"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ftawizard",
            "--data-dir",
            str(store.folder.parent),
            "assess",
            "--session",
            record.id,
            "--format",
            "text",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert "CPTPP — Technicians — exemption code T52\n  [✓] ELIGIBLE" in result.stdout
