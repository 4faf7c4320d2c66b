"""``ftawizard checklist``: make the checklist, write it (terminal or file), print it.

Imports no terminal UI library: the renderers are plain Python (fpdf2 for the PDF, loaded
only when a PDF is asked for).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import stat
import sys
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TextIO

from ftawizard import clock
from ftawizard.content.models import Content
from ftawizard.engine import assess, parse_answers
from ftawizard.export.checklist import Checklist, RouteChoiceError, build_checklist

EXIT_OK = 0
EXIT_FAILED = 1  # written but not printed, or a PDF could not be made
EXIT_USAGE = 2

FORMATS = ("text", "markdown", "html", "pdf")
EXTENSIONS = {"text": ".txt", "markdown": ".md", "html": ".html", "pdf": ".pdf"}
FORMAT_OF_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
PRINTABLE = ("text", "pdf")


def today() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) when it is set: reproducible output."""
    return clock.today()


def render(checklist: Checklist, fmt: str) -> str | bytes:
    """The checklist in ``fmt`` (text, markdown, html: str; pdf: bytes)."""
    if fmt == "text":
        from ftawizard.export.text import render_checklist_text

        return render_checklist_text(checklist)
    if fmt == "markdown":
        from ftawizard.export.markdown import render_checklist_markdown

        return render_checklist_markdown(checklist)
    if fmt == "html":
        from ftawizard.export.html import render_checklist_html

        return render_checklist_html(checklist)
    if fmt == "pdf":
        from ftawizard.export.pdf import render_checklist_pdf

        return render_checklist_pdf(checklist)
    raise ValueError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}")


def write(data: str | bytes, path: Path) -> Path:
    """Write ``data`` (text as UTF-8) to ``path``; returns the absolute path. The file is
    readable and writable by its owner only (0600), like the sessions it is made from: a
    checklist names the person, their citizenship and their job."""
    path = path.expanduser()
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        if hasattr(os, "fchmod") and stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, 0o600)  # an existing file is narrowed too
        stream.write(raw)
    return path.resolve()


def default_path(fmt: str, made_on: dt.date, folder: Path | None = None) -> Path:
    """``ftawizard-checklist-2026-11-23.pdf`` in ``folder`` (default: the current one),
    numbered (``-2``, ``-3`` …) rather than overwrite an existing file."""
    folder = folder or Path.cwd()
    stem = f"ftawizard-checklist-{made_on.isoformat()}"
    suffix = EXTENSIONS[fmt]
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _say(stream: TextIO, message: str) -> None:
    print(message, file=stream)


def run_checklist(
    args: argparse.Namespace,
    content: Content,
    raw_answers: Mapping[str, object],
    checked: Collection[str],
    *,
    made_on: dt.date | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Make the checklist of ``raw_answers`` and write or print it as ``args`` asks.

    ``args``: ``route`` (list of route ids or None), ``format``, ``output`` (path, "-" or
    None) and ``send_to_printer``. ``made_on`` (default: today, see ``today()``) is the date
    on the checklist and the application date when the answers give none. Raises
    ``AnswerError`` for bad answers; returns 0 done, 1 not printed (or no PDF could be
    made), 2 bad usage.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    made_on = made_on or today()
    fmt = getattr(args, "format", None) or "text"
    send = bool(getattr(args, "send_to_printer", False))
    output = getattr(args, "output", None)
    if send and fmt not in PRINTABLE:
        _say(
            err,
            f"ftawizard: --print sends text or PDF to the printer, not {fmt}: use "
            "--format text or --format pdf (or write the file with --output and print it "
            "from a browser or editor)",
        )
        return EXIT_USAGE
    answers = parse_answers(content, raw_answers, today=made_on)
    from ftawizard.answers_file import warning_lines

    for line in warning_lines(answers.warnings):
        _say(err, line)
    assessment = assess(content, answers)
    try:
        checklist = build_checklist(
            content, assessment, checked, getattr(args, "route", None), made_on
        )
    except RouteChoiceError as error:
        _say(err, f"ftawizard: {error}")
        return EXIT_USAGE

    try:
        data = render(checklist, fmt)
    except OSError as error:
        _say(err, f"ftawizard: {error}")
        return EXIT_FAILED
    if output == "-" and not send:
        output = None
    if output is None and not send:
        if isinstance(data, bytes):
            if out.isatty():
                _say(
                    err,
                    "ftawizard: a PDF cannot be shown in the terminal: add --output FILE "
                    "(e.g. --output checklist.pdf), or --print",
                )
                return EXIT_USAGE
            out.flush()
            buffer = getattr(out, "buffer", None)
            if buffer is None:
                _say(err, "ftawizard: this output cannot take a PDF: add --output FILE")
                return EXIT_USAGE
            buffer.write(data)
            buffer.flush()
        else:
            out.write(data if data.endswith("\n") else data + "\n")
        return EXIT_OK

    target = Path(output) if output not in (None, "-") else default_path(fmt, made_on)
    expected = FORMAT_OF_SUFFIX.get(target.suffix.lower())
    if expected is not None and expected != fmt:
        _say(
            err,
            f"ftawizard: warning: writing {fmt} to {target.name}; for {expected} add "
            f"--format {expected}",
        )
    try:
        written = write(data, target)
    except OSError as error:
        reason = error.strerror or str(error)
        _say(err, f"ftawizard: cannot write the checklist to {target}: {reason}")
        return EXIT_USAGE
    if not send:
        _say(out, f"Checklist written to {written}")
        return EXIT_OK

    from ftawizard.export.printer import send_to_printer

    result = send_to_printer(written)
    if result.printed:
        _say(out, result.message)
        return EXIT_OK
    _say(err, f"ftawizard: {result.message}")
    return EXIT_FAILED
