"""ftawizard's performance benchmarks: every figure with its target, PASS or FAIL.

    .venv/bin/python benchmarks/run.py [--quick] [--json FILE] [--only NAME ...]

Run it with the interpreter ftawizard is installed in (it starts the ``ftawizard`` command
next to that interpreter). It is not part of the test suite: timings on a shared machine are
not tests. The targets are what a person notices (docs/performance.md). It measures, on this
machine:

1. start-up: ``ftawizard`` from spawn until its start screen's first frame is drawn and
   the process has exited, against a bare Textual app (benchmarks/bare_app.py) started and
   stopped the same way (benchmarks/childhooks/bench_drivers.py), A/B interleaved: the
   figure is the median of the per-round ratios;
2. the commands without a screen (--version, --help, assess, checklist, content check,
   sessions list): wall time against the bare app in the same rounds, peak memory (median,
   with the content cache warm), and that they import none of textual, rich, questionary,
   prompt_toolkit;
3. screen changes and key-to-redraw in the wizard (benchmarks/tui_latency.py);
4. occupation search: 1,000 realistic queries over every NOC 2021 title;
5. ``plan()``, the engine's work behind one answer, after every answer along 200 people's
   answers, and ``content check``;
6. peak memory of the wizard at the results screen against the bare app;
7. the suite's exhaustive check of the decision tree (tests/test_exhaustive.py, sampled).

Every process it starts is measured from outside (wall time from spawn to exit) and
reports its own peak resident memory (VmHWM) at exit, through
benchmarks/childhooks/sitecustomize.py. Exit status: 0 when every target is met, 1 when one
is missed (or a benchmark failed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import fcntl
import json
import os
import platform
import random
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ftawizard.answers_file import wizard_answers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOOKS = HERE / "childhooks"
EXAMPLE = ROOT / "examples" / "mexican-civil-engineer.toml"
SIZE = (100, 34)
TODAY = dt.date(2026, 11, 23)
REPO = Path(__file__).resolve().parent.parent
# the README's example worker, as the wizard stores answers (no permanent residence)
MEXICAN_ENGINEER: dict[str, object] = {
    **wizard_answers(str(REPO / "examples" / "mexican-civil-engineer.toml")),
    "permanent_residence": "",
}

FORBIDDEN = ("textual", "rich", "questionary", "prompt_toolkit")
MIB = 1024.0  # KiB per MiB

# ============================================================================ statistics


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile (q in [0, 1]) of a non-empty sequence."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Figure:
    """One row of the table: samples, the statistic a target applies to, and the verdict."""

    section: str
    name: str
    unit: str  # "ms", "s", "×", "MiB", "/s", "" (a count)
    samples: list[float] = field(default_factory=list)
    target: str = ""  # e.g. "median ≤ 1.2×"; empty: information only
    check: Callable[[Figure], bool] | None = None
    note: str = ""
    error: str = ""

    @property
    def ok(self) -> bool | None:
        if self.error:
            return False
        if self.check is None:
            return None
        if not self.samples:
            return False
        return self.check(self)

    def stat(self, name: str) -> float | None:
        if not self.samples:
            return None
        if name == "median":
            return statistics.median(self.samples)
        if name == "q1":
            return quantile(self.samples, 0.25)
        if name == "q3":
            return quantile(self.samples, 0.75)
        if name == "p95":
            return quantile(self.samples, 0.95)
        if name == "p99":
            return quantile(self.samples, 0.99)
        if name == "min":
            return min(self.samples)
        if name == "max":
            return max(self.samples)
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        stats = {key: self.stat(key) for key in ("median", "q1", "q3", "p95", "p99", "min", "max")}
        return {
            "section": self.section,
            "name": self.name,
            "unit": self.unit,
            "n": len(self.samples),
            **stats,
            "target": self.target,
            "ok": self.ok,
            "note": self.note,
            "error": self.error,
            "samples": self.samples,
        }


def at_most(stat: str, limit: float) -> Callable[[Figure], bool]:
    return lambda figure: (figure.stat(stat) or 0.0) <= limit


def at_least(stat: str, limit: float) -> Callable[[Figure], bool]:
    return lambda figure: (figure.stat(stat) or 0.0) >= limit


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit == "":
        return f"{value:,.0f}"
    if unit == "s":
        return f"{value:.3f} s"
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def render_table(figures: Sequence[Figure]) -> str:
    headers = ["measure", "n", "median", "IQR (q1–q3)", "p95", "p99", "target", "result"]
    rows: list[list[str]] = []
    section = None
    for figure in figures:
        if figure.section != section:
            section = figure.section
            rows.append([f"[{section}]", "", "", "", "", "", "", ""])
        n = len(figure.samples)
        q1, q3 = figure.stat("q1"), figure.stat("q3")
        iqr = f"{_fmt(q1, figure.unit)}–{_fmt(q3, figure.unit)}" if n > 1 else "—"
        result = {True: "PASS", False: "FAIL", None: "info"}[figure.ok]
        rows.append(
            [
                "  " + figure.name,
                str(n) if n else "—",
                _fmt(figure.stat("median"), figure.unit),
                iqr,
                _fmt(figure.stat("p95"), figure.unit) if n >= 5 else "—",
                _fmt(figure.stat("p99"), figure.unit) if n >= 100 else "—",
                figure.target or "—",
                result,
            ]
        )
        for text in (figure.error, figure.note):
            if text:
                rows.append(["      " + text, "", "", "", "", "", "", ""])
    widths = [
        max(len(headers[i]), *(len(row[i]) for row in rows if not row[0].startswith("      ")))
        for i in range(len(headers))
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        if row[0].startswith("      "):
            lines.append(row[0])
        else:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


# ============================================================================ processes


@dataclass
class Run:
    wall: float  # seconds, spawn to exit
    peak_kib: int | None  # the child's own VmHWM
    returncode: int
    stdout: str
    stderr: str
    modules: list[str] | None = None
    first_frame: float | None = None  # seconds, spawn to the first frame (FirstFrameDriver)
    cpu: float | None = None  # seconds of CPU (user + system) the process used


class Spawner:
    """Starts commands the same way every time and measures them from outside."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.home = workdir / "home"
        self.home.mkdir()
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TEXTUAL", "FTAWIZARD_")) and key not in ("COLUMNS", "LINES")
        }
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(HOOKS), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        self.env["FTAWIZARD_HOME"] = str(self.home)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # .pyc files are cached as in real use
        self._count = 0

    def run(
        self,
        command: Sequence[str],
        *,
        tty: bool = False,
        env: dict[str, str] | None = None,
        modules: bool = False,
        timeout: float = 120.0,
    ) -> Run:
        self._count += 1
        report = self.workdir / f"report-{self._count}.json"
        frame_time = self.workdir / f"frame-time-{self._count}.txt"
        full_env = {
            **self.env,
            **(env or {}),
            "FTAWIZARD_BENCH_REPORT": str(report),
            "FTAWIZARD_BENCH_FRAME_TIME": str(frame_time),
        }
        if modules:
            full_env["FTAWIZARD_BENCH_MODULES"] = "1"
        out_path = self.workdir / f"out-{self._count}.txt"
        err_path = self.workdir / f"err-{self._count}.txt"
        master = slave = None
        drained: list[bytes] = []
        reader = None
        with open(err_path, "wb") as err, open(out_path, "wb") as out:
            if tty:
                master, slave = os.openpty()
                rows, columns = SIZE[1], SIZE[0]
                fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                stdin: Any = slave
                stdout: Any = slave
            else:
                stdin, stdout = subprocess.DEVNULL, out
            start = time.monotonic()  # the clock the child's driver reads, system-wide
            process = subprocess.Popen(
                list(command), stdin=stdin, stdout=stdout, stderr=err, env=full_env, cwd=ROOT
            )
            if tty:
                assert master is not None and slave is not None
                os.close(slave)
                reader = threading.Thread(target=_drain, args=(master, drained), daemon=True)
                reader.start()
            killer = threading.Timer(timeout, _kill, args=(process.pid,))
            killer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            finally:
                wall = time.monotonic() - start
                killer.cancel()
            process.returncode = os.waitstatus_to_exitcode(status)
            if reader is not None:
                reader.join(2)
            if master is not None:
                os.close(master)
        text = out_path.read_text("utf-8", "replace") + b"".join(drained).decode("utf-8", "replace")
        peak = None
        loaded = None
        if report.exists():
            data = json.loads(report.read_text("utf-8"))
            peak = data.get("peak_rss_kib")
            loaded = data.get("modules")
        first_frame = None
        with contextlib.suppress(OSError, ValueError):
            first_frame = float(frame_time.read_text("ascii")) - start
        return Run(
            wall,
            peak,
            process.returncode,
            text,
            err_path.read_text("utf-8", "replace"),
            loaded,
            first_frame,
            usage.ru_utime + usage.ru_stime,
        )


def _drain(fd: int, sink: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        sink.append(data)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, 9)


def ftawizard_command() -> list[str]:
    script = Path(sys.executable).with_name("ftawizard")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ftawizard"]


# ============================================================================ 1, 2 and 6: processes


def first_frame_env(screen: str, frame: Path | None = None) -> dict[str, str]:
    env = {
        "TEXTUAL_DRIVER": "bench_drivers:FirstFrameDriver",
        "FTAWIZARD_BENCH_SCREEN": screen,
        "COLUMNS": str(SIZE[0]),
        "LINES": str(SIZE[1]),
        "TERM": "xterm-256color",
    }
    if frame is not None:
        env["FTAWIZARD_BENCH_FRAME"] = str(frame)
    return env


def _plain_frame(path: Path) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", path.read_text("utf-8", "replace"))


@dataclass
class Program:
    name: str
    command: list[str]
    tty: bool = False
    env: dict[str, str] = field(default_factory=dict)
    screen: bool = False  # shows a screen (may import textual)


def programs(spawner: Spawner) -> list[Program]:
    wizard = ftawizard_command()
    example = str(EXAMPLE)
    return [
        Program(
            "bare Textual app",
            [sys.executable, str(HERE / "bare_app.py")],
            tty=True,
            env=first_frame_env("Screen"),
            screen=True,
        ),
        Program("ftawizard", wizard, tty=True, env=first_frame_env("StartScreen"), screen=True),
        Program("--version", [*wizard, "--version"]),
        Program("--help", [*wizard, "--help"]),
        Program("assess", [*wizard, "assess", "--answers", example]),
        Program(
            "checklist --format text",
            [*wizard, "checklist", "--answers", example, "--format", "text"],
        ),
        Program("content check", [*wizard, "content", "check"]),
        Program("sessions list", [*wizard, "sessions", "list"]),
    ]


def check_programs(spawner: Spawner, progs: list[Program]) -> dict[str, str]:
    """One untimed run of each (warms the file cache and .pyc files): what does not work."""
    problems: dict[str, str] = {}
    expected_text = {
        "bare Textual app": "Hello from a bare Textual app",
        "ftawizard": "Start as the worker",
    }
    for program in progs:
        frame = spawner.workdir / "frame.txt"
        env = dict(program.env)
        if program.name in expected_text:
            env["FTAWIZARD_BENCH_FRAME"] = str(frame)
            frame.unlink(missing_ok=True)
        run = spawner.run(program.command, tty=program.tty, env=env)
        if run.returncode != 0:
            lines = (run.stderr.strip() or run.stdout.strip() or "no output").splitlines()
            problems[program.name] = f"exit status {run.returncode}: {lines[-1][:150]}"
        elif program.name in expected_text:
            if not frame.exists():
                problems[program.name] = "no frame was drawn"
            elif expected_text[program.name] not in _plain_frame(frame):
                problems[program.name] = (
                    f"the first frame does not show {expected_text[program.name]!r}"
                )
    return problems


def bench_processes(spawner: Spawner, rounds: int, figures: list[Figure]) -> dict[str, list[Run]]:
    progs = programs(spawner)
    problems = check_programs(spawner, progs)
    runs: dict[str, list[Run]] = {program.name: [] for program in progs}
    ratios: dict[str, list[float]] = {program.name: [] for program in progs}
    frame_ratios: list[float] = []  # ftawizard ÷ bare app, spawn → first frame only
    working = [program for program in progs if program.name not in problems]
    for index in range(rounds):
        # interleaved, with the order rotated every round so that no program always follows
        # the same one
        shift = index % len(working)
        order = working[shift:] + working[:shift]
        this_round: dict[str, Run] = {}
        for program in order:
            run = spawner.run(program.command, tty=program.tty, env=program.env)
            if run.returncode != 0:
                problems.setdefault(program.name, f"exit status {run.returncode} in round {index}")
                continue
            this_round[program.name] = run
            runs[program.name].append(run)
        bare = this_round.get("bare Textual app")
        if bare is not None:
            for name, run in this_round.items():
                ratios[name].append(run.wall / bare.wall)
            wizard = this_round.get("ftawizard")
            if wizard is not None and wizard.first_frame and bare.first_frame:
                frame_ratios.append(wizard.first_frame / bare.first_frame)
        print(f"  round {index + 1}/{rounds} done", file=sys.stderr)

    bare_runs = runs["bare Textual app"]
    section1 = "1 start-up: spawn → first frame drawn → exit (÷ bare app: per-round ratio)"
    figures.append(
        Figure(
            section1,
            "bare Textual app: wall",
            "ms",
            [run.wall * 1000 for run in bare_runs],
            error=problems.get("bare Textual app", ""),
        )
    )
    figures.append(
        Figure(
            section1,
            "ftawizard: wall",
            "ms",
            [run.wall * 1000 for run in runs["ftawizard"]],
            error=problems.get("ftawizard", ""),
        )
    )
    figures.append(
        Figure(
            section1,
            "ftawizard ÷ bare app",
            "×",
            ratios["ftawizard"],
            target="median ≤ 1.2×",
            check=at_most("median", 1.2),
            error=problems.get("ftawizard", "") or problems.get("bare Textual app", ""),
        )
    )
    for name in ("bare Textual app", "ftawizard"):
        figures.append(
            Figure(
                section1,
                f"  {name}: spawn → first frame",
                "ms",
                [run.first_frame * 1000 for run in runs[name] if run.first_frame],
                note="information: the same runs, without the exit",
            )
        )
    figures.append(
        Figure(
            section1,
            "  ftawizard ÷ bare app, spawn → first frame",
            "×",
            frame_ratios,
            note="information: ftawizard's exit is the cheaper one (see docs/performance.md)",
        )
    )

    section2 = "2 commands without a screen (ftawizard …; ÷ bare app: per-round ratio)"
    guard = import_guard(spawner, [program for program in progs if not program.screen])
    for program in progs:
        if program.screen:
            continue
        name = program.name
        error = problems.get(name, "")
        figures.append(
            Figure(
                section2, f"{name}: wall", "ms", [r.wall * 1000 for r in runs[name]], error=error
            )
        )
        figures.append(
            Figure(
                section2,
                f"{name}: ÷ bare app",
                "×",
                ratios[name],
                target="median ≤ 0.6×",
                check=at_most("median", 0.6),
                error=error,
            )
        )
        peaks = [r.peak_kib / MIB for r in runs[name] if r.peak_kib is not None]
        figures.append(
            Figure(
                section2,
                f"{name}: peak RSS",
                "MiB",
                peaks,
                target="median ≤ 25 MiB",
                check=at_most("median", 25.0),
                note="warm cache: the content cache was filled by an untimed run first",
                error=error,
            )
        )
        found = guard.get(name)
        figures.append(
            Figure(
                section2,
                f"{name}: UI modules imported",
                "",
                [float(len(found))] if found is not None else [],
                target="none",
                check=lambda figure: figure.samples == [0.0],
                note=("imports: " + ", ".join(found[:8]) + (" …" if len(found) > 8 else ""))
                if found
                else "",
                error=error if found is None else "",
            )
        )
    bare_peaks = [r.peak_kib / MIB for r in bare_runs if r.peak_kib is not None]
    figures.append(
        Figure(section2, "bare Textual app: peak RSS (for comparison)", "MiB", bare_peaks)
    )
    figures.append(
        Figure(
            SECTION5,
            "ftawizard content check: wall, spawn → exit",
            "ms",
            [run.wall * 1000 for run in runs["content check"]],
            target="median ≤ 1000 ms",
            check=at_most("median", 1000.0),
            error=problems.get("content check", ""),
        )
    )
    return runs


def import_guard(spawner: Spawner, progs: Iterable[Program]) -> dict[str, list[str]]:
    """Program name → the forbidden modules it imported (top-level names)."""
    found: dict[str, list[str]] = {}
    for program in progs:
        run = spawner.run(program.command, tty=program.tty, env=program.env, modules=True)
        if run.modules is None:
            continue
        bad = sorted(
            {name for name in run.modules if name.split(".")[0] in FORBIDDEN},
            key=lambda name: (name.count("."), name),
        )
        found[program.name] = bad
    return found


def bench_results_memory(
    spawner: Spawner, runs: int, bare_runs: list[Run], figures: list[Figure]
) -> None:
    """Peak RSS of ``ftawizard resume`` driven to the results screen (Ctrl+R)."""
    section = "6 memory at the results screen"
    from ftawizard.content import load_default_content
    from ftawizard.sessions.service import store_for

    content = load_default_content()
    store = store_for(content, str(spawner.home))
    record = store.create(
        "benchmark: Mexican civil engineer", dict(MEXICAN_ENGINEER), content.version
    )
    env = {**first_frame_env("ResultsScreen"), "FTAWIZARD_BENCH_TYPE": "\x12"}  # Ctrl+R
    command = [*ftawizard_command(), "resume", record.id]
    results: list[Run] = []
    error = ""
    frame = spawner.workdir / "results-frame.txt"
    for index in range(runs):
        extra = {"FTAWIZARD_BENCH_FRAME": str(frame)} if index == 0 else {}
        run = spawner.run(command, tty=True, env={**env, **extra})
        if run.returncode != 0:
            error = f"exit status {run.returncode}: {run.stderr.strip()[-150:]}"
            break
        if index == 0 and (not frame.exists() or "ELIGIBLE" not in _plain_frame(frame)):
            error = "the results screen was not drawn (no ELIGIBLE card in the frame)"
            break
        results.append(run)
    peaks = [run.peak_kib / MIB for run in results if run.peak_kib is not None]
    bare = [run.peak_kib / MIB for run in bare_runs if run.peak_kib is not None]
    figures.append(
        Figure(section, "ftawizard at the results screen: peak RSS", "MiB", peaks, error=error)
    )
    figures.append(Figure(section, "bare Textual app: peak RSS", "MiB", bare))
    ratio = [peak / statistics.median(bare) for peak in peaks] if bare else []
    figures.append(
        Figure(
            section,
            "results screen ÷ bare app (peak RSS)",
            "×",
            ratio,
            target="median ≤ 1.45×",
            check=at_most("median", 1.45),
            error=error or ("" if bare else "no bare-app figure"),
        )
    )
    figures.append(
        Figure(
            section,
            "ftawizard resume → results screen drawn → exit: wall",
            "ms",
            [run.wall * 1000 for run in results],
            note="information: start-up, session read, the wizard screen, then Ctrl+R",
        )
    )


# ============================================================================ 3: the wizard


def bench_tui(spawner: Spawner, quick: bool, figures: list[Figure]) -> dict[str, Any]:
    section = "3 the wizard: screen changes and key to redraw"
    out = spawner.workdir / "tui.json"
    command = [sys.executable, str(HERE / "tui_latency.py"), "--json", str(out)]
    if quick:
        command.append("--quick")
    run = spawner.run(command, timeout=900)
    if not out.exists():
        figures.append(
            Figure(
                section,
                "screen changes",
                "ms",
                target="median ≤ 50 ms, p95 ≤ 80 ms",
                check=lambda figure: False,
                error=f"tui_latency.py failed ({run.returncode}): {run.stderr.strip()[-300:]}",
            )
        )
        return {}
    data = json.loads(out.read_text("utf-8"))
    samples: dict[str, list[float]] = data["samples_ms"]
    failures = data.get("failures", [])
    changes = [
        value
        for kind, values in samples.items()
        if kind.startswith("screen change")
        for value in values
    ]
    cpu = data.get("cpu_ms", {})
    frames = data.get("frames", {})
    figures.append(
        Figure(
            section,
            "screen changes (all kinds)",
            "ms",
            changes,
            target="median ≤ 50 ms, p95 ≤ 80 ms",
            check=lambda figure: (
                (figure.stat("median") or 0) <= 50 and (figure.stat("p95") or 0) <= 80
            ),
            error="; ".join(failures[:3]),
        )
    )
    for kind in sorted(samples):
        if kind.startswith("screen change"):
            kind_cpu = cpu.get(kind) or [0.0]
            kind_frames = frames.get(kind) or [0]
            figures.append(
                Figure(
                    section,
                    "  " + kind.removeprefix("screen change: "),
                    "ms",
                    samples[kind],
                    note=f"CPU median {statistics.median(kind_cpu):.0f} ms, "
                    f"frames drawn median {statistics.median(kind_frames):g}",
                )
            )
    accept = data.get("accept_ms", [])
    if accept:
        figures.append(
            Figure(
                section,
                "  of which WizardScreen.accept (engine + the screen's own updates)",
                "ms",
                accept,
            )
        )
    picker = samples.get("key to redraw: occupation picker", [])
    figures.append(
        Figure(
            section,
            "key to redraw: occupation picker",
            "ms",
            picker,
            target="median ≤ 20 ms",
            check=at_most("median", 20.0),
            note=f"CPU median {statistics.median(cpu.get('key to redraw: occupation picker') or [0]):.0f} ms",
        )
    )
    for kind in sorted(samples):
        if kind.startswith("key to redraw") and kind != "key to redraw: occupation picker":
            figures.append(
                Figure(section, "  " + kind.removeprefix("key to redraw: "), "ms", samples[kind])
            )
    never = data.get("questions_never_asked", [])
    if never and not quick:
        figures.append(
            Figure(
                section,
                "questions the walk never reached",
                "",
                [float(len(never))],
                note=", ".join(never),
            )
        )
    return data


# ============================================================================ 4: search


def search_queries(titles_csv: Path, count: int = 1000, seed: int = 2021) -> list[str]:
    """Realistic, deterministic queries: prefixes of real titles, short word starts, typos,
    codes and whole titles."""
    rng = random.Random(seed)
    with titles_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = [(row["code"].strip(), row["title"].strip()) for row in csv.DictReader(handle)]
    codes = sorted({code for code, _ in rows})
    letters = "abcdefghijklmnopqrstuvwxyz"
    queries: list[str] = []

    def words_of(title: str) -> list[str]:
        return re.findall(r"[^\W\d_]+", title.lower())

    while len(queries) < count:
        roll = rng.random()
        _, title = rng.choice(rows)
        words = words_of(title)
        if not words:
            continue
        if roll < 0.35:  # the start of a title, the last word cut: "civil eng"
            taken = words[: rng.randint(1, min(3, len(words)))]
            last = taken[-1]
            taken[-1] = last[: rng.randint(min(2, len(last)), len(last))]
            queries.append(" ".join(taken))
        elif roll < 0.50:  # a person who just started typing: "n", "nu", "nurs"
            word = rng.choice(words)
            queries.append(word[: rng.randint(1, min(4, len(word)))])
        elif roll < 0.70:  # one typo in a long word: "enginer", "acountant"
            long_words = [word for word in words if len(word) >= 5]
            if not long_words:
                continue
            word = rng.choice(long_words)
            i = rng.randrange(1, len(word))
            edit = rng.randrange(4)
            if edit == 0:
                typo = word[:i] + rng.choice(letters) + word[i + 1 :]
            elif edit == 1:
                typo = word[:i] + word[i + 1 :]
            elif edit == 2 and i < len(word) - 1:
                typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            else:
                typo = word[:i] + rng.choice(letters) + word[i:]
            others = [w for w in words if w != word]
            if others and rng.random() < 0.3:
                other = rng.choice(others)
                typo = f"{typo} {other[: rng.randint(1, len(other))]}"
            queries.append(typo)
        elif roll < 0.85:  # a code or its start: "213", "21300", "NOC 2131"
            code = rng.choice(codes)
            digits = code[: rng.randint(1, 5)]
            queries.append(f"NOC {digits}" if rng.random() < 0.2 else digits)
        else:  # a whole example title, as pasted from an offer of employment
            queries.append(title)
    return queries


def bench_search(repeats: int, figures: list[Figure]) -> None:
    section = "4 occupation search (NOC 2021, limit=30, one core)"
    from ftawizard.content import load_default_content
    from ftawizard.content.occupations import OccupationIndex, occupation_index

    content = load_default_content()
    builds = []
    for _ in range(3 if repeats > 1 else 1):
        index = OccupationIndex(content)
        start = time.perf_counter()
        index.prepare()
        builds.append((time.perf_counter() - start) * 1000)
    titles = Path(content.root, "occupations", "noc2021_titles.csv")
    queries = search_queries(titles)
    shared = occupation_index(content)
    shared.prepare()
    per_query: list[list[float]] = [[] for _ in queries]
    clock = time.perf_counter_ns
    for _ in range(repeats):
        for number, query in enumerate(queries):
            start = clock()
            shared.search(query, limit=30)
            per_query[number].append((clock() - start) / 1e6)
    times = [statistics.median(values) for values in per_query]
    slowest = sorted(range(len(queries)), key=times.__getitem__, reverse=True)[:5]
    figures.append(Figure(section, "index build (one-off, not in the query times)", "ms", builds))
    figures.append(
        Figure(
            section,
            f"per query ({len(queries)} queries, median of {repeats} runs each)",
            "ms",
            times,
            target="median ≤ 2 ms",
            check=at_most("median", 2.0),
            note="slowest: " + ", ".join(f"{queries[i]!r} {times[i]:.1f} ms" for i in slowest),
        )
    )


# ============================================================================ 5: engine


SECTION5 = "5 the engine behind one answer (plan(), one core) and content check"
CITIZENSHIPS = [
    *("MX", "US", "JP", "PE", "AU", "CL", "MY", "BN", "NZ", "IN", "SG", "VN", "GB", "FR"),
    *("CO", "KR", "PA", "UA", "DE", "BR"),
]
# what the person comes to Canada to do, roughly as often as people ask
PURPOSES = [("employment", 60), ("service_contract", 8), ("self_employed_contract", 4)]
PURPOSES += [("transfer", 12), ("trade", 5), ("investment", 5), ("none", 6)]
EDUCATION = [
    "none",
    "secondary",
    "post_secondary_certificate",
    "post_secondary_diploma",
    "associate_degree",
    "bachelor",
    "professional_degree",
    "master",
    "doctorate",
]
OTHER_CODES = [
    "00012",
    "21231",
    "62200",
    "31102",
    "41101",
    "72010",
    "65200",
    "75101",
    "12201",
    "41201",
    "22110",
    "13110",
    "21300",
    "31301",
]
PROVINCES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]


def answer_sets(content: Any, count: int, seed: int = 7) -> list[dict[str, object]]:
    """Distinct answer sets drawn from the discrete answer space (deterministic)."""
    from ftawizard.engine import AnswerError, parse_answers

    rng = random.Random(seed)
    codes: set[str] = set(OTHER_CODES)
    for occupation_list in content.lists.values():
        for item in occupation_list.items:
            if item.group is not None:
                group = content.groups[item.group]
                codes |= group.noc2021 | group.borderline2021
            else:
                codes |= item.noc2021 | item.partial2021
    noc_codes = sorted(code for code in codes if code in content.noc2021)
    professions = [profession.name for profession in content.cusma_professions] + ["none"]
    early = {
        code: old[0] for code in noc_codes if len(old := content.noc2021_to_2016.get(code, ())) == 1
    }
    seen: set[tuple[tuple[str, object], ...]] = set()
    sets: list[dict[str, object]] = []
    while len(sets) < count:
        citizenship = rng.choice(CITIZENSHIPS)
        code = rng.choice(noc_codes)
        raw: dict[str, object] = {
            "perspective": rng.choice(["worker", "employer"]),
            "citizenship": citizenship,
            "permanent_residence": rng.choice(["", "", "AU", "PE"]),
            "application_date": "2026-11-23",
            "noc": code,
            "purpose": rng.choices([p for p, _ in PURPOSES], [w for _, w in PURPOSES])[0],
            "controls_canadian_employer": rng.random() < 0.1,
            "education_level": rng.choice(EDUCATION),
            "education_years": rng.choice([1, 2, 3, 4, 5]),
            "education_field_related": rng.random() < 0.8,
            "experience_years": rng.choice([0, 1, 2, 3, 4, 5, 10]),
            "offered_wage_hourly": rng.choice([20, 35, 48, 60]),
            "prevailing_wage_hourly": rng.choice([25, 40, 45]),
            "province": rng.choice(PROVINCES),
            "occupation_regulated": rng.random() < 0.4,
            "licensed": rng.random() < 0.6,
            "language_ok": rng.random() < 0.9,
            "spouse": rng.random() < 0.5,
        }
        if citizenship in ("US", "MX") or rng.random() < 0.1:
            raw["cusma_profession"] = rng.choice(professions)
        # every other yes/no and choice question (the follow-ups among them), now and then
        for question in content.questions:
            if question.id not in raw and rng.random() < 0.3:
                if question.type == "bool":
                    raw[question.id] = rng.random() < 0.5
                elif question.type == "choice":
                    raw[question.id] = rng.choice(question.choices).value
        if rng.random() < 0.15 and code in early:
            raw["application_date"] = rng.choice(["2022-06-01", "2019-06-01"])
            raw["noc"] = early[code]
        for key in list(raw):  # some questions not answered yet
            if key not in ("citizenship", "application_date") and rng.random() < 0.05:
                del raw[key]
        key = tuple(sorted(raw.items()))
        if key in seen:
            continue
        try:
            parse_answers(content, raw)
        except AnswerError:
            continue
        seen.add(key)
        sets.append(raw)
    return sets


def _fallback_answer(question: Any) -> object:
    """An answer to a question the person's answer set does not hold (the wizard asks it)."""
    if question.default is not None:
        return question.default
    kind = question.type
    if kind == "bool":
        return False
    if kind == "choice":
        return question.choices[0].value
    if kind == "number":
        return question.min if question.min is not None else 1
    if kind == "date":
        return TODAY.isoformat()
    if kind == "country":
        return "MX"
    if kind == "cusma_profession":
        return "none"
    return "x"


def answer_sequences(content: Any, people: int) -> list[list[dict[str, object]]]:
    """Each person's answers as the wizard collects them: the answers after every answer,
    in the order the wizard asks (``plan().next``), from one of ``answer_sets``."""
    from ftawizard.engine import AnswerError
    from ftawizard.engine.flow import NO_ANSWER, plan, validate_answer

    sequences: list[list[dict[str, object]]] = []
    for person in answer_sets(content, people, seed=19):
        given: dict[str, object] = {}
        sequence = [dict(given)]
        asked: set[str] = set()
        while len(asked) < len(content.questions):
            question = plan(content, given, today=TODAY).next
            if question is None or question.id in asked:
                break
            asked.add(question.id)
            value = person.get(question.id, _fallback_answer(question))
            try:
                given[question.id] = validate_answer(content, question.id, value, given, TODAY)
            except AnswerError:
                given[question.id] = NO_ANSWER
            sequence.append(dict(given))
        sequences.append(sequence)
    return sequences


def bench_plan(people: int, repeats: int, figures: list[Figure]) -> None:
    """``plan()`` (validation, every route's verdict and reasons, the next question) after
    every answer, along many people's answers, as the wizard and the plain prompts call it."""
    import gc

    from ftawizard.content import load_content
    from ftawizard.engine.flow import plan

    sequences = answer_sequences(load_content(), people)
    calls = sum(len(sequence) for sequence in sequences)
    times: list[float] = []
    cpu_times: list[float] = []  # the same calls in CPU time: what other work on the machine
    # does not add to
    for _ in range(repeats):
        content = load_content()  # a new Content: nothing kept from the previous pass
        gc.collect()
        gc.freeze()  # as the wizard does after start-up
        for sequence in sequences:
            for given in sequence:
                start, start_cpu = time.perf_counter(), time.thread_time()
                plan(content, given, today=TODAY)
                times.append((time.perf_counter() - start) * 1000)
                cpu_times.append((time.thread_time() - start_cpu) * 1000)
        del content
        gc.unfreeze()
    figures.append(
        Figure(
            SECTION5,
            f"plan() per answer: {people} people, {calls:,} calls per pass, {repeats} passes",
            "ms",
            times,
            target="p99 ≤ 5 ms",
            check=at_most("p99", 5.0),
            note="each pass on a new Content, so the engine's memo starts empty",
        )
    )
    figures.append(
        Figure(
            SECTION5,
            "  the same calls, CPU time of this thread",
            "ms",
            cpu_times,
            note="information: on a busy machine, wall time includes waiting for a core",
        )
    )


# ============================================================================ exhaustive


def bench_exhaustive(spawner: Spawner, figures: list[Figure]) -> None:
    """The suite's exhaustive check of the decision tree (tests/test_exhaustive.py, sampled
    design, as the suite runs it): how long a developer waits for it."""
    section = "7 exhaustive check of the decision tree (tests/test_exhaustive.py, sampled)"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-s",
        "-p",
        "no:cacheprovider",
        str(ROOT / "tests" / "test_exhaustive.py"),
    ]
    run = spawner.run(command, timeout=600)
    found = re.search(r"exhaustive: (\d+) answer sets in ([\d.]+) s", run.stdout)
    count = int(found.group(1)) if found else 0
    seconds = float(found.group(2)) if found else 0.0
    error = (
        ""
        if run.returncode == 0 and found
        else f"pytest exit status {run.returncode}: "
        + " ".join(run.stdout.strip().splitlines()[-3:])[-300:]
    )
    figures.append(
        Figure(
            section,
            "pytest tests/test_exhaustive.py: wall, spawn → exit",
            "s",
            [run.wall],
            target="≤ 30 s, every invariant holds",
            check=lambda figure: run.returncode == 0 and run.wall <= 30.0,
            note=f"{count:,} answer sets assessed and checked in {seconds:.1f} s; "
            f"CPU time {run.cpu or 0:.1f} s (on a busy machine, wall time > CPU time)",
            error=error,
        )
    )


# ============================================================================ main


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    try:
        import textual

        textual_version = getattr(textual, "__version__", "")
    except ImportError:
        textual_version = ""
    if not textual_version:
        from importlib.metadata import version

        textual_version = version("textual")
    git = ""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "ftawizard", "content"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        git = head + (
            f" + {len(dirty.splitlines())} changed files in ftawizard/, content/" if dirty else ""
        )
    except OSError:
        pass
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "usable_cpus": usable,
        "cpu_model": model,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "textual": textual_version,
        "git": git,
        "load_average": list(os.getloadavg()),
    }


SECTIONS = ("processes", "tui", "search", "engine", "memory", "exhaustive")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Measure ftawizard against its performance targets on this machine.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer iterations (a smoke run)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure and sample to FILE")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        metavar="NAME",
        help=f"run only these parts ({', '.join(SECTIONS)})",
    )
    args = parser.parse_args(argv)
    try:
        import textual  # noqa: F401

        import ftawizard  # noqa: F401
    except ImportError as error:
        print(
            f"run.py: {error}: run it with the interpreter ftawizard is installed in, e.g. .venv/bin/python",
            file=sys.stderr,
        )
        return 2
    wanted = set(args.only or SECTIONS)
    rounds = 5 if args.quick else 20
    info = machine()
    print(
        f"ftawizard benchmarks — {info['date']} — {info['cpu_model']}, {info['cpus']} CPUs "
        f"({info['usable_cpus']} usable), Python {info['python']}, Textual {info['textual']}, "
        f"git {info['git']}, load average {info['load_average'][0]:.2f}",
        file=sys.stderr,
    )
    figures: list[Figure] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ftawizard-bench-") as folder:
        spawner = Spawner(Path(folder))
        bare_runs: list[Run] = []
        if "processes" in wanted or "memory" in wanted:
            print(f"1, 2: start-up and commands, {rounds} interleaved rounds…", file=sys.stderr)
            runs = bench_processes(spawner, rounds if "processes" in wanted else 3, figures)
            bare_runs = runs["bare Textual app"]
            if "processes" not in wanted:
                figures.clear()
        if "tui" in wanted:
            print("3: walking the wizard…", file=sys.stderr)
            bench_tui(spawner, args.quick, figures)
        if "search" in wanted:
            print("4: occupation search…", file=sys.stderr)
            with one_core():
                bench_search(1 if args.quick else 5, figures)
        if "engine" in wanted:
            print("5: plan() after every answer…", file=sys.stderr)
            with one_core():
                bench_plan(50 if args.quick else 200, 1 if args.quick else 3, figures)
        if "memory" in wanted:
            print("6: memory at the results screen…", file=sys.stderr)
            bench_results_memory(spawner, 2 if args.quick else 5, bare_runs, figures)
        if "exhaustive" in wanted:
            print("7: exhaustive check of the decision tree (sampled)…", file=sys.stderr)
            bench_exhaustive(spawner, figures)
    info["load_average_end"] = list(os.getloadavg())
    info["seconds"] = round(time.perf_counter() - started, 1)
    figures.sort(key=lambda figure: figure.section[:1] if figure.section[0].isdigit() else "9")
    print()
    print(render_table(figures))
    missed = [figure for figure in figures if figure.ok is False]
    print()
    print(
        f"{sum(figure.ok is True for figure in figures)} targets met, {len(missed)} missed"
        + (": " + "; ".join(figure.name.strip() for figure in missed) if missed else "")
        + f" — {info['seconds']:.0f} s, load average {info['load_average'][0]:.2f} → "
        f"{info['load_average_end'][0]:.2f}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"machine": info, "quick": args.quick, "figures": [f.as_dict() for f in figures]},
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 1 if missed else 0


class one_core:
    """Pin this process to one CPU for an in-process measurement (where the OS allows it)."""

    def __enter__(self) -> None:
        self.saved = None
        if hasattr(os, "sched_setaffinity"):
            self.saved = os.sched_getaffinity(0)
            os.sched_setaffinity(0, {min(self.saved)})

    def __exit__(self, *exc: object) -> None:
        if self.saved is not None:
            os.sched_setaffinity(0, self.saved)


if __name__ == "__main__":
    sys.exit(main())
