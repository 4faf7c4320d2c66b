"""Exported checklists are readable by their owner only (0600), like the sessions they come
from: a checklist names the worker, their citizenship and their job."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ftawizard.export.command import write


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_export_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        written = write("a checklist\n", tmp_path / "checklist.txt")
        pdf = write(b"%PDF-1.4\n", tmp_path / "checklist.pdf")
    finally:
        os.umask(old)
    assert mode(written) == 0o600 and mode(pdf) == 0o600
    assert written.read_text(encoding="utf-8") == "a checklist\n"


def test_an_existing_file_written_over_is_narrowed_to_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "checklist.txt"
    target.write_text("old, longer contents\n")
    target.chmod(0o644)
    write("new\n", target)
    assert mode(target) == 0o600 and target.read_text() == "new\n"


def test_the_checklist_command_writes_an_owner_only_file(tmp_path: Path, cli) -> None:
    output = tmp_path / "checklist.html"
    result = cli(
        "checklist",
        "--answers",
        str(Path(__file__).resolve().parent.parent / "examples" / "peruvian-chef.toml"),
        "--format",
        "html",
        "--output",
        str(output),
    )
    assert result.returncode == 0, result.stderr
    assert mode(output) == 0o600
