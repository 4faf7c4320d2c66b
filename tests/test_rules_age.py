"""The age of the rules: the as-of date every result carries, the notice when it may be out
of date, and the list of sources by the date they were last checked."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from ftawizard.content import Content
from ftawizard.content.rules_age import (
    add_months,
    checked_on,
    rules_age,
    rules_as_of,
    sources_by_checked,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mexican-civil-engineer.toml"


def run_at(today: dt.date, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line with its clock (SOURCE_DATE_EPOCH) set to ``today``."""
    epoch = int(dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC).timestamp())
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "SOURCE_DATE_EPOCH": str(epoch)}
    env.pop("FTAWIZARD_CONTENT", None)
    return subprocess.run(
        [sys.executable, "-m", "ftawizard", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def answers_file(tmp_path: Path, application_date: dt.date) -> Path:
    """The Mexican civil engineer of the examples, applying on ``application_date``."""
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [
        f"application_date = {application_date.isoformat()}"
        if line.startswith("application_date")
        else line
        for line in text.splitlines()
    ]
    path = tmp_path / "answers.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_rules_are_as_of_the_newest_date_a_source_was_checked(content: Content) -> None:
    as_of = rules_as_of(content)
    dates = [checked_on(source) for source in content.sources.values()]
    assert as_of is not None and as_of == max(date for date in dates if date)
    # a recorded check counts over the page's own date
    for source in content.sources.values():
        if source.checked is not None:
            assert checked_on(source) == source.checked


def test_six_months_are_calendar_months() -> None:
    assert add_months(dt.date(2026, 1, 28), 6) == dt.date(2026, 7, 28)
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 12, 15), 1) == dt.date(2026, 1, 15)


def test_the_notice_appears_only_past_six_months(content: Content) -> None:
    as_of = rules_as_of(content)
    assert as_of is not None
    fresh = as_of + dt.timedelta(days=30)
    assert rules_age(content, fresh, fresh).notice is None
    # today a year later, or an application received a year later: the notice says so
    late = add_months(as_of, 12)
    for application_date, today in ((fresh, late), (late, fresh)):
        notice = rules_age(content, application_date, today).notice
        assert notice is not None
        assert as_of.isoformat() in notice and "may have changed" in notice
        assert "IRCC" in notice
    assert rules_age(content, fresh, fresh).line == (
        f"Rules as of {as_of.isoformat()} (content {content.version})"
    )


def test_with_the_clock_a_year_ahead_every_output_shows_the_notice(
    content: Content, tmp_path: Path
) -> None:
    as_of = rules_as_of(content)
    assert as_of is not None
    applied = as_of + dt.timedelta(days=10)
    answers = answers_file(tmp_path, applied)
    a_year_later = add_months(as_of, 12)

    text = run_at(a_year_later, "assess", "--answers", str(answers), "--format", "text")
    assert text.returncode == 0, text.stderr
    assert f"Rules as of {as_of.isoformat()} (content {content.version})" in text.stdout
    assert "NOTICE:" in text.stdout and "may have changed" in text.stdout

    report = json.loads(run_at(a_year_later, "assess", "--answers", str(answers)).stdout)
    assert report["as_of"] == applied.isoformat()  # unchanged: the application date
    assert report["rules_as_of"] == as_of.isoformat()
    assert "may have changed" in report["rules_notice"]

    for fmt in ("text", "markdown", "html"):
        made = run_at(a_year_later, "checklist", "--answers", str(answers), "--format", fmt)
        assert made.returncode == 0, made.stderr
        assert as_of.isoformat() in made.stdout, fmt
        assert "may have changed" in made.stdout, fmt

    # the same day as the rules: the date is shown, the notice is not
    soon = run_at(applied, "assess", "--answers", str(answers), "--format", "text")
    assert f"Rules as of {as_of.isoformat()}" in soon.stdout
    assert "NOTICE:" not in soon.stdout
    assert (
        json.loads(run_at(applied, "assess", "--answers", str(answers)).stdout)["rules_notice"]
        is None
    )
    checklist = run_at(applied, "checklist", "--answers", str(answers), "--format", "markdown")
    assert as_of.isoformat() in checklist.stdout and "may have changed" not in checklist.stdout


def test_the_pdf_checklist_carries_the_date_and_the_notice(content: Content) -> None:
    from ftawizard.engine import assess, parse_answers
    from ftawizard.export.checklist import build_checklist

    as_of = rules_as_of(content)
    assert as_of is not None
    raw = {"citizenship": "MX", "application_date": as_of.isoformat(), "purpose": "employment"}
    assessment = assess(content, parse_answers(content, raw))
    late = build_checklist(content, assessment, made_on=add_months(as_of, 12))
    rows = dict(late.about_rows(narrow=True))
    assert rows["Rules as of"] == as_of.isoformat()
    assert "may have changed" in rows["Check first"]
    # the PDF prints every about row (see export/pdf.py), so it shows both
    fresh = build_checklist(content, assessment)
    assert "Check first" not in dict(fresh.about_rows())


def test_content_sources_lists_the_least_recently_checked_first(
    content: Content, cli, tmp_path: Path
) -> None:
    ordered = sources_by_checked(content)
    dates = [checked_on(source) for source in ordered]
    dated = [date for date in dates if date is not None]
    assert dated == sorted(dated)
    assert dates.index(dated[0]) == len(dates) - len(dated)  # the undated ones come first

    listing = cli("content", "sources")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].startswith(f"Rules as of {rules_as_of(content)}")
    shown = [line[:10] for line in lines[1:] if line[:4].isdigit()]
    assert shown == [date.isoformat() for date in dated]
    for source in ordered:
        assert source.id in listing.stdout and source.url in listing.stdout
    helped = " ".join(cli("content", "--help").stdout.split())
    assert "sources list the sources by the date they were last checked, oldest first" in helped
    detail = " ".join(cli("content", "sources", "--help").stdout.split())
    assert "the least recently checked first" in detail
