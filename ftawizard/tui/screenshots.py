"""Scenes of the real app, for the README's screenshots and the SVG snapshot tests.

    python -m ftawizard.tui.screenshots [FOLDER]      # writes FOLDER/*.svg (default: screenshots)

Each scene starts the app headless at a fixed size and date, drives it with the Pilot the
way a person would, and saves what the terminal shows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import attrs
from textual.pilot import Pilot

from ftawizard.answers_file import wizard_answers
from ftawizard.sessions.state import WizardState
from ftawizard.tui.app import FtaWizardApp

TODAY = dt.date(2026, 11, 23)
SIZE = (100, 34)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# the README's example worker, as the wizard stores answers (no permanent residence)
MEXICAN_ENGINEER = {
    **wizard_answers(str(EXAMPLES / "mexican-civil-engineer.toml")),
    "permanent_residence": "",
}


async def _start(pilot: Pilot[None]) -> None:
    await pilot.pause()


async def _question(pilot: Pilot[None]) -> None:
    await pilot.press("w")
    await pilot.pause()
    await pilot.press(*"mex")
    await pilot.pause()


async def _occupation(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, FtaWizardApp)
    app.state = WizardState(
        answers={
            k: MEXICAN_ENGINEER[k]
            for k in (
                "perspective",
                "citizenship",
                "permanent_residence",
                "application_date",
                "purpose",
            )
        }
    )
    app.continue_wizard()
    await pilot.pause()
    await pilot.press(*"civil eng")
    await pilot.pause()


async def _results(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, FtaWizardApp)
    app.state = WizardState(answers=dict(MEXICAN_ENGINEER))
    app.continue_wizard()
    await pilot.pause()
    await pilot.press("ctrl+r")
    await pilot.pause()


async def _checklist(pilot: Pilot[None]) -> None:
    await _results(pilot)
    app = pilot.app
    assert isinstance(app, FtaWizardApp)
    app.state.checked.update({"passport", "proof_citizenship"})
    await pilot.press("d")
    await pilot.pause()


async def _compare(pilot: Pilot[None]) -> None:
    await _results(pilot)
    await pilot.press("c")
    await pilot.pause()


@attrs.frozen
class Scene:
    name: str
    setup: Callable[[Pilot[None]], Awaitable[None]]
    size: tuple[int, int] = SIZE


SCENES = (
    Scene("start", _start),
    Scene("question", _question),
    Scene("occupation-picker", _occupation),
    Scene("results", _results),
    Scene("checklist", _checklist),
    Scene("compare", _compare, (120, 40)),
)


def make_app() -> FtaWizardApp:
    return FtaWizardApp(today=TODAY)


async def save_scene(scene: Scene, folder: Path) -> Path:
    app = make_app()
    async with app.run_test(size=scene.size) as pilot:
        await scene.setup(pilot)
        await pilot.pause()
        path = Path(app.save_screenshot(f"{scene.name}.svg", str(folder)))
    return path


async def _main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for scene in SCENES:
        path = await save_scene(scene, folder)
        print(path)


if __name__ == "__main__":
    asyncio.run(_main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
