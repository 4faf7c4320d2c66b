"""Run the test suite against the newest Textual the package index offers, and report what moved.

    python tools/newest_textual.py [PYTEST ARGS...]     # default: the whole suite

In a throwaway virtual environment (a temporary folder, deleted afterwards), it installs
ftawizard with its test extras at the exact versions of ``constraints.txt``, then upgrades
Textual and its own dependencies to the newest the index offers (even past the range that
pyproject.toml declares, so that a new major version shows what it would break). It runs the
tests and prints:

- the versions that differ from constraints.txt;
- the tests that failed, the SVG snapshots among them (their differences are written to
  ``snapshot_report.html`` in the folder it was run from).

It exits 0 when the suite passes. If it passes with a newer Textual, raise the pins in
constraints.txt (and the range in pyproject.toml if needed) in one commit with any regenerated
snapshots; if snapshots differ, look at the report before regenerating them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """``name==version`` lines (pip freeze, constraints.txt) by normalised name."""
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        name, separator, version = line.partition("==")
        if separator:
            found[normal(name)] = version.strip()
    return found


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def main(pytest_args: list[str]) -> int:
    constraints = ROOT / "constraints.txt"
    pinned = pins(constraints.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="ftawizard-newest-textual-") as folder:
        venv = Path(folder) / "venv"
        python = str(venv / ("Scripts" if sys.platform == "win32" else "bin") / "python")
        if run([sys.executable, "-m", "venv", str(venv)]).returncode:
            return 2
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        if run([*pip, "-c", str(constraints), "-e", f"{ROOT}[test]"]).returncode:
            return 2
        if run([*pip, "--upgrade", "--upgrade-strategy", "eager", "textual"]).returncode:
            return 2
        freeze = run(
            [python, "-m", "pip", "freeze", "--all", "--exclude-editable"],
            capture_output=True,
        )
        installed = pins(freeze.stdout)
        report = Path(folder) / "report.xml"
        tests = run(
            [
                python,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={report}",
                *pytest_args,
            ],
            cwd=ROOT,
        )
        failed = []
        if report.exists():
            for case in ElementTree.parse(report).getroot().iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    failed.append(f"{case.get('classname')}::{case.get('name')}")

    print()
    print(f"Textual: {installed.get('textual', '?')} (constraints.txt: {pinned.get('textual')})")
    moved = sorted(
        (name, pinned.get(name, "not pinned"), version)
        for name, version in installed.items()
        if name != "pip" and pinned.get(name) != version
    )
    if moved:
        print("Versions that differ from constraints.txt:")
        for name, before, after in moved:
            print(f"  {name}: {before} -> {after}")
    else:
        print("Every version is the one in constraints.txt: the index offers nothing newer.")
    snapshots = [name for name in failed if "test_snapshots" in name]
    if failed:
        print(f"Failed tests ({len(failed)}, of which {len(snapshots)} SVG snapshots):")
        for name in failed:
            print(f"  {name}")
    else:
        print("The suite passes." if tests.returncode == 0 else "The suite did not run.")
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
