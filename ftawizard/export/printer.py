"""Send a written checklist to the system printer with ``lp`` (CUPS, System V) or ``lpr`` (BSD).

Nothing is printed silently and nothing fails silently: the result always says what happened
and where the file is, so a person without a printer still knows where to find the checklist.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import attrs

JOB_TITLE = "ftawizard checklist"


@attrs.frozen
class PrintResult:
    printed: bool
    message: str


def printer_command(path: Path, title: str = JOB_TITLE) -> list[str] | None:
    """The command that prints ``path``: ``lp`` if there is one, else ``lpr``, else None."""
    lp = shutil.which("lp")
    if lp is not None:
        return [lp, "-t", title, str(path)]
    lpr = shutil.which("lpr")
    if lpr is not None:
        return [lpr, "-J", title, str(path)]
    return None


def send_to_printer(path: Path, title: str = JOB_TITLE, timeout: float = 60) -> PrintResult:
    where = f"The checklist was written to {path}."
    command = printer_command(path, title)
    if command is None:
        return PrintResult(
            False,
            "No printer command was found (neither lp nor lpr is installed), so nothing was "
            f"printed. {where}",
        )
    name = Path(command[0]).name
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return PrintResult(
            False,
            f"{name} did not answer within {timeout:.0f} seconds; nothing was printed. {where}",
        )
    except OSError as error:
        return PrintResult(
            False, f"{name} could not be run ({error}); nothing was printed. {where}"
        )
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        detail = f": {said[-1]}" if said else f" (exit status {result.returncode})"
        return PrintResult(False, f"{name} did not print the checklist{detail}. {where}")
    said = result.stdout.strip().splitlines()
    detail = f" ({said[-1]})" if said else ""
    return PrintResult(True, f"Sent {path} to the printer with {name}{detail}.")
