"""Where start-up time goes: ftawizard's start, phase by phase, next to the bare Textual app.

    .venv/bin/python benchmarks/startup_phases.py [--runs N]

Each run is a fresh interpreter that goes through the same steps as ``ftawizard`` with no
command (ftawizard/cli.py ``_run_wizard``, then tui/app.py ``run_app``) and notes the time
after each one (ftawizard loads its content and sessions after the first frame, and draws
the start screen again with them); the bare app (benchmarks/bare_app.py) is run the same way, interleaved. The
app exits at its first frame (as with childhooks/bench_drivers.py's FirstFrameDriver). Medians over the runs, in ms,
from the first line of the script (the interpreter's own start-up, ~10-20 ms, comes before).
A diagnostic for benchmarks/run.py's start-up figure, not a target.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST_FRAME = "run until the first frame"
COMPLETE = "draw the start screen with them"
SIZE = (100, 34)


def _child(kind: str) -> None:
    marks: list[tuple[str, float]] = [("start", time.perf_counter())]
    after_frame: list[tuple[str, float]] = []  # what the app does after its first frame

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    sys.path.insert(0, str(HERE / "childhooks"))
    if kind == "bare":
        import textual.app
        import textual.widgets

        mark("import textual")
        sys.path.insert(0, str(HERE))
        from bare_app import BareApp

        app = BareApp()
        mark("construct the app")
    else:
        from types import SimpleNamespace

        from ftawizard import cli

        args = SimpleNamespace(**cli.WIZARD_DEFAULTS)  # as cli.main with no argument
        mark("import ftawizard.cli")
        import textual.app
        import textual.widgets  # noqa: F401

        mark("import textual")
        from ftawizard.tui.app import FtaWizardApp

        mark("import ftawizard.tui.app")

        def load():  # as cli._run_wizard: after the first frame (timed from there on)
            loaded = cli._content_and_store(args)
            after_frame.append(("load the content and the sessions", time.perf_counter()))
            return loaded

        app = FtaWizardApp(load=load)  # as run_app
        mark("construct the app")
    from bench_drivers import FrameClockDriver

    def frame(now: float) -> None:
        # the first frame, as FirstFrameDriver sees it, then exit (ftawizard: once the start
        # screen has been drawn again with the content and the sessions list)
        names = [name for name, _ in marks]
        if FIRST_FRAME not in names:
            marks.append((FIRST_FRAME, now))
            if kind == "bare":
                app.exit()
        elif after_frame and COMPLETE not in names:
            marks.extend(after_frame)
            marks.append((COMPLETE, now))
            app.exit()

    FrameClockDriver.on_frame = frame
    app.driver_class = FrameClockDriver
    app.run(size=SIZE)
    mark("exit the app")
    phases = {name: (now - before) * 1000 for (_, before), (name, now) in itertools.pairwise(marks)}
    print(json.dumps(phases))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--child", choices=("bare", "ftawizard"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0
    env = {
        **os.environ,
        "FTAWIZARD_HOME": tempfile.mkdtemp(prefix="ftawizard-bench-"),
        "FTAWIZARD_BENCH_SCREEN": "",
    }
    results: dict[str, list[dict[str, float]]] = {"bare": [], "ftawizard": []}
    for _ in range(args.runs + 1):  # the first round warms the caches and is dropped
        for kind in results:
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            results[kind].append(json.loads(out.stdout.strip().splitlines()[-1]))
    for kind, runs in results.items():
        runs = runs[1:]
        print(f"{kind} (median of {len(runs)} runs)")
        total = 0.0
        for phase in runs[0]:
            value = statistics.median(run[phase] for run in runs)
            total += value
            print(f"  {phase:40s} {value:7.1f} ms")
            if phase == FIRST_FRAME:
                print(f"  {'= to the first frame':40s} {total:7.1f} ms")
        print(f"  {'total':40s} {total:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
