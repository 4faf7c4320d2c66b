"""Screen changes and key-to-redraw in the wizard, timed to the frame.

    python benchmarks/tui_latency.py [--quick] [--json FILE]

Runs the real ``FtaWizardApp`` (with a session store in a temporary folder, so every answer
is saved as in real use) under ``childhooks/bench_drivers.py:FrameClockDriver``: Textual
renders every frame to terminal output as on a terminal, and the driver notes the time each
frame goes out. A person is simulated by sending key events straight to the app, one at a
time; each timed key runs from the moment the key is sent until the first frame that shows
its effect:

* screen change — Enter on an answer until a frame shows the next question (its answer
  widget mounted, laid out and focused) or the results; also start screen → first question
  and results ↔ checklist ↔ questions;
* key to redraw — a character typed in the occupation picker until a frame shows the list of
  matches for the new text (also, reported apart: the country and CUSMA pickers, text
  fields, and ↑/↓ in option lists).

Between keys the simulated person waits until the app is idle (``Pilot.pause``), as a
person reads before the next key. Personas together visit every question of the content;
the questions never asked are reported. Prints one JSON object (or writes it to FILE); besides
the samples it holds the slowest screen changes (from → to, wall and CPU ms, frames, and the
ms spent in the garbage collector meanwhile) and the time the garbage collector took per
generation, to tell a slow screen from a collection pause. The CPU and collector figures run
until the walker resumes, so they include work done just after the frame.
The app runs with ``freeze_gc=True``, as the ``ftawizard`` command runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import gc
import json
import os
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "childhooks"))

from bench_drivers import FrameClockDriver  # noqa: E402
from textual import events  # noqa: E402
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input, OptionList  # noqa: E402

from ftawizard.content import load_default_content  # noqa: E402
from ftawizard.sessions.service import store_for  # noqa: E402
from ftawizard.tui.app import FtaWizardApp  # noqa: E402
from ftawizard.tui.screens.wizard import WizardScreen  # noqa: E402
from ftawizard.tui.screenshots import MEXICAN_ENGINEER as MEXICAN_EXAMPLE  # noqa: E402
from ftawizard.tui.widgets.answers import OptionsAnswer, PickerAnswer, TextAnswer  # noqa: E402

TODAY = dt.date(2026, 11, 23)
SIZE = (100, 34)
TIMEOUT = 10.0  # seconds for one key to show its effect before it counts as a failure

BASE: dict[str, object] = {
    # the README's example worker (examples/mexican-civil-engineer.toml), as the wizard stores it
    **MEXICAN_EXAMPLE,
    # follow-ups, asked only when they matter
    "research_position": True,
    "academic_employer": True,
    "supervisor_role": True,
    "foreign_legal_consultant": False,
    "quebec_notary": True,
    "physician_teaching_research": True,
    "supports_professional": True,
    "cusma_claims_training": True,
    # transfers, service contracts, trade and investment (asked only for those purposes)
    "ict_role": "specialized_knowledge",
    "ict_months": 24,
    "ict_relationship": True,
    "ict_same_position": True,
    "sk_advanced_expertise": True,
    "sk_proprietary_knowledge": True,
    "employer_country": "MX",
    "enterprise_nationality": True,
    "trade_principal": True,
    "trade_existing": True,
    "investment_status": "made",
    "business_role": "develop_direct",
    "service_sector": "engineering",
    "technologist_field": "engineering",
    "canadian_establishment": False,
    "employer_years": 3,
    "paid_by_foreign_employer": True,
    "stay_months_24": 0,
    "gats_occupation": "engineer",
    "gats_excluded_sector": False,
    "placement_agency": False,
    "credentials_recognized": True,
    "gats_days_12": 0,
    "home_licence": True,
    "korea_profession": "engineer",
}

# (name, answers that differ from BASE, what the person types in the occupation picker)
PERSONAS: list[tuple[str, dict[str, object], str]] = [
    ("Mexican civil engineer", {}, "civil eng"),
    ("Japanese researcher", {"citizenship": "JP", "noc": "21101"}, "chemist"),
    (
        "Australian notary in Quebec",
        {"citizenship": "AU", "noc": "41101", "province": "QC"},
        "notary",
    ),
    (
        "Peruvian lawyer",
        {"citizenship": "PE", "noc": "41101", "foreign_legal_consultant": True},
        "lawyer",
    ),
    ("Chilean machining supervisor", {"citizenship": "CL", "noc": "72010"}, "machinist superv"),
    (
        "Indian citizen, Australian resident",
        {"citizenship": "IN", "permanent_residence": "AU", "noc": "21231"},
        "software eng",
    ),
    (
        "American physician",
        {
            "citizenship": "US",
            "noc": "31102",
            "cusma_profession": "Physician (teaching or research only)",
        },
        "general pract",
    ),
    (
        "American lab technologist",
        {
            "citizenship": "US",
            "noc": "22110",
            "cusma_profession": "Scientific Technician / Technologist",
        },
        "biological tech",
    ),
    (
        "Mexican claims adjuster",
        {
            "noc": "12201",
            "cusma_profession": "Disaster Relief Insurance Claims Adjuster (employed by an insurer in a Party's territory, or independent)",
        },
        "insurance adj",
    ),
    (
        "American research assistant",
        {
            "citizenship": "US",
            "noc": "41201",
            "cusma_profession": "Research Assistant (working in a post-secondary educational institution)",
        },
        "research assist",
    ),
    (
        "Employer of a Peruvian chef, 2022 application",
        {
            "perspective": "employer",
            "citizenship": "PE",
            "application_date": "2022-06-01",
            "noc": "6321",
            "experience_years": 3,
        },
        "chef",
    ),
    ("New Zealand manager", {"citizenship": "NZ", "noc": "00012"}, "manager"),
    (
        "Mexican specialist transferred within the company",
        {"purpose": "transfer", "noc": "21311"},
        "computer eng",
    ),
    (
        "German engineer on a service contract",
        {"citizenship": "DE", "purpose": "service_contract", "employer_country": "DE"},
        "civil eng",
    ),
    ("Korean engineer", {"citizenship": "KR"}, "civil eng"),
    (
        "Japanese investor",
        {"citizenship": "JP", "purpose": "investment", "noc": "00012"},
        "manager",
    ),
    ("American trader", {"citizenship": "US", "purpose": "trade", "noc": "00012"}, "manager"),
    (
        "Korean technologist without a degree, self-employed",
        {
            "citizenship": "KR",
            "purpose": "self_employed_contract",
            "education_level": "post_secondary_certificate",
            "noc": "22300",
        },
        "civil engineering tech",
    ),
]
QUICK_PERSONAS = 3
GC_CLOCK = [0.0]  # ms spent in the garbage collector so far


def _key_event(key: str) -> events.Key:
    """The event a terminal key press makes (as textual.app.App._press_keys builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


class Walker:
    def __init__(
        self, app: FtaWizardApp, pilot: Pilot[None], profile: tuple[str, cProfile.Profile] | None
    ) -> None:
        self.app = app
        self.pilot = pilot
        self.profile = profile  # (kind prefix, profiler): profile only those timed keys
        self.samples: dict[str, list[float]] = {}
        # per timed key: CPU time of this process and frames drawn until the effect showed
        self.cpu: dict[str, list[float]] = {}
        self.frames: dict[str, list[int]] = {}
        # per screen change: (ms, CPU ms, frames, kind, from → to, ms spent in the garbage
        # collector), to find the slow ones
        self.changes: list[tuple[float, float, int, str, str, float]] = []
        self._frame_count = 0
        self.failures: list[str] = []
        self.asked: set[str] = set()
        self._condition: Callable[[], bool] | None = None
        self._shown: asyncio.Event | None = None
        self._shown_at = 0.0
        FrameClockDriver.on_frame = self._frame

    def _frame(self, now: float) -> None:
        self._frame_count += 1
        condition = self._condition
        if condition is not None and condition():
            self._condition = None
            self._shown_at = now
            assert self._shown is not None
            self._shown.set()

    async def timed(self, kind: str, key: str, shown: Callable[[], bool]) -> bool:
        """Send ``key``; record the time until the first frame for which ``shown()`` holds."""
        await self.pilot.pause()  # the person waits for the app to settle before the key
        self._shown = asyncio.Event()
        self._condition = shown
        event = _key_event(key)
        event.set_sender(self.app)
        driver = self.app._driver
        assert driver is not None
        profiler = None
        if self.profile is not None and kind.startswith(self.profile[0]):
            profiler = self.profile[1]
            profiler.enable()
        frames = self._frame_count
        collecting = GC_CLOCK[0]
        before = self._where()
        cpu = time.process_time()
        start = time.perf_counter()
        driver.send_message(event)
        try:
            await asyncio.wait_for(self._shown.wait(), TIMEOUT)
        except TimeoutError:
            self._condition = None
            self.failures.append(f"{kind}: {key!r} showed nothing within {TIMEOUT:g} s")
            return False
        finally:
            if profiler is not None:
                profiler.disable()
        self.samples.setdefault(kind, []).append((self._shown_at - start) * 1000)
        self.cpu.setdefault(kind, []).append((time.process_time() - cpu) * 1000)
        self.frames.setdefault(kind, []).append(self._frame_count - frames)
        if kind.startswith("screen change"):
            self.changes.append(
                (
                    round(self.samples[kind][-1], 1),
                    round(self.cpu[kind][-1], 1),
                    self.frames[kind][-1],
                    kind,
                    f"{before} → {self._where()}",
                    round(GC_CLOCK[0] - collecting, 1),
                )
            )
        return True

    def _where(self) -> str:
        screen = self.app.screen
        if isinstance(screen, WizardScreen) and screen.question is not None:
            return screen.question.id
        return type(screen).__name__

    # ------------------------------------------------------------------ conditions
    def _question_shown(self, previous: str | None) -> Callable[[], bool]:
        app = self.app

        def shown() -> bool:
            screen = app.screen
            if type(screen).__name__ == "ResultsScreen":
                return True
            if not isinstance(screen, WizardScreen) or screen.question is None:
                return False
            if screen.question.id == previous:
                return False
            try:
                widget = screen.answer_widget
            except LookupError:
                return False
            focused = app.focused
            return (
                widget.is_mounted
                and widget.region.area > 0
                and focused is not None
                and widget in focused.ancestors_with_self
            )

        return shown

    def _screen_named(self, name: str) -> Callable[[], bool]:
        return lambda: type(self.app.screen).__name__ == name

    # ------------------------------------------------------------------ answering
    def _current(self) -> tuple[WizardScreen, Any]:
        screen = self.app.screen
        assert isinstance(screen, WizardScreen) and screen.question is not None
        return screen, screen.answer_widget

    async def _type(self, kind: str, field: Input, text: str, picker: PickerAnswer | None) -> None:
        for count in range(1, len(text) + 1):
            expected = text[:count]
            before = picker.matches if picker is not None else None

            def shown(expected: str = expected, before: object = before) -> bool:
                if field.value != expected:
                    return False
                # PickerAnswer replaces its list of matches on every refresh
                return picker is None or picker.matches is not before

            await self.timed(kind, text[count - 1], shown)

    async def answer(self, persona: dict[str, object], noc_query: str) -> None:
        screen, widget = self._current()
        question = screen.question
        assert question is not None
        self.asked.add(question.id)
        value = persona.get(question.id)
        content = self.app.content
        if isinstance(widget, OptionsAnswer):
            options = widget.query_one(OptionList)
            target = next((i for i, (choice, _) in enumerate(widget.choices) if choice == value), 0)
            if options.highlighted is None:  # nothing chosen yet: ↓ highlights the first
                await self.timed(
                    "key to redraw: option list ↑/↓",
                    "down",
                    lambda: options.highlighted is not None,
                )
            while options.highlighted is not None and options.highlighted != target:
                step = "down" if options.highlighted < target else "up"
                goal = options.highlighted + (1 if step == "down" else -1)
                await self.timed(
                    "key to redraw: option list ↑/↓",
                    step,
                    lambda goal=goal: options.highlighted == goal,
                )
        elif isinstance(widget, PickerAnswer):
            field = widget.query_one(Input)
            if question.type == "noc":
                kind, typed = "key to redraw: occupation picker", noc_query
            elif question.type == "country":
                kind = "key to redraw: country picker"
                typed = content.country_name(str(value)) if value else ""
            else:
                kind, typed = "key to redraw: CUSMA profession picker", str(value or "")[:12]
            field.value = ""
            await self._type(kind, field, typed, widget)
            wanted = "" if value in (None, "") else str(value)
            if widget.current_value() != wanted and wanted:
                # the typed words do not put the persona's answer first: give the exact text
                # (not timed), as a person would type the code or the full name
                field.value = wanted if question.type != "country" else content.country_name(wanted)
                await self.pilot.pause()
                if widget.current_value() != wanted:
                    field.value = wanted
                    await self.pilot.pause()
        else:
            assert isinstance(widget, TextAnswer)
            field = widget.query_one(Input)
            field.value = ""
            await self._type(
                "key to redraw: text field", field, "" if value is None else str(value), None
            )
        await self.timed("screen change: next question", "enter", self._question_shown(question.id))

    async def walk(self, name: str, persona: dict[str, object], noc_query: str) -> None:
        app = self.app
        # back to the start screen (not timed), then start as the worker or the employer
        while type(app.screen).__name__ != "StartScreen":
            app.pop_screen()
            await self.pilot.pause()
        key = "e" if persona.get("perspective") == "employer" else "w"
        self.asked.add("perspective")  # the start screen's w / e answers it
        await self.timed("screen change: start → first question", key, self._question_shown(None))
        for _ in range(60):
            screen = app.screen
            if not isinstance(screen, WizardScreen):
                break
            before = screen.question.id if screen.question else None
            await self.answer(persona, noc_query)
            screen = app.screen
            if (
                isinstance(screen, WizardScreen)
                and screen.question
                and screen.question.id == before
            ):
                error = str(screen.query_one("#error").render())
                self.failures.append(f"{name}: the answer to {before!r} was refused: {error}")
                return
        else:
            self.failures.append(f"{name}: the wizard did not reach the results")
            return
        if type(app.screen).__name__ != "ResultsScreen":
            self.failures.append(f"{name}: ended on {type(app.screen).__name__}, not the results")
            return
        switch = "screen change: results/checklist/back"
        await self.timed(switch, "d", self._screen_named("ChecklistScreen"))
        await self.timed(switch, "escape", self._screen_named("ResultsScreen"))
        await self.timed(switch, "escape", self._question_shown(None))
        await self.timed(switch, "ctrl+r", self._screen_named("ResultsScreen"))


async def _main(quick: bool, profile: tuple[str, cProfile.Profile] | None) -> dict[str, Any]:
    content = load_default_content()
    home = tempfile.mkdtemp(prefix="ftawizard-bench-")
    # freeze_gc as the ftawizard command (run_app) runs it
    app = FtaWizardApp(content, store=store_for(content, home), today=TODAY, freeze_gc=True)
    app.driver_class = FrameClockDriver
    result: dict[str, Any] = {}
    # how long WizardScreen.accept (validation, flow engine, the screen's own updates) takes
    # inside each screen change; Textual's layout and rendering come after it
    accept_ms: list[float] = []
    accept = WizardScreen.accept

    def timed_accept(screen: WizardScreen, value: object) -> None:
        begin = time.perf_counter()
        try:
            accept(screen, value)
        finally:
            accept_ms.append((time.perf_counter() - begin) * 1000)

    WizardScreen.accept = timed_accept  # type: ignore[method-assign]

    # garbage collections during the walk: how many, and how long each generation took
    gc_ms: dict[str, list[float]] = {}
    gc_began = [0.0]

    def gc_clock(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_began[0] = time.perf_counter()
        else:
            elapsed = (time.perf_counter() - gc_began[0]) * 1000
            GC_CLOCK[0] += elapsed
            gc_ms.setdefault(f"gen{info['generation']}", []).append(round(elapsed, 2))

    gc.callbacks.append(gc_clock)
    personas = PERSONAS[:QUICK_PERSONAS] if quick else PERSONAS

    async def drive(pilot: Pilot[None]) -> None:
        walker = Walker(app, pilot, profile)
        try:
            await pilot.pause()
            for name, changes, noc_query in personas:
                await walker.walk(name, {**BASE, **changes}, noc_query)
        except Exception as error:  # report, do not hang the app
            walker.failures.append(f"{type(error).__name__}: {error}")
        finally:
            result["samples_ms"] = walker.samples
            result["cpu_ms"] = walker.cpu
            result["frames"] = walker.frames
            result["accept_ms"] = accept_ms
            result["gc_ms"] = {
                generation: {"count": len(times), "total": round(sum(times), 1), "max": max(times)}
                for generation, times in sorted(gc_ms.items())
            }
            result["slowest_screen_changes"] = sorted(walker.changes, reverse=True)[:15]
            if os.environ.get("FTAWIZARD_BENCH_ALL_CHANGES"):
                result["screen_changes"] = walker.changes
            result["failures"] = walker.failures
            result["questions_asked"] = sorted(walker.asked)
            result["questions_never_asked"] = sorted(
                question.id for question in content.questions if question.id not in walker.asked
            )
            result["personas"] = [name for name, _, _ in personas]
            app.exit()

    await app.run_async(size=SIZE, auto_pilot=drive)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK_PERSONAS} personas")
    parser.add_argument("--json", metavar="FILE", help="write the result to FILE")
    parser.add_argument(
        "--profile",
        nargs=2,
        metavar=("KIND", "FILE"),
        help="profile (cProfile) only the timed keys whose kind starts with KIND, e.g. "
        "'screen change' or 'key to redraw: occupation', and save the stats to FILE "
        "(read them with python -m pstats FILE); the timings are then inflated",
    )
    args = parser.parse_args()
    os.environ.setdefault("FTAWIZARD_HOME", tempfile.mkdtemp(prefix="ftawizard-bench-"))
    profile = (args.profile[0], cProfile.Profile()) if args.profile else None
    result = asyncio.run(_main(args.quick, profile))
    if profile is not None:
        profile[1].dump_stats(args.profile[1])
    text = json.dumps(result, indent=1)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 1 if result.get("failures") else 0


if __name__ == "__main__":
    sys.exit(main())
