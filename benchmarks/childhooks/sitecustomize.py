"""Loaded by every process benchmarks/run.py starts (this folder is put on PYTHONPATH).

At exit it writes, to the file named by FTAWIZARD_BENCH_REPORT, a JSON object with
``peak_rss_kib`` — the process's own peak resident set (VmHWM from /proc/self/status) —
and, when FTAWIZARD_BENCH_MODULES is set, ``modules``: every module it imported.

Why not ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` in the parent: on Linux a child started with
vfork/posix_spawn (what ``subprocess`` does) inherits the parent's high-water mark at exec,
so a large benchmark runner would inflate every child's figure. VmHWM belongs to the child's
own address space. Costs one ``import atexit`` when FTAWIZARD_BENCH_REPORT is unset: nothing.
"""

import os

_REPORT = os.environ.get("FTAWIZARD_BENCH_REPORT")

if _REPORT:
    import atexit

    def _report() -> None:
        import sys

        peak = None
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = int(line.split()[1])  # kB
                        break
        except OSError:  # not Linux: the (possibly inflated) rusage figure
            import resource

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if sys.platform == "darwin":
                peak //= 1024
        parts = [f'"peak_rss_kib": {peak if peak is not None else "null"}']
        if os.environ.get("FTAWIZARD_BENCH_MODULES"):
            names = ", ".join(f'"{name}"' for name in sorted(sys.modules))
            parts.append(f'"modules": [{names}]')
        with open(_REPORT, "w", encoding="utf-8") as out:
            out.write("{" + ", ".join(parts) + "}\n")

    atexit.register(_report)
