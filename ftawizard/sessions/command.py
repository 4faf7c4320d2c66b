"""``ftawizard sessions list | delete | export`` and finding a session's answers for the
other commands (``assess --session``, ``checklist --session``, ``resume``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ftawizard.content.models import Content
from ftawizard.engine.flow import NO_ANSWER
from ftawizard.sessions.schema import SessionRecord, display_name
from ftawizard.sessions.service import newer_rules, newer_rules_notice, store_for
from ftawizard.sessions.store import SessionError, SessionStore


def fail(message: str, status: int = 2) -> int:
    print(f"ftawizard: {message}", file=sys.stderr)
    return status


def exported_answers(record: SessionRecord) -> dict[str, Any]:
    """The answers as an ``assess --answers`` file: skipped optional questions left out."""
    return {
        key: value
        for key, value in record.answers.items()
        if value != NO_ANSWER and value is not None
    }


def verdict_summary(content: Content, record: SessionRecord) -> str:
    from ftawizard.engine.answers import AnswerError
    from ftawizard.engine.evaluate import Verdict
    from ftawizard.engine.flow import plan

    try:
        current = plan(content, record.answers)
    except (AnswerError, ValueError):  # an answer the current rules cannot read: asked again
        return "in progress"
    routes = current.assessment.routes
    eligible = [
        f"{route.agreement.short} {route.category.exemption_code}"
        for route in routes
        if route.verdict is Verdict.ELIGIBLE
    ]
    if eligible:
        return "eligible: " + ", ".join(eligible)
    if not routes:
        return "no route" if "citizenship" in record.answers else "not started"
    if any(route.verdict is Verdict.NEEDS_INFO for route in routes):
        return "in progress" if current.next is not None else "needs an officer's decision"
    return "not eligible"


def run_sessions(args: argparse.Namespace, content: Content) -> int:
    store = store_for(content, args.data_dir)
    command = args.sessions_command
    if command == "list":
        return _list(store, content)
    try:
        record = store.find(args.session)
    except SessionError as error:
        return fail(str(error))
    if command == "delete":
        return _delete(store, record, args.yes)
    if command == "export":
        text = json.dumps(exported_answers(record), indent=2, ensure_ascii=False) + "\n"
        if args.output:
            try:
                with open(args.output, "w", encoding="utf-8") as stream:
                    stream.write(text)
            except OSError as error:
                return fail(f"{args.output}: cannot be written ({error.strerror})")
            print(
                f"answers of session '{display_name(record.name)}' written to {args.output}",
                file=sys.stderr,
            )
        else:
            sys.stdout.write(text)
        return 0
    return fail("choose a sessions command: list, delete or export")


NAME_WIDTH = 40


def _list(store: SessionStore, content: Content) -> int:
    problem = store.folder_problem()
    if problem is not None:
        return fail(problem)
    records, broken = store.scan()
    if not records and not broken:
        print(f"No saved sessions in {store.folder}.")
        return 0
    rows = [("NAME", "ID", "ROLE", "CITIZEN", "LAST STEP", "UPDATED", "VERDICT")]
    for record in records:
        step = content.questions_by_id.get(record.current or "")
        rows.append(
            (
                display_name(record.name, NAME_WIDTH),
                record.id,
                record.perspective,
                display_name(str(record.answers.get("citizenship") or "—"), 12),
                step.label if step else "—",
                record.updated.replace("T", " ")[:16],
                verdict_summary(content, record),
            )
        )
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    for row in rows if records else ():
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    newer = [record for record in records if newer_rules(content, record.content_version)]
    if newer:
        print("\nSaved with newer rules than this ftawizard has:", file=sys.stderr)
        for record in newer:
            print(
                f"  {record.id}: {newer_rules_notice(content, record.content_version)}",
                file=sys.stderr,
            )
    if broken:
        print(
            "\nUnreadable session files (left as they are; fix or remove them by hand):",
            file=sys.stderr,
        )
        for item in broken:
            print(
                f"  {display_name(str(item.path), 300)}: {display_name(item.problem, 300)}",
                file=sys.stderr,
            )
    print(f"\n{len(records)} session{'s' if len(records) != 1 else ''} in {store.folder}")
    return 0


def _delete(store: SessionStore, record: SessionRecord, yes: bool) -> int:
    if not yes:
        if not sys.stdin.isatty():
            return fail(
                f"not deleting '{display_name(record.name)}' without confirmation: add --yes"
            )
        answer = (
            input(f"Delete session '{display_name(record.name)}' ({record.id})? [y/N] ")
            .strip()
            .casefold()
        )
        if answer not in ("y", "yes"):
            print("Kept.")
            return 0
    try:
        path = store.delete(record)
    except SessionError as error:
        return fail(str(error))
    print(f"Deleted session '{display_name(record.name)}' ({path}).")
    return 0


def answers_of_session(content: Content, data_dir: str | None, name_or_id: str) -> SessionRecord:
    """The session for ``--session``; raises ``SessionError`` with a clear message."""
    return store_for(content, data_dir).find(name_or_id)
