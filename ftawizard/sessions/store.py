"""Sessions on disk: one JSON file per session, written atomically, readable by the owner only.

Where: ``$FTAWIZARD_HOME/sessions`` if set (or ``--data-dir``), else the platform's user data
folder (platformdirs): ``~/.local/share/ftawizard/sessions`` on Linux,
``~/Library/Application Support/ftawizard/sessions`` on macOS,
``%LOCALAPPDATA%\\ftawizard\\sessions`` on Windows.

Safety:
- a write goes to a temporary file in the same folder, is flushed and fsynced, then renamed
  over the old file, so a crash or a kill leaves the old session or the new one, never half;
- files are created 0600 and the folder 0700 (sessions hold personal data);
- a file that cannot be read (invalid JSON, wrong types, an unknown country…) is reported
  with its path and the problem, and is never overwritten or deleted by the store;
- two processes cannot silently overwrite each other: every save checks that the file's
  revision is still the one this process loaded (compare-on-write), and an open session
  holds a lock file naming the process that has it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from ftawizard.sessions.schema import (
    SessionFileError,
    SessionRecord,
    decode,
    encode,
)

ENV_HOME = "FTAWIZARD_HOME"
SUFFIX = ".json"
MAX_NAME = 64


class SessionError(Exception):
    """A session cannot be found, opened or saved; the message says why."""


class SessionConflict(SessionError):
    """Another process changed or holds the session."""


@attrs.frozen
class BrokenSession:
    path: Path
    problem: str


def default_data_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ftawizard", appauthor=False))


def sanitize_name(name: str) -> str:
    """A session name a person can type and that is safe anywhere it is shown or stored.

    Control characters go, path separators and other punctuation become "-", and the
    length is capped; the file name is the session id anyway, never the name.
    """
    if name.isascii():
        # the same as below (NFC leaves ASCII as it is; its only "C" characters are the
        # controls, which isprintable refuses), without reading Unicode's tables into memory
        text = "".join(char for char in name if char.isprintable())
    else:
        text = unicodedata.normalize("NFC", name)
        text = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    text = re.sub(r"[^\w .,()+@-]", "-", text, flags=re.UNICODE)
    text = re.sub(r"\s+", " ", text).strip(" .-")
    return text[:MAX_NAME].strip()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class SessionStore:
    """The sessions folder. Loads, lists, saves and deletes session files."""

    def __init__(
        self,
        data_dir: Path | str | None = None,
        check_answers: Callable[[dict[str, Any]], list[str]] | None = None,
    ) -> None:
        base = Path(data_dir) if data_dir is not None else default_data_dir()
        self.folder = base / "sessions"
        # reports answers the content cannot use (an unknown country…): such a file is
        # listed as broken instead of being opened
        self.check_answers = check_answers
        # revision of each session as this process last read or wrote it
        self._revisions: dict[str, int] = {}

    # ------------------------------------------------------------------ files
    def _ensure_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(OSError):
            os.chmod(self.folder, 0o700)

    def path_of(self, session_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{12}", session_id):
            raise SessionError(f"{session_id!r} is not a session id")
        return self.folder / f"{session_id}{SUFFIX}"

    def _read(self, path: Path) -> SessionRecord:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SessionFileError("not a text file") from None
        except OSError as error:
            raise SessionFileError(f"cannot be read ({error.strerror})") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise SessionFileError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
        record = decode(data)
        if self.check_answers is not None:
            problems = self.check_answers(record.answers)
            if problems:
                raise SessionFileError("; ".join(problems))
        return record

    def _write(self, record: SessionRecord) -> None:
        self._ensure_folder()
        target = self.path_of(record.id)
        payload = json.dumps(encode(record), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        import tempfile  # only when writing: listing sessions never pays for it

        handle, temporary = tempfile.mkstemp(
            prefix=f".{record.id}.", suffix=".tmp", dir=self.folder
        )
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        # make the rename itself durable
        with contextlib.suppress(OSError):
            directory = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)

    # ------------------------------------------------------------------ listing
    def scan(self) -> tuple[list[SessionRecord], list[BrokenSession]]:
        """Every session, newest first, and every file that could not be read."""
        records: list[SessionRecord] = []
        broken: list[BrokenSession] = []
        if not self.folder.is_dir():
            return records, broken
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            if path.name.startswith("."):
                continue
            try:
                record = self._read(path)
            except SessionFileError as error:
                broken.append(BrokenSession(path, str(error)))
                continue
            if record.id != path.stem:
                broken.append(
                    BrokenSession(path, f"its id {record.id!r} does not match the file name")
                )
                continue
            records.append(record)
        records.sort(key=lambda record: record.updated, reverse=True)
        return records, broken

    def find(self, name_or_id: str) -> SessionRecord:
        """A session by exact id, id prefix (6+ characters) or name (case-insensitive)."""
        wanted = name_or_id.strip()
        records, broken = self.scan()
        for record in records:
            if record.id == wanted:
                return self._remember(record)
        by_name = [record for record in records if record.name.casefold() == wanted.casefold()]
        if len(by_name) == 1:
            return self._remember(by_name[0])
        if len(by_name) > 1:
            ids = ", ".join(record.id for record in by_name)
            raise SessionError(f"several sessions are named {wanted!r} ({ids}): use the id")
        if len(wanted) >= 6:
            by_prefix = [record for record in records if record.id.startswith(wanted)]
            if len(by_prefix) == 1:
                return self._remember(by_prefix[0])
        for item in broken:
            if item.path.stem == wanted:
                raise SessionError(f"{item.path}: {item.problem} (the file is left as it is)")
        raise SessionError(f"no session named {wanted!r} (see 'ftawizard sessions list')")

    def _remember(self, record: SessionRecord) -> SessionRecord:
        self._revisions[record.id] = record.revision
        return record

    # ------------------------------------------------------------------ writing
    def create(
        self, name: str | None, answers: dict[str, Any], content_version: str
    ) -> SessionRecord:
        self._ensure_folder()
        while True:
            session_id = os.urandom(6).hex()  # as secrets.token_hex(6), without importing it
            if not self.path_of(session_id).exists():
                break
        now = _now()
        clean = sanitize_name(name or "") or self._default_name(answers)
        record = SessionRecord(
            id=session_id,
            name=clean,
            created=now,
            updated=now,
            content_version=content_version,
            answers=dict(answers),
            current=None,
            checked=(),
            revision=1,
        )
        self._write(record)
        return self._remember(record)

    def _default_name(self, answers: dict[str, Any]) -> str:
        perspective = answers.get("perspective") or "worker"
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H.%M")
        return f"{perspective} {stamp}"

    def save(self, record: SessionRecord) -> SessionRecord:
        """Write ``record`` as the next revision, unless someone else changed the file."""
        path = self.path_of(record.id)
        expected = self._revisions.get(record.id, record.revision)
        if path.exists():
            try:
                on_disk = self._read(path)
            except SessionFileError as error:
                raise SessionError(f"{path}: {error}; not overwritten") from None
            if on_disk.revision != expected:
                raise SessionConflict(
                    f"session {record.name!r} was changed by another ftawizard since it was opened "
                    f"(revision {on_disk.revision}, expected {expected}); not overwritten"
                )
        updated = attrs.evolve(
            record,
            revision=expected + 1,
            updated=_now(),
            name=sanitize_name(record.name) or record.name,
        )
        self._write(updated)
        return self._remember(updated)

    def rename(self, record: SessionRecord, name: str) -> SessionRecord:
        clean = sanitize_name(name)
        if not clean:
            raise SessionError("a session name needs letters or digits")
        return self.save(attrs.evolve(record, name=clean))

    def delete(self, record: SessionRecord) -> Path:
        path = self.path_of(record.id)
        holder = self.lock_holder(record.id)
        if holder is not None:
            raise SessionConflict(
                f"session {record.name!r} is open in another ftawizard (process {holder})"
            )
        path.unlink()
        self._revisions.pop(record.id, None)
        return path

    # ------------------------------------------------------------------ locks
    def _lock_path(self, session_id: str) -> Path:
        return self.folder / f".{session_id}.lock"

    def lock_holder(self, session_id: str) -> int | None:
        """The live process that holds the session open, if any (stale locks are ignored)."""
        try:
            pid = int(self._lock_path(session_id).read_text().strip() or 0)
        except (OSError, ValueError):
            return None
        return pid if pid != os.getpid() and _pid_alive(pid) else None

    @contextlib.contextmanager
    def locked(self, session_id: str) -> Iterator[None]:
        """Hold the session for this process; a second process is told who has it."""
        self._ensure_folder()
        lock = self._lock_path(session_id)
        holder = self.lock_holder(session_id)
        if holder is not None:
            raise SessionConflict(
                f"this session is already open in another ftawizard (process {holder})"
            )
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()  # a stale lock of a process that is gone
        try:
            handle = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise SessionConflict("this session was just opened by another ftawizard") from None
        with os.fdopen(handle, "w") as stream:
            stream.write(str(os.getpid()))
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                lock.unlink()
