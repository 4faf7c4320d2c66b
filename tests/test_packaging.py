"""The package as a user installs it: a regular (non-editable) wheel that carries the content
tree and works from any directory; and the README's promises about set-up and CI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("ftawizard-*.whl")
    return built


def test_wheel_carries_the_content_tree(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "ftawizard/_content/manifest.toml",
        "ftawizard/_content/questions.toml",
        "ftawizard/_content/agreements/cptpp.toml",
        "ftawizard/_content/occupations/noc2021_unit_groups.csv",
        "ftawizard/_content/occupations/cusma_professions.toml",
        "ftawizard/export/fonts/DejaVuSans.ttf",
        "ftawizard/tui/app.tcss",
    ):
        assert required in names, f"{required} missing from the wheel"


def test_installed_wheel_works_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("FTAWIZARD_CONTENT", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ftawizard", *args],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env,
            timeout=60,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import ftawizard; print(ftawizard.__file__)"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert where.stdout.strip().startswith(str(target)), (
        "the test must exercise the installed wheel"
    )
    check = run("content", "check")
    assert check.returncode == 0, check.stderr
    assert str(target) in check.stdout, "content must be read from the installed package"
    answers = elsewhere / "answers.json"
    answers.write_text(json.dumps({"citizenship": "PE", "noc": "62200"}))
    assess = run("assess", "--answers", str(answers))
    assert assess.returncode == 0, assess.stderr
    assert "cpfta.technician" in assess.stdout


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", setup, flags=re.S)


def test_readme_gives_exactly_two_setup_commands() -> None:
    commands = _readme_commands()
    assert len(commands) == 2, commands
    run_command, test_command = commands
    assert "ftawizard" in run_command and "install" in run_command
    assert "pytest" in test_command and "install" in test_command


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _readme_commands()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci, "CI must run exactly the README's test command"


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt pins exact versions only: {line!r}"
            pins[_normal(name)] = version
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_test_command_installs_the_exact_versions_of_constraints_txt() -> None:
    test_command = _readme_commands()[1]
    assert "-c constraints.txt" in test_command
    pins = _constraints()
    assert "ftawizard" not in pins


def test_every_dependency_is_a_range_that_its_pinned_version_satisfies() -> None:
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _constraints()
    requirements = [Requirement(text) for text in project["dependencies"]] + [
        Requirement(text) for text in project["optional-dependencies"]["test"]
    ]
    for requirement in requirements:
        name = _normal(requirement.name)
        assert name in pins, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement}"
        )
        if requirement in requirements[: len(project["dependencies"])]:
            assert not any(spec.operator in ("==", "===") for spec in requirement.specifier), (
                f"{requirement} is pinned exactly: declare the versions it works with"
            )
