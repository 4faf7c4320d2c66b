"""The command line as a person or a script meets it: --version, --help, assess, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ftawizard import __version__

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def test_version(cli) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ftawizard {__version__}"


def test_help_lists_the_commands(cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    assert "assess" in result.stdout and "content" in result.stdout


def test_assess_help_documents_every_answer_key(cli, content) -> None:
    result = cli("assess", "--help")
    assert result.returncode == 0
    for question in content.questions:
        assert question.id in result.stdout, (
            f"answer key {question.id} is not documented in assess --help"
        )


def test_no_command_without_a_terminal_points_to_assess(cli) -> None:
    result = cli(stdin="")
    assert result.returncode == 2
    assert "ftawizard assess --answers FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_ftawizard_alone_runs_the_wizard_with_the_parsers_defaults() -> None:
    """``ftawizard`` with no argument and ``ftawizard resume ID`` skip the parser (start-up,
    memory): what they use instead must stay what the parser would have answered, option
    for option."""
    from ftawizard import cli

    for arguments in ([], ["resume", "Ana"], ["resume", "2026-11-23-ana"]):
        quick = cli._wizard_arguments(arguments)
        assert quick is not None
        assert vars(quick) == vars(cli._parser().parse_args(arguments)), arguments
    for arguments in (["resume", "--plain", "Ana"], ["resume", "-h"], ["resume"], ["--plain"]):
        assert cli._wizard_arguments(arguments) is None, arguments  # the parser's to answer


def test_assess_json_contract(cli) -> None:
    result = cli("assess", "--answers", str(EXAMPLES / "mexican-civil-engineer.toml"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"ftawizard_version", "content_version", "as_of", "routes"} <= set(data)
    assert data["as_of"] == "2026-11-23"
    routes = {route["id"]: route for route in data["routes"]}
    assert set(routes) >= {
        "cptpp.professional",
        "cptpp.technician",
        "cptpp.spouse",
        "cusma.professional",
        "gats.professional",
    }
    cusma = routes["cusma.professional"]
    assert cusma["exemption_code"] == "T36"
    assert cusma["former_codes"] == [{"code": "T23", "until": "2022-12-14"}]
    assert cusma["max_initial_duration_months"] == 36
    for route in data["routes"]:
        assert route["verdict"] in ("eligible", "not_eligible", "needs_info")
        for reason in route["reasons"]:
            assert {"rule", "met", "text", "source"} <= set(reason)
            assert reason["met"] in (True, False, None)
            assert reason["source"]["url"].startswith("http")
        for document in route["documents"]:
            assert {"id", "title", "provided_by", "source"} <= set(document)
            assert document["provided_by"] in ("worker", "employer")


def test_assess_text_says_verdicts_in_words(cli) -> None:
    result = cli(
        "assess", "--answers", str(EXAMPLES / "american-registered-nurse.toml"), "--format", "text"
    )
    assert result.returncode == 0, result.stderr
    assert "CUSMA — Professionals — exemption code T36 (formerly T23)" in result.stdout
    assert "NOT ELIGIBLE" in result.stdout
    assert "licence from the province of destination" in result.stdout


def test_assess_reads_standard_input(cli) -> None:
    result = cli("assess", "--answers", "-", stdin='{"citizenship": "PE", "noc": "62200"}')
    assert result.returncode == 0, result.stderr
    ids = [route["id"] for route in json.loads(result.stdout)["routes"]]
    assert "cpfta.technician" in ids


def test_unknown_key_is_a_warning_not_a_failure(cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"citizenship": "MX", "citizenshp": "JP"}))
    result = cli("assess", "--answers", str(answers))
    assert result.returncode == 0
    assert "unknown answer key 'citizenshp'" in result.stderr


@pytest.mark.parametrize(
    ("content", "suffix", "field"),
    [
        ('{"citizenship": "XX"}', ".json", "citizenship"),
        ('{"citizenship": "MX", "noc": "99999"}', ".json", "noc"),
        ('{"citizenship": "MX", "experience_years": -1}', ".json", "experience_years"),
        ('{"citizenship": "MX", "offered_wage_hourly": -20}', ".json", "offered_wage_hourly"),
        ('{"citizenship": "MX", "application_date": "2024-13-40"}', ".json", "application_date"),
        ('{"citizenship": "MX", "application_date": "23/11/2026"}', ".json", "application_date"),
        ('{"citizenship": "MX", "spouse": "yes"}', ".json", "spouse"),
        ('{"citizenship": "MX", "education_level": "phd"}', ".json", "education_level"),
        ('{"citizenship": "US", "cusma_profession": "Astronaut"}', ".json", "cusma_profession"),
        ('{"citizenship": "MX", "noc": "2131"}', ".json", "noc"),
        ('{"citizenship": "MX", "province": "XX"}', ".json", "province"),
        ('citizenship = "MX"\nexperience_years = "five"\n', ".toml", "experience_years"),
        ("this is { not json or toml", ".json", "answers"),
        ("[1, 2, 3]", ".json", "answers"),
        ("citizenship = ", ".toml", "answers"),
    ],
    ids=[
        "unknown-country",
        "unknown-noc",
        "negative-experience",
        "negative-wage",
        "impossible-date",
        "date-format",
        "string-for-bool",
        "unknown-choice",
        "unknown-cusma-profession",
        "noc2016-after-switch",
        "unknown-province",
        "toml-string-for-number",
        "not-json-or-toml",
        "not-an-object",
        "broken-toml",
    ],
)
def test_bad_input_exits_2_with_one_clear_line(
    cli, tmp_path: Path, content: str, suffix: str, field: str
) -> None:
    path = tmp_path / f"answers{suffix}"
    path.write_text(content, encoding="utf-8")
    result = cli("assess", "--answers", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in lines[0]
    if field != "answers":
        assert f"{field}:" in lines[0]


def test_missing_answers_file(cli, tmp_path: Path) -> None:
    result = cli("assess", "--answers", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


UI_MODULES = ("textual", "rich", "questionary", "prompt_toolkit")


@pytest.mark.parametrize(
    "arguments",
    [
        ["--version"],
        ["--help"],
        ["assess", "--answers", str(EXAMPLES / "peruvian-chef.toml")],
        ["checklist", "--answers", str(EXAMPLES / "peruvian-chef.toml"), "--format", "text"],
        ["content", "check"],
        ["sessions", "list"],
    ],
    ids=["version", "help", "assess", "checklist", "content-check", "sessions-list"],
)
def test_commands_without_a_screen_import_no_terminal_ui(
    arguments: list[str], tmp_path: Path
) -> None:
    """Commands that show no screen must not pay for textual/rich/questionary imports."""
    code = (
        "import sys, contextlib, io\n"
        "import ftawizard.cli as cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    cli.main({arguments!r})\n"
        f"print('IMPORTED', [name for name in {UI_MODULES!r} if name in sys.modules])\n"
    )
    env = {**os.environ, "FTAWIZARD_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert "IMPORTED []" in result.stdout, result.stdout + result.stderr
