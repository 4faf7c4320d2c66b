"""Every source records the day it was last re-read (``checked``), and the change log names,
for each change, the day the sources apply it from and the source that says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftawizard.content import ContentInvalid, load_content
from ftawizard.engine import assess, parse_answers
from ftawizard.sessions.service import changes_since


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path_factory.getbasetemp() / "content-cache"))


def problems_of(tree: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_content(tree)
    return [str(problem) for problem in caught.value.problems]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_source_was_checked_on_or_after_its_own_date(content) -> None:
    unchecked = [source.id for source in content.sources.values() if source.checked is None]
    assert not unchecked
    for source in content.sources.values():
        assert source.checked is not None
        if source.date is not None:
            assert source.checked >= source.date, source.id


def test_a_source_without_checked_is_refused_with_its_line(content_copy: Path) -> None:
    path = content_copy / "sources.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[sources.gats_professionals]")
    end = text.index("checked = ", start)
    line_end = text.index("\n", end)
    path.write_text(text[:end] + text[line_end + 1 :], encoding="utf-8")
    header = text[:start].count("\n") + 1
    problems = problems_of(content_copy)
    assert any(
        p.startswith(f"sources.toml:{header}:") and "gats_professionals" in p and "'checked'" in p
        for p in problems
    ), problems


def test_checked_before_the_source_date_is_refused(content_copy: Path) -> None:
    path = content_copy / "sources.toml"
    replace_in(
        path,
        "date = 2026-05-12\nchecked = 2026-12-07",
        "date = 2026-05-12\nchecked = 2026-01-01",
    )
    problems = problems_of(content_copy)
    assert any("before the source's own date" in p for p in problems), problems


def test_a_change_naming_an_unknown_source_is_refused(content_copy: Path) -> None:
    path = content_copy / "changes.toml"
    replace_in(path, 'source = "gats_update_2026"', 'source = "gats_update_2099"')
    problems = problems_of(content_copy)
    assert any(p.startswith("changes.toml:") and "gats_update_2099" in p for p in problems), (
        problems
    )


def test_a_change_effective_after_its_version_is_refused(content_copy: Path) -> None:
    path = content_copy / "changes.toml"
    replace_in(path, "effective = 2026-05-12", "effective = 2027-05-12")
    problems = problems_of(content_copy)
    assert any("'effective' (2027-05-12) is after" in p for p in problems), problems


def test_this_rounds_changes_name_their_sources(content) -> None:
    current = next(change for change in content.changes if change.version == content.version)
    assert current.changes
    for entry in current.changes:
        assert entry.source in content.sources, entry.text
    gats = next(entry for entry in current.changes if entry.source == "gats_update_2026")
    assert str(gats.effective) == "2026-05-12"


def test_a_session_of_the_previous_version_is_told_what_changed_and_why(content) -> None:
    lines = changes_since(content, "2026.11.3")
    gats = [line for line in lines if "Armenia" in line]
    assert gats, lines
    assert "from 2026-05-12" in gats[0]
    assert content.sources["gats_update_2026"].title in gats[0]
    # the older versions' plain sentences are not repeated
    assert not any(line.startswith("2026.11.2") for line in lines)


@pytest.mark.parametrize(("citizenship", "told"), [("MX", True), ("US", False), ("CL", False)])
def test_only_mexican_citizens_are_told_of_the_2024_visa_requirement(
    content, citizenship: str, told: bool
) -> None:
    answers = parse_answers(
        content,
        {"citizenship": citizenship, "purpose": "employment", "application_date": "2026-12-01"},
    )
    notes = [note.text for note in assess(content, answers).general_notes]
    assert any("Mexican citizens need a visitor visa" in text for text in notes) is told


def test_everyone_is_told_the_fees_were_rechecked_after_the_december_2025_changes(
    content,
) -> None:
    answers = parse_answers(content, {"citizenship": "JP", "purpose": "employment"})
    notes = [note.text for note in assess(content, answers).general_notes]
    fee_note = next(text for text in notes if "2025-12-01" in text)
    for amount in ("$155", "$100", "$85", "$230"):
        assert amount in fee_note
