"""Command line: ``ftawizard [assess | content check] …``.

Argument parsing only; each command imports what it needs when it runs, so ``--version``,
``--help`` and ``assess`` never pay for a terminal UI library.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from ftawizard import __version__

if TYPE_CHECKING:
    import argparse

    from ftawizard.content.models import Content
    from ftawizard.sessions.store import SessionStore

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2

EXIT_STATUS_HELP = """\
exit status: 0 done, 1 the content tree is invalid (or a checklist was written but could not
be printed), 2 bad input (a one-line message).
"""


def answer_keys_help() -> str:
    """Every answer key an answers file may hold, generated from the content's questions
    (so the help cannot drift from the tree)."""
    import textwrap

    from ftawizard.content.errors import ContentInvalid
    from ftawizard.content.loader import load_default_content

    try:
        content = load_default_content()
    except ContentInvalid:
        return "answer keys: unavailable (the content tree is invalid; run 'ftawizard content check')\n"
    kinds = {
        "bool": "true/false",
        "number": "a number",
        "date": "YYYY-MM-DD",
        "country": 'ISO 3166-1 alpha-2 code, e.g. "MX"',
        "noc": 'NOC 2021 code, e.g. "21300" (NOC 2016 before 2022-11-16)',
        "cusma_profession": 'a CUSMA profession, e.g. "Engineer", or "none"',
        "text": "text",
    }
    lines = [
        "answer keys (JSON object or TOML table; unknown keys are ignored with a warning; the "
        'value "unknown" counts as not answered):'
    ]
    for question in content.questions:
        if question.type == "choice":
            kind = " | ".join(choice.value for choice in question.choices)
        else:
            kind = kinds[question.type]
            if question.unit:
                kind = f"{kind} ({question.unit})"
        text = f"{question.label}: {kind}"
        lines.extend(
            textwrap.wrap(
                text,
                width=92,
                initial_indent=f"  {question.id:<28}",
                subsequent_indent=" " * 30,
                break_on_hyphens=False,
            )
        )
    for retired in content.retired.values():
        lines.append(f"  {retired.id:<28}older key, read as '{retired.replaced_by}'")
    return "\n".join(lines) + "\n\n" + EXIT_STATUS_HELP


# What ``ftawizard`` alone parses to (a test keeps it equal to the parser's answer): the
# front door opens without building the parser, which with argparse's import is ~15 ms of a
# start that should sit on a bare Textual app's
WIZARD_DEFAULTS = {"content": None, "data_dir": None, "plain": False, "command": None}
RESUME_DEFAULTS = {**WIZARD_DEFAULTS, "command": "resume", "resume_plain": False, "force": False}


def _wizard_arguments(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The parser's answer for the wizard's two ways in, ``ftawizard`` and ``ftawizard
    resume ID``, without building the parser: argparse and its translations cost 10 ms
    and 0.3 MiB that the wizard's start and memory can do without. None for anything
    else (an option, ``--help``): the parser answers."""
    if not arguments:
        return cast("argparse.Namespace", SimpleNamespace(**WIZARD_DEFAULTS))
    if len(arguments) == 2 and arguments[0] == "resume" and not arguments[1].startswith("-"):
        return cast("argparse.Namespace", SimpleNamespace(**RESUME_DEFAULTS, session=arguments[1]))
    return None


def _parser() -> argparse.ArgumentParser:
    import argparse

    class _CommandParser(argparse.ArgumentParser):
        """A command's parser whose epilog may be built only when the help is shown."""

        lazy_epilog: Callable[[], str] | None = None

        def format_help(self) -> str:
            if self.lazy_epilog is not None:
                self.epilog = self.lazy_epilog()
            return super().format_help()

    parser = argparse.ArgumentParser(
        prog="ftawizard",
        description=(
            "Can a worker from a free-trade-agreement country get a Canadian work permit "
            "without an LMIA? ftawizard checks every route of every agreement (CUSMA, CPTPP, CETA, "
            "the Canada–UK, Chile, Colombia, Korea, Panama, Peru and Ukraine FTAs, GATS), "
            "explains each verdict with its sources, and lists the documents to gather."
        ),
        epilog="Run 'ftawizard COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"ftawizard {__version__}")
    parser.add_argument(
        "--content",
        metavar="PATH",
        help="use the content tree at PATH instead of the shipped one",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep sessions in DIR/sessions (default: $FTAWIZARD_HOME, else the user data folder)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line-by-line questions instead of the full-screen wizard (screen readers, simple terminals)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)

    assess = commands.add_parser(
        "assess",
        help="assess an answers file or a saved session and print the verdicts (JSON or text)",
        description="Assess the answers in FILE (JSON or TOML) or a saved session and print every "
        "route's verdict, reasons, missing answers and documents.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    assess.lazy_epilog = answer_keys_help
    source = assess.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--answers", metavar="FILE", help="answers file (.json or .toml; - for standard input)"
    )
    source.add_argument("--session", metavar="NAME_OR_ID", help="a saved session")
    assess.add_argument(
        "--format", choices=("json", "text"), default="json", help="output format (default: json)"
    )

    checklist = commands.add_parser(
        "checklist",
        help="print or export the document checklist (text, Markdown, HTML, PDF)",
        description="The checklist of documents, steps and fees for the open routes of a session "
        "or an answers file.",
    )
    source = checklist.add_mutually_exclusive_group(required=True)
    source.add_argument("--session", metavar="NAME_OR_ID", help="a saved session")
    source.add_argument(
        "--answers", metavar="FILE", help="answers file (.json or .toml; - for standard input)"
    )
    checklist.add_argument(
        "--route",
        metavar="ID",
        action="append",
        help="only this route (e.g. cptpp.professional); repeat for several",
    )
    checklist.add_argument(
        "--format",
        choices=("text", "markdown", "html", "pdf"),
        default="text",
        help="output format (default: text)",
    )
    checklist.add_argument(
        "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    checklist.add_argument(
        "--print",
        action="store_true",
        dest="send_to_printer",
        help="send it to the system printer (lp/lpr)",
    )

    content = commands.add_parser("content", help="work with the content tree")
    content_commands = content.add_subparsers(dest="content_command", metavar="SUBCOMMAND")
    check = content_commands.add_parser(
        "check",
        help="validate a content tree",
        description="Validate a content tree: every problem is printed as FILE:LINE: what is wrong.",
    )
    check.add_argument("path", nargs="?", help="the tree to check (default: the shipped tree)")
    listing = content_commands.add_parser(
        "sources",
        help="list the sources by the date they were last checked, oldest first",
        description="List every source the rules cite, the least recently checked first: the "
        "date it was last checked against its newest version (or, where no check is recorded, "
        "the page's own date), its id, title and address. The rules are as of the newest of "
        "these dates; the sources at the top are the first to check again.",
    )
    listing.add_argument(
        "path", nargs="?", help="the content tree (default: the shipped tree, or --content)"
    )

    sessions = commands.add_parser("sessions", help="list, delete or export saved sessions")
    session_commands = sessions.add_subparsers(dest="sessions_command", metavar="SUBCOMMAND")
    session_commands.add_parser("list", help="list saved sessions (and report unreadable files)")
    delete = session_commands.add_parser("delete", help="delete a saved session")
    delete.add_argument("session", metavar="NAME_OR_ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    export = session_commands.add_parser(
        "export", help="write a session's answers as an 'assess --answers' file"
    )
    export.add_argument("session", metavar="NAME_OR_ID")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")

    resume = commands.add_parser(
        "resume", help="reopen a saved session at the step where it was left"
    )
    resume.add_argument("session", metavar="NAME_OR_ID")
    resume.add_argument(
        "--plain",
        action="store_true",
        dest="resume_plain",
        help="resume with line-by-line questions",
    )
    resume.add_argument(
        "--force",
        action="store_true",
        help="take the session over even if another ftawizard seems to have it open "
        "(when you are sure that one was stopped)",
    )
    return parser


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    """One line on standard error (a value of a million characters is not echoed whole)."""
    from ftawizard.answers_file import shorten

    print(f"ftawizard: {shorten(message)}", file=sys.stderr)
    return status


def _warn(warnings: Sequence[str]) -> None:
    from ftawizard.answers_file import warning_lines

    for line in warning_lines(warnings):
        print(line, file=sys.stderr)


def _load(path: str | None) -> Content:
    from ftawizard.content import load_content, load_default_content

    return load_default_content() if path is None else load_content(path)


def _run_assess(args: argparse.Namespace) -> int:
    from ftawizard.engine import AnswerError, assess, parse_answers

    loaded = _content_and_answers(args)
    if isinstance(loaded, int):
        return loaded
    content, raw, _checked, label = loaded
    try:
        answers = parse_answers(content, raw)
    except AnswerError as error:
        return _fail(f"{label}: {error}")
    _warn(answers.warnings)
    assessment = assess(content, answers)
    from ftawizard.clock import today

    if args.format == "json":
        import json

        from ftawizard.engine import assessment_to_dict

        report = assessment_to_dict(content, assessment, today=today())
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        from ftawizard.export.text import render_assessment

        print(render_assessment(content, assessment, today=today()), end="")
    return EXIT_OK


def _content_and_answers(
    args: argparse.Namespace,
) -> tuple[Content, dict[str, object], set[str], str] | int:
    """The content tree and (raw answers, ticked documents, a label for messages) from
    --answers or --session; or the exit status once a problem with either is reported."""
    from ftawizard.content import ContentInvalid

    try:
        content = _load(args.content)
    except ContentInvalid as error:
        return _report_content_problems(error)
    source_errors = _answers_source_errors(args)
    try:
        raw, checked, label = _answers_source(args, content)
    except source_errors as error:
        return _fail(str(error))
    return content, raw, checked, label


def _answers_source_errors(args: argparse.Namespace) -> tuple[type[Exception], ...]:
    """What ``_answers_source`` raises for bad input (the session store only with --session:
    reading an answers file does not import it)."""
    from ftawizard.answers_file import AnswersFileError

    if getattr(args, "session", None) is not None:
        from ftawizard.sessions.store import SessionError

        return (AnswersFileError, SessionError)
    return (AnswersFileError,)


def _answers_source(
    args: argparse.Namespace, content: Content
) -> tuple[dict[str, object], set[str], str]:
    """(raw answers, ticked documents, a label for messages) from --answers or --session."""
    if getattr(args, "session", None) is not None:
        from ftawizard.sessions.command import answers_of_session, exported_answers
        from ftawizard.sessions.schema import display_name
        from ftawizard.sessions.service import newer_rules, newer_rules_notice

        record = answers_of_session(content, args.data_dir, args.session)
        if newer_rules(content, record.content_version):
            print(
                f"ftawizard: warning: session {record.id}: "
                f"{newer_rules_notice(content, record.content_version)}",
                file=sys.stderr,
            )
        label = f"session '{display_name(record.name)}'"
        return exported_answers(record), set(record.checked), label
    from ftawizard.answers_file import read_answers_file

    return read_answers_file(args.answers), set(), args.answers


def _run_checklist(args: argparse.Namespace) -> int:
    from ftawizard.engine import AnswerError

    loaded = _content_and_answers(args)
    if isinstance(loaded, int):
        return loaded
    content, raw, checked, label = loaded
    from ftawizard.export.command import run_checklist

    try:
        return run_checklist(args, content, raw, checked)
    except AnswerError as error:
        return _fail(f"{label}: {error}")


def _run_sessions(args: argparse.Namespace) -> int:
    from ftawizard.content import ContentInvalid

    if not args.sessions_command:
        return _fail(
            "choose a sessions command: list, delete or export (see 'ftawizard sessions --help')"
        )
    try:
        content = _load(args.content)
    except ContentInvalid as error:
        return _report_content_problems(error)
    from ftawizard.sessions.command import run_sessions

    return run_sessions(args, content)


def _report_content_problems(error: Exception) -> int:
    from ftawizard.content.errors import summarised

    problems = getattr(error, "problems", [])
    for line in summarised(problems):
        print(line, file=sys.stderr)
    count = len(problems)
    print(
        f"ftawizard: the content tree has {count} problem{'s' if count != 1 else ''}",
        file=sys.stderr,
    )
    return EXIT_CONTENT


def _run_content_check(args: argparse.Namespace) -> int:
    from ftawizard.content import ContentInvalid, load_content
    from ftawizard.content.rules_age import rules_as_of

    path = args.path or args.content
    try:
        content = load_content(Path(path) if path else None)
    except ContentInvalid as error:
        return _report_content_problems(error)
    except RecursionError:  # a guard: the loader refuses nesting it cannot read first
        from ftawizard.content.errors import ContentProblem

        problem = ContentProblem(str(path or "content"), None, "nested too deeply to read")
        return _report_content_problems(ContentInvalid([problem]))
    from ftawizard.content.validate import unloaded_file_problems

    unloaded = unloaded_file_problems(content)
    if unloaded:
        return _report_content_problems(ContentInvalid(unloaded))
    rules = sum(len(category.rules) for category in content.categories)
    items = sum(len(occupation_list.items) for occupation_list in content.lists.values())
    print(
        f"content {content.version} at {content.root}: OK — {len(content.agreements)} agreements, "
        f"{len(content.categories)} routes, {rules} rules, {len(content.questions)} questions, "
        f"{len(content.lists)} occupation lists ({items} items), "
        f"{len(content.cusma_professions)} CUSMA professions, {len(content.documents)} documents, "
        f"{len(content.sources)} sources; rules as of {rules_as_of(content) or 'an unknown date'} "
        "(see 'ftawizard content sources')"
    )
    return EXIT_OK


def _run_content_sources(args: argparse.Namespace) -> int:
    import datetime as dt

    from ftawizard.content import ContentInvalid, load_content
    from ftawizard.content.rules_age import checked_on, rules_age, sources_by_checked

    path = args.path or args.content
    try:
        content = load_content(Path(path) if path else None)
    except ContentInvalid as error:
        return _report_content_problems(error)
    sources = sources_by_checked(content)
    age = rules_age(content, dt.date.min, dt.date.min)
    print(f"{age.line}: {len(sources)} sources, the least recently checked first.")
    width = max((len(source.id) for source in sources), default=0)
    for source in sources:
        date = checked_on(source)
        when = date.isoformat() if date else "undated   "
        how = "checked" if source.checked else "page date"
        print(f"{when}  {how:9}  {source.id:{width}}  {source.title}")
        print(f"{'':{10 + 2 + 9 + 2}}{'':{width}}  {source.url}")
    return EXIT_OK


def _content_and_store(args: argparse.Namespace) -> tuple[Content, SessionStore]:
    from ftawizard.sessions.service import store_for

    content = _load(args.content)
    return content, store_for(content, args.data_dir)


def _run_wizard(args: argparse.Namespace, resume: str | None = None) -> int:
    """The interactive wizard: full-screen (Textual) or line by line (--plain)."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        return _fail(
            "the interactive wizard needs a terminal; for scripts use "
            "'ftawizard assess --answers FILE' (see 'ftawizard assess --help')"
        )
    plain = args.plain or getattr(args, "resume_plain", False)
    if resume is None and not plain:
        # The start screen needs neither the content nor the sessions for its first frame:
        # the app loads them just after it, so the window opens without waiting for them.
        from ftawizard.tui.app import run_app

        return run_app(load=lambda: _content_and_store(args), on_invalid=_report_content_problems)
    from ftawizard.content import ContentInvalid
    from ftawizard.sessions.store import SessionError

    try:
        content, store = _content_and_store(args)
    except ContentInvalid as error:
        return _report_content_problems(error)
    record = None
    if resume is not None:
        try:
            record = store.find(resume)
            if getattr(args, "force", False):
                holder = store.take_over(record.id)
                if holder is not None:
                    print(
                        f"ftawizard: the session is taken over from process {holder}",
                        file=sys.stderr,
                    )
        except SessionError as error:
            return _fail(str(error))
    else:
        # said before the first question, not after the last
        problem = store.save_problem()
        if problem is not None:
            print(
                f"ftawizard: warning: {problem}. Your answers will not be kept.",
                file=sys.stderr,
            )
    if plain:
        from ftawizard.plain.wizard import run_plain

        return run_plain(content, store, record)
    from ftawizard.tui.app import run_app

    return run_app(content, store, record)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``ftawizard`` program; its process ends after it (see the end)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = _wizard_arguments(arguments) or _parser().parse_args(arguments)
    try:
        if args.command == "assess":
            return _run_assess(args)
        if args.command == "checklist":
            return _run_checklist(args)
        if args.command == "sessions":
            return _run_sessions(args)
        if args.command == "resume":
            return _run_wizard(args, resume=args.session)
        if args.command == "content":
            if args.content_command == "check":
                return _run_content_check(args)
            if args.content_command == "sources":
                return _run_content_sources(args)
            return _fail(
                "choose a content command: check or sources (see 'ftawizard content --help')"
            )
        # No command: the interactive wizard is the product's front door.
        return _run_wizard(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        # The process ends now. Everything still alive stays so until then: exempt it from
        # the collection the interpreter makes as it shuts down (a walk over every object,
        # ~5 ms after a command, more after the wizard). Every file ftawizard writes is
        # closed by then (``with`` blocks), so nothing waits on that collection.
        import gc

        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
