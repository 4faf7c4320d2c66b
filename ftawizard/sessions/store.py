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
  holds a lock file naming the process that has it (and when that process started);
- the lock itself is an advisory lock the system drops when the process ends (``flock``
  where the platform has it), so a lock left by a crash never blocks a session, even when
  its process number now belongs to another program;
- only regular files are opened (a FIFO or a device named ``*.json`` is reported, never
  read), deep nesting is refused, and a broken file never stops the others from loading;
- lock and temporary files left by a process that is gone are removed when the folder is
  listed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from ftawizard.nesting import MAX_DEPTH, nesting_depth
from ftawizard.sessions.schema import (
    SessionFileError,
    SessionRecord,
    decode,
    display_name,
    encode,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: locks are judged by process number and start
    fcntl = None  # type: ignore[assignment]

ENV_HOME = "FTAWIZARD_HOME"
SUFFIX = ".json"
MAX_NAME = 64
# a session file is a few kilobytes; anything far larger is not one (and is not read whole)
MAX_FILE_BYTES = 64 * 1024 * 1024
# a temporary file whose name does not say which process writes it (older versions) is left
# over once it is this old
ORPHAN_AGE = 15 * 60
# a temporary file younger than this is never removed, whoever wrote it (a process of another
# container sharing the folder has a number this one cannot see)
WRITE_TIME = 60
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_LOCK_NAME = re.compile(r"\.([0-9a-f]{12})\.lock")
_TEMP_NAME = re.compile(r"\.([0-9a-f]{12})\.(?:(\d+)-)?[^/]*\.tmp")


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


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started, as the system counts it (clock ticks since boot, from
    /proc), or None where that cannot be read: with the process number it names one
    process for good, even after the number is reused."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            fields = stream.read().rsplit(b")", 1)[1].split()
        return fields[19].decode("ascii")
    except (OSError, IndexError, UnicodeDecodeError):
        return None


def _process_started_at(pid: int) -> float | None:
    """When process ``pid`` started, in seconds since the epoch (None where unknown)."""
    ticks = _process_start(pid)
    if ticks is None:
        return None
    try:
        with open("/proc/stat", "rb") as stream:
            boot = next(int(line.split()[1]) for line in stream if line.startswith(b"btime "))
        return boot + int(ticks) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, StopIteration):
        return None


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


def _lock_text() -> str:
    return f"{os.getpid()} {_process_start(os.getpid()) or '-'}\n"


def _parse_lock(text: str) -> tuple[int, str | None]:
    """(process number, its start) from a lock file's text; (0, None) when unreadable."""
    parts = text.split()
    try:
        pid = int(parts[0]) if parts else 0
    except ValueError:
        return 0, None
    start = parts[1] if len(parts) > 1 and parts[1] != "-" else None
    return pid, start


def _same_process(pid: int, start: str | None) -> bool:
    """Whether the lock's process is still running (and is the one that wrote it)."""
    if pid <= 0 or not _pid_alive(pid):
        return False
    now = _process_start(pid)
    return start is None or now is None or now == start


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
        problem = self.folder_problem()
        if problem is not None:
            raise SessionError(problem)
        # every folder made here is private (0700), not only the last: the data folder
        # itself would otherwise follow the umask
        missing: list[Path] = []
        path = self.folder
        while not path.exists() and path.parent != path:
            missing.append(path)
            path = path.parent
        try:
            for folder in reversed(missing):
                folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            raise SessionError(self._cannot_save(error)) from None
        with contextlib.suppress(OSError):
            os.chmod(self.folder, 0o700)

    def _cannot_save(self, error: OSError) -> str:
        return (
            f"sessions cannot be saved in {self.folder} ({error.strerror or error}); "
            "choose a folder that can be written with --data-dir DIR or FTAWIZARD_HOME"
        )

    def folder_problem(self) -> str | None:
        """Why the sessions folder cannot hold sessions at all (it is a file, or sits in
        one), or None. A folder that does not exist yet is fine: the first save makes it."""
        path = self.folder
        while True:
            try:
                info = path.stat()
            except FileNotFoundError:
                if path.parent == path:
                    return None
                path = path.parent
                continue
            except NotADirectoryError:
                path = path.parent
                continue
            except OSError as error:
                return f"{path}: cannot be read ({error.strerror or error})"
            if not stat.S_ISDIR(info.st_mode):
                kind = "a file" if stat.S_ISREG(info.st_mode) else "not a folder"
                return (
                    f"{path} is {kind}, not a folder: sessions cannot be listed or saved "
                    "there (move it away, or choose another folder with --data-dir DIR)"
                )
            return None

    def save_problem(self) -> str | None:
        """Why answers could not be saved here (checked by writing and removing a small
        file), or None: a front-end says so before the first question, not after the
        last."""
        try:
            self._ensure_folder()
            import tempfile

            handle, probe = tempfile.mkstemp(prefix=f".probe.{os.getpid()}-", dir=self.folder)
            os.close(handle)
            os.unlink(probe)
        except SessionError as error:
            return str(error)
        except OSError as error:
            return self._cannot_save(error)
        return None

    def path_of(self, session_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{12}", session_id):
            raise SessionError(f"{session_id!r} is not a session id")
        return self.folder / f"{session_id}{SUFFIX}"

    def _read(self, path: Path) -> SessionRecord:
        try:
            text = _read_regular_file(path).decode("utf-8")
        except UnicodeDecodeError:
            raise SessionFileError("not a text file") from None
        too_deep = SessionFileError(f"nested deeper than {MAX_DEPTH} levels: not a session file")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise SessionFileError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
        except RecursionError:
            raise too_deep from None
        except ValueError as error:  # a number too long to read
            raise SessionFileError(f"not valid JSON ({error})") from None
        if nesting_depth(data) > MAX_DEPTH:
            raise too_deep
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

        try:
            # the writer's process number in the name: a file left by a kill is recognised
            handle, temporary = tempfile.mkstemp(
                prefix=f".{record.id}.{os.getpid()}-", suffix=".tmp", dir=self.folder
            )
        except OSError as error:
            raise SessionError(self._cannot_save(error)) from None
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(error, OSError):
                raise SessionError(self._cannot_save(error)) from None
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
        problem = self.folder_problem()
        if problem is not None:
            return records, [BrokenSession(self.folder, problem)]
        try:
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return records, broken
        except OSError as error:
            return records, [
                BrokenSession(self.folder, f"cannot be read ({error.strerror or error})")
            ]
        self.tidy(names)
        for name in names:
            if name.startswith(".") or not name.endswith(SUFFIX):
                continue
            path = self.folder / name
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
        if not wanted:
            raise SessionError("give a session's name or id (see 'ftawizard sessions list')")
        problem = self.folder_problem()
        if problem is not None:
            raise SessionError(problem)
        records, broken = self.scan()
        for record in records:
            if record.id == wanted:
                return self._remember(record)
        by_name = [record for record in records if record.name.casefold() == wanted.casefold()]
        if len(by_name) == 1:
            return self._remember(by_name[0])
        if len(by_name) > 1:
            ids = ", ".join(record.id for record in by_name)
            raise SessionError(
                f"several sessions are named '{display_name(wanted)}' ({ids}): use the id"
            )
        if len(wanted) >= 6:
            by_prefix = [record for record in records if record.id.startswith(wanted)]
            if len(by_prefix) == 1:
                return self._remember(by_prefix[0])
        for item in broken:
            if item.path.stem == wanted:
                raise SessionError(f"{item.path}: {item.problem} (the file is left as it is)")
        raise SessionError(
            f"no session named '{display_name(wanted)}' (see 'ftawizard sessions list')"
        )

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
            if not os.path.lexists(self.path_of(session_id)):
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
                f"session '{display_name(record.name)}' is open in another ftawizard "
                f"({_process(holder)})"
            )
        try:
            path.unlink()
        except OSError as error:
            raise SessionError(f"{path}: cannot be deleted ({error.strerror or error})") from None
        self._revisions.pop(record.id, None)
        return path

    # ------------------------------------------------------------------ locks
    def _lock_path(self, session_id: str) -> Path:
        return self.folder / f".{session_id}.lock"

    def lock_holder(self, session_id: str) -> int | None:
        """The live process that holds the session open (0 when its number cannot be read),
        or None: a lock left by a process that is gone is ignored."""
        try:
            handle = os.open(self._lock_path(session_id), os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                return None
            pid, start = _parse_lock(os.read(handle, 200).decode("ascii", "replace"))
            if fcntl is not None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except OSError:
                    held = True
                else:
                    held = False
            else:  # pragma: no cover - Windows
                held = _same_process(pid, start)
        finally:
            os.close(handle)
        if not held or pid == os.getpid():
            return None
        return pid

    def _conflict(self, session_id: str, holder: int) -> SessionConflict:
        return SessionConflict(
            f"this session is already open in another ftawizard ({_process(holder)}). "
            "If you are sure it is not (that ftawizard was stopped, or runs on another "
            f"computer), take it over with 'ftawizard resume {session_id} --force' or by "
            f"deleting {self._lock_path(session_id)}"
        )

    def take_over(self, session_id: str) -> int | None:
        """Remove the session's lock, whoever holds it (the person asked for it); returns
        the process that held it, if one did."""
        holder = self.lock_holder(session_id)
        try:
            self._lock_path(session_id).unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise SessionError(
                f"{self._lock_path(session_id)}: cannot be removed ({error.strerror or error})"
            ) from None
        return holder

    @contextlib.contextmanager
    def locked(self, session_id: str) -> Iterator[None]:
        """Hold the session for this process; a second process is told who has it."""
        self._ensure_folder()
        handle = (
            self._acquire(session_id) if fcntl is not None else self._acquire_by_pid(session_id)
        )
        lock = self._lock_path(session_id)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                mine = os.fstat(handle)
                now = os.stat(lock, follow_symlinks=False)
                if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                    lock.unlink()  # still ours: not taken over with --force meanwhile
            os.close(handle)

    def _open_lock(self, lock: Path) -> int:
        """The lock file, opened for writing: a symlink or anything but a regular file in
        its place is removed first (never written through)."""
        for _ in range(10):
            try:
                handle = os.open(lock, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o600)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
                    self._remove_odd(lock)
                    continue
                raise SessionError(self._cannot_save(error)) from None
            if stat.S_ISREG(os.fstat(handle).st_mode):
                return handle
            os.close(handle)
            self._remove_odd(lock)
        raise SessionError(f"{lock}: cannot be made a lock file")

    def _remove_odd(self, lock: Path) -> None:
        try:
            if lock.is_dir() and not lock.is_symlink():
                lock.rmdir()
            else:
                lock.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise SessionError(f"{lock}: cannot be removed ({error.strerror or error})") from None

    def _acquire(self, session_id: str) -> int:
        """Take the session's advisory lock (the system drops it when this process ends)."""
        assert fcntl is not None
        lock = self._lock_path(session_id)
        busy = 0
        while True:
            handle = self._open_lock(lock)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder, _start = _parse_lock(os.read(handle, 200).decode("ascii", "replace"))
                os.close(handle)
                busy += 1
                if busy < 4 and self._lock_moved(lock, holder):
                    # a stale lock being cleaned away by another process: try again
                    time.sleep(0.02)
                    continue
                raise self._conflict(session_id, holder) from None
            try:
                mine = os.fstat(handle)
                now = os.stat(lock, follow_symlinks=False)
            except FileNotFoundError:
                os.close(handle)  # removed as stale between our open and our lock
                continue
            if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
                os.close(handle)
                continue
            os.ftruncate(handle, 0)
            os.write(handle, _lock_text().encode("ascii"))
            return handle

    def _lock_moved(self, lock: Path, holder: int) -> bool:
        """Whether a busy lock is only being cleaned away (its writer is gone)."""
        return holder <= 0 or not _pid_alive(holder) or not lock.exists()

    def _acquire_by_pid(self, session_id: str) -> int:  # pragma: no cover - Windows
        """Without advisory locks: the lock file names the process and its start."""
        lock = self._lock_path(session_id)
        holder = self.lock_holder(session_id)
        if holder is not None:
            raise self._conflict(session_id, holder)
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()  # a stale lock of a process that is gone
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise SessionConflict("this session was just opened by another ftawizard") from None
        except OSError as error:
            raise SessionError(self._cannot_save(error)) from None
        os.write(handle, _lock_text().encode("ascii"))
        return handle

    # ------------------------------------------------------------------ tidying
    def tidy(self, names: list[str] | None = None) -> list[Path]:
        """Remove lock files no live process holds and temporary files whose writer is
        gone (left by a crash or a kill); returns what was removed. Never fails."""
        removed: list[Path] = []
        if names is None:
            try:
                names = os.listdir(self.folder)
            except OSError:
                return removed
        for name in names:
            path = self.folder / name
            if _LOCK_NAME.fullmatch(name):
                if self._remove_stale_lock(path):
                    removed.append(path)
            else:
                match = _TEMP_NAME.fullmatch(name)
                if match and self._orphan(path, match.group(2)):
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed.append(path)
        return removed

    def _remove_stale_lock(self, lock: Path) -> bool:
        try:
            handle = os.open(lock, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        except OSError:
            return False
        try:
            mine = os.fstat(handle)
            if not stat.S_ISREG(mine.st_mode):
                return False
            if fcntl is not None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return False  # held by a live process
                now = os.stat(lock, follow_symlinks=False)
                if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
                    return False
            else:  # pragma: no cover - Windows
                pid, start = _parse_lock(os.read(handle, 200).decode("ascii", "replace"))
                if _same_process(pid, start):
                    return False
            lock.unlink()
            return True
        except OSError:
            return False
        finally:
            os.close(handle)

    def _orphan(self, path: Path, writer: str | None) -> bool:
        """A temporary file whose writer is gone: its process is not running, or started
        after the file was written (the number was reused), or, for a name without a
        process number, the file is older than a write could take."""
        try:
            info = path.lstat()
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode):
            return False
        age = time.time() - info.st_mtime
        if age < WRITE_TIME:
            return False  # a write takes milliseconds: this one may still be going on
        if writer is None:
            return age > ORPHAN_AGE
        pid = int(writer)
        if not _pid_alive(pid):
            return True
        started = _process_started_at(pid)
        return started is not None and started > info.st_mtime + 1


def _process(holder: int) -> str:
    return f"process {holder}" if holder > 0 else "its process number could not be read"


def _read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of a sensible size; anything else
    (a folder, a FIFO, a device, a socket) is refused without being opened, so that
    reading the sessions folder can never hang or touch a device."""
    try:
        info = path.stat()
    except OSError as error:
        raise SessionFileError(f"cannot be read ({error.strerror or error})") from None
    _check_kind(info)
    try:
        handle = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY)
    except OSError as error:
        raise SessionFileError(f"cannot be read ({error.strerror or error})") from None
    try:
        _check_kind(os.fstat(handle))  # the same file as the one looked at
        chunks = []
        total = 0
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise SessionFileError(
                    f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a session file"
                )
        return b"".join(chunks)
    except OSError as error:
        raise SessionFileError(f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(handle)


def _check_kind(info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if info.st_size > MAX_FILE_BYTES:
            raise SessionFileError(
                f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a session file"
            )
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a FIFO (named pipe)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "not a regular file"
    raise SessionFileError(f"is {kind}, not a session file: not opened")
