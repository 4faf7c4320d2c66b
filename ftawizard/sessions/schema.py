"""The session file format, its versions and their migrations.

A session file is a JSON object:

    {
      "schema": 1,                       # the format version (this file's SCHEMA_VERSION)
      "id": "3f9a0c12b7de",              # 12 hex digits; also the file name
      "name": "Mexican engineer",        # what the person called it
      "perspective": "worker",           # copied from the answers, for listings
      "created": "2026-11-23T22:10:05+00:00",
      "updated": "2026-11-23T22:31:40+00:00",
      "content_version": "2026.11.1",    # the content tree the answers were given against
      "revision": 7,                     # +1 on every save (two writers are detected)
      "current": "experience_years",     # the question on screen when it was saved
      "answers": { "citizenship": "MX", … },   # raw answers keyed by question id
      "checked": ["passport", …]         # ticked checklist documents
    }

A file of an older schema is migrated on reading (``MIGRATIONS``; keep a fixture of every
version in tests/fixtures/sessions/); a file of a newer schema is refused and left untouched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs

SCHEMA_VERSION = 1

# version n -> a function turning a version-n object into a version-(n+1) object
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class SessionFileError(ValueError):
    """The file's content cannot be used as a session; the message says what is wrong."""


@attrs.frozen
class SessionRecord:
    id: str
    name: str
    created: str
    updated: str
    content_version: str
    answers: dict[str, Any]
    current: str | None
    checked: tuple[str, ...]
    revision: int
    # top-level keys this version does not know (written by a newer ftawizard of the same
    # format): kept as they are and written back on save, never dropped
    extra: dict[str, Any] = attrs.field(factory=dict)

    @property
    def perspective(self) -> str:
        value = self.answers.get("perspective")
        return value if isinstance(value, str) and value else "worker"


def display_name(name: str, limit: int = 60) -> str:
    """A name as it may be shown on a terminal: control characters, escapes and other
    invisible characters written out (``\\x1b``, ``\\n``), cut to ``limit`` characters."""
    if not name:
        return "(no name)"
    shown = "".join(char if char.isprintable() else repr(char)[1:-1] for char in name[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


def encode(record: SessionRecord) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "id": record.id,
        "name": record.name,
        "perspective": record.perspective,
        "created": record.created,
        "updated": record.updated,
        "content_version": record.content_version,
        "revision": record.revision,
        "current": record.current,
        "answers": record.answers,
        "checked": sorted(record.checked),
        **{key: value for key, value in record.extra.items() if key not in KNOWN_KEYS},
    }


KNOWN_KEYS = frozenset(
    (
        "schema",
        "id",
        "name",
        "perspective",
        "created",
        "updated",
        "content_version",
        "revision",
        "current",
        "answers",
        "checked",
    )
)


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if key not in data:
        raise SessionFileError(f"'{key}' is missing")
    value = data[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise SessionFileError(f"'{key}' must be {what}, not {value!r}")
    if not isinstance(value, kind):
        raise SessionFileError(f"'{key}' must be {what}, not {value!r}")
    return value


def _timestamp(data: dict[str, Any], key: str) -> str:
    value = _need(data, key, str, "a date and time")
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise SessionFileError(f"'{key}' must be a date and time, not {value!r}") from None
    return str(value)


def decode(data: object) -> SessionRecord:
    """A parsed JSON value -> a session record, migrating old schemas; refuses what it
    cannot read with a ``SessionFileError`` naming the problem."""
    if not isinstance(data, dict):
        raise SessionFileError("a session file must hold one JSON object")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise SessionFileError("'schema' (the format version) is missing or not a number")
    if schema > SCHEMA_VERSION:
        raise SessionFileError(
            f"written by a newer ftawizard (session format {schema}; this version reads up to "
            f"{SCHEMA_VERSION}): upgrade ftawizard to open it; the file is left as it is"
        )
    if schema < 1:
        raise SessionFileError(f"unknown session format {schema}")
    while schema < SCHEMA_VERSION:
        data = MIGRATIONS[schema](dict(data))
        schema += 1
    session_id = _need(data, "id", str, "text")
    if not re.fullmatch(r"[0-9a-f]{12}", session_id):
        raise SessionFileError(f"'id' must be 12 hexadecimal digits, not {session_id!r}")
    answers = _need(data, "answers", dict, "an object of answers")
    for key, value in answers.items():
        if not isinstance(key, str) or not (
            value is None or isinstance(value, str | int | float | bool)
        ):
            raise SessionFileError(
                f"answers.{key}: must be text, a number or true/false, not {value!r}"
            )
    checked = _need(data, "checked", list, "a list of document ids")
    if not all(isinstance(item, str) for item in checked):
        raise SessionFileError("'checked' must list document ids (text)")
    current = data.get("current")
    if current is not None and not isinstance(current, str):
        raise SessionFileError(f"'current' must be a question id, not {current!r}")
    revision = _need(data, "revision", int, "a whole number")
    if revision < 1:
        raise SessionFileError(f"'revision' must be 1 or more, not {revision}")
    return SessionRecord(
        id=session_id,
        name=_need(data, "name", str, "text"),
        created=_timestamp(data, "created"),
        updated=_timestamp(data, "updated"),
        content_version=_need(data, "content_version", str, "text"),
        answers=dict(answers),
        current=current,
        checked=tuple(checked),
        revision=revision,
        extra={key: value for key, value in data.items() if key not in KNOWN_KEYS},
    )
