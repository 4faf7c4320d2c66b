"""Broken files and folders in the sessions folder: each gets a clear line and harms nothing
else (deep nesting, FIFOs and devices, a `sessions` file, an unwritable folder, stale locks
of reused process numbers, empty and hostile names, newer rules, unknown keys, leftovers)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from ftawizard.content import Content
from ftawizard.plain.wizard import run_plain
from ftawizard.sessions.schema import SessionRecord
from ftawizard.sessions.service import OpenSession, changes_since, store_for, to_state
from ftawizard.sessions.store import BrokenSession, SessionConflict, SessionError, SessionStore

FIXTURE = Path(__file__).parent / "fixtures" / "sessions" / "schema-1.json"
BAD = "badbadbad001"


@pytest.fixture
def store(tmp_path: Path, content: Content) -> SessionStore:
    store = store_for(content, str(tmp_path))
    store.folder.mkdir()
    return store


@pytest.fixture
def good(store: SessionStore, content: Content) -> SessionRecord:
    answers = json.loads(FIXTURE.read_text())["answers"]
    return store.create("Mexican engineer", answers, content.version)


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "ftawizard", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def assert_one_clean_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def everything_still_works(tmp_path: Path, good: SessionRecord, *expected: str) -> None:
    """`sessions list` names the broken file and the cause; the good session is listed,
    assessed by id and by name, and exported."""
    listing = cli("--data-dir", str(tmp_path), "sessions", "list")
    assert listing.returncode == 0 and "Traceback" not in listing.stderr, listing.stderr
    assert good.id in listing.stdout and "Mexican engineer" in listing.stdout
    for word in expected:
        assert word in listing.stderr, listing.stderr
    for wanted in (good.id, "Mexican engineer"):
        assessed = cli("--data-dir", str(tmp_path), "assess", "--session", wanted)
        assert assessed.returncode == 0, assessed.stderr
        assert json.loads(assessed.stdout)["routes"]
    exported = cli("--data-dir", str(tmp_path), "sessions", "export", good.id)
    assert exported.returncode == 0 and json.loads(exported.stdout)["citizenship"] == "MX"


# ---------------------------------------------------------------------- files


def test_a_file_nested_100000_deep_harms_nothing_else(
    store: SessionStore, good: SessionRecord, tmp_path: Path
) -> None:
    deep = store.folder / f"{BAD}.json"
    deep.write_text(
        '{"schema":1,"id":"' + BAD + '","answers":' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    before = deep.read_bytes()
    records, broken = store.scan()
    assert [record.id for record in records] == [good.id]
    assert [(item.path, item.problem) for item in broken] == [
        (deep, "nested deeper than 64 levels: not a session file")
    ]
    everything_still_works(tmp_path, good, f"{BAD}.json: nested deeper than 64 levels")
    refused = cli("--data-dir", str(tmp_path), "assess", "--session", BAD)
    assert refused.returncode == 2
    assert_one_clean_line(refused, f"{BAD}.json", "nested deeper", "left as it is")
    assert deep.read_bytes() == before


def test_a_file_nested_just_below_the_parser_limit_is_refused_too(store: SessionStore) -> None:
    # parses, but would be too deep to write back: refused before anything walks it
    (store.folder / f"{BAD}.json").write_text(
        '{"schema":1,"id":"' + BAD + '","extra":' + "[" * 900 + "]" * 900 + "}"
    )
    _records, broken = store.scan()
    assert [item.problem for item in broken] == ["nested deeper than 64 levels: not a session file"]


def test_a_number_too_long_to_read_is_reported(store: SessionStore, good: SessionRecord) -> None:
    (store.folder / f"{BAD}.json").write_text('{"schema": ' + "1" * 5000 + "}")
    records, broken = store.scan()
    assert [record.id for record in records] == [good.id]
    assert len(broken) == 1 and broken[0].problem.startswith("not valid JSON (Exceeds the limit")


def test_a_fifo_named_json_is_reported_never_opened(
    store: SessionStore, good: SessionRecord, tmp_path: Path
) -> None:
    os.mkfifo(store.folder / f"{BAD}.json")
    found: list[tuple[list[SessionRecord], list[BrokenSession]]] = []
    scanning = threading.Thread(target=lambda: found.append(store.scan()), daemon=True)
    scanning.start()
    scanning.join(timeout=10)
    assert found, "reading the sessions folder hangs on a FIFO"
    _records, broken = found[0]
    assert [item.problem for item in broken] == [
        "is a FIFO (named pipe), not a session file: not opened"
    ]
    everything_still_works(tmp_path, good, f"{BAD}.json: is a FIFO (named pipe)")


def test_a_device_a_folder_and_a_socket_named_json_are_reported(
    store: SessionStore, good: SessionRecord
) -> None:
    (store.folder / "000000000001.json").symlink_to("/dev/null")
    (store.folder / "000000000002.json").mkdir()
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(store.folder / "000000000003.json"))
        records, broken = store.scan()
    assert [record.id for record in records] == [good.id]
    assert [item.problem for item in broken] == [
        "is a device, not a session file: not opened",
        "is a folder, not a session file: not opened",
        "is a socket, not a session file: not opened",
    ]


# ---------------------------------------------------------------------- the folder


def run_wizard_in_a_terminal(*args: str, until: str, timeout: float = 60) -> str:
    """Start ``ftawizard`` on a pseudo-terminal and return what it printed up to ``until``
    (then stop it)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb", "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ftawizard", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        while until.encode() not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
    finally:
        process.kill()
        process.wait()
        os.close(leader)
    return seen.decode("utf-8", "replace")


def test_a_sessions_path_that_is_a_file_is_named(tmp_path: Path, content: Content) -> None:
    (tmp_path / "sessions").write_text("not a folder")
    listing = cli("--data-dir", str(tmp_path), "sessions", "list")
    assert listing.returncode == 2
    assert_one_clean_line(listing, f"{tmp_path / 'sessions'} is a file, not a folder")
    assert "No saved sessions" not in listing.stdout
    assessed = cli("--data-dir", str(tmp_path), "assess", "--session", "a78e9b")
    assert assessed.returncode == 2
    assert_one_clean_line(assessed, "is a file, not a folder")
    store = store_for(content, str(tmp_path))
    assert "is a file, not a folder" in (store.save_problem() or "")
    _records, broken = store.scan()  # what the start screen lists
    assert [item.path for item in broken] == [tmp_path / "sessions"]
    with pytest.raises(SessionError, match="is a file, not a folder"):
        store.create(None, {}, content.version)
    # the wizard says so before the first question, not at the end
    text = run_wizard_in_a_terminal("--data-dir", str(tmp_path), "--plain", until="Question 1")
    warning = text.find("is a file, not a folder")
    assert 0 <= warning < text.find("Question 1"), text


def unwritable_data_dir(tmp_path: Path) -> Path:
    """A data folder whose `sessions` folder cannot be made (as root, permissions do not
    stop a write: a folder of the kernel's read-only tree does)."""
    if os.geteuid() == 0:
        if not Path("/sys/kernel").is_dir():
            pytest.skip("no folder here that root cannot write")
        return Path("/sys/kernel")
    parent = tmp_path / "read-only"
    parent.mkdir(mode=0o500)
    return parent


def test_a_folder_that_cannot_be_written_is_told_at_start(tmp_path: Path, content: Content) -> None:
    data_dir = unwritable_data_dir(tmp_path)
    store = store_for(content, str(data_dir))
    problem = store.save_problem()
    assert problem is not None and "sessions cannot be saved in" in problem
    assert "--data-dir" in problem
    text = run_wizard_in_a_terminal("--data-dir", str(data_dir), "--plain", until="Question 1")
    warning = text.find("sessions cannot be saved in")
    assert 0 <= warning < text.find("Question 1"), text
    assert "Your answers will not be kept" in text


def test_resuming_in_a_folder_that_cannot_be_written_is_a_clear_refusal(
    store: SessionStore,
    good: SessionRecord,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real_open = os.open

    def refuse_locks(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_locks)
    with create_pipe_input() as pipe:
        status = run_plain(content, store, good, input=pipe, output=DummyOutput())
    assert status == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert f"sessions cannot be saved in {store.folder} (Permission denied)" in error


# ---------------------------------------------------------------------- locks


@pytest.fixture
def unrelated_process() -> Iterator[subprocess.Popen[bytes]]:
    """A live process that is not ftawizard (as a reused process number would be)."""
    process = subprocess.Popen(["sleep", "60"])
    try:
        yield process
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize("text", ["{pid}", "{pid} 1", "{pid} -\n"])
def test_a_stale_lock_naming_a_live_unrelated_process_does_not_block(
    store: SessionStore, good: SessionRecord, unrelated_process: subprocess.Popen[bytes], text: str
) -> None:
    lock = store.folder / f".{good.id}.lock"
    lock.write_text(text.format(pid=unrelated_process.pid))
    assert store.lock_holder(good.id) is None
    with store.locked(good.id):
        holder_text = lock.read_text().split()
        assert holder_text[0] == str(os.getpid())
        if Path("/proc/self/stat").exists():
            assert holder_text[1].isdigit()  # the process's start, not only its number
    store.delete(good)


HOLDER = """
import sys, time
from ftawizard.sessions.store import SessionStore
store = SessionStore(sys.argv[1])
with store.locked(sys.argv[2]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[3]))
"""


def hold(tmp_path: Path, session_id: str, seconds: float = 30) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path), session_id, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_already_open_says_how_to_take_over(
    store: SessionStore, good: SessionRecord, tmp_path: Path
) -> None:
    holder = hold(tmp_path, good.id)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(SessionConflict) as refused, store.locked(good.id):
            pass
        message = str(refused.value)
        assert f"process {holder.pid}" in message
        assert f"ftawizard resume {good.id} --force" in message
        assert str(store.folder / f".{good.id}.lock") in message
        # the person is sure: take it over
        assert store.take_over(good.id) == holder.pid
        with store.locked(good.id):
            assert store.lock_holder(good.id) is None  # ours
    finally:
        holder.kill()
        holder.wait()


RACER = """
import sys, time
from ftawizard.sessions.store import SessionStore, SessionConflict
store = SessionStore(sys.argv[1])
start = float(sys.argv[3])
while time.time() < start:
    pass
try:
    with store.locked(sys.argv[2]):
        print("opened", flush=True)
        time.sleep(1.5)
except SessionConflict:
    print("refused", flush=True)
"""


@pytest.mark.parametrize("leftover", [None, "dead", "unrelated"])
def test_simultaneous_opens_stay_exclusive_even_past_a_stale_lock(
    store: SessionStore,
    good: SessionRecord,
    tmp_path: Path,
    unrelated_process: subprocess.Popen[bytes],
    leftover: str | None,
) -> None:
    lock = store.folder / f".{good.id}.lock"
    if leftover == "dead":
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
        lock.write_text(gone.stdout.strip())
    elif leftover == "unrelated":
        lock.write_text(str(unrelated_process.pid))
    start = time.time() + 1.0
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(tmp_path), good.id, str(start)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = sorted(racer.communicate(timeout=60)[0].strip() for racer in racers)
    assert outcomes == ["opened", "refused", "refused", "refused"]


TEXT: dict[str, object] = {"capture_output": True, "text": True, "check": True}


def test_leftover_locks_and_temp_files_are_cleaned(
    store: SessionStore, good: SessionRecord, tmp_path: Path
) -> None:
    gone = int(
        subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT).stdout  # type: ignore[call-overload]
    )
    other = store.create("Other", {}, good.content_version)
    stale_lock = store.folder / f".{good.id}.lock"
    stale_lock.write_text(str(gone))
    orphan = store.folder / f".{good.id}.{gone}-k2j3h4.tmp"
    orphan.write_text("{half")
    two_minutes_ago = time.time() - 120
    os.utime(orphan, (two_minutes_ago, two_minutes_ago))
    old_style = store.folder / f".{good.id}.xip32331.tmp"
    old_style.write_text("{half")
    an_hour_ago = time.time() - 3600
    os.utime(old_style, (an_hour_ago, an_hour_ago))
    writing_now = store.folder / f".{good.id}.{os.getpid()}-a1b2c3.tmp"
    writing_now.write_text("{")
    just_written = store.folder / f".{good.id}.{gone}-z9y8x7.tmp"  # (its writer may be
    just_written.write_text("{")  # in another container: kept for a minute)
    holder = hold(tmp_path, other.id)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        records, broken = store.scan()
        assert {record.id for record in records} == {good.id, other.id} and not broken
        left = sorted(path.name for path in store.folder.iterdir())
        assert left == sorted(
            [
                f"{good.id}.json",
                f"{other.id}.json",
                f".{other.id}.lock",
                writing_now.name,
                just_written.name,
            ]
        )
    finally:
        holder.kill()
        holder.wait()
    store.scan()  # the holder was killed: its lock goes too
    assert not (store.folder / f".{other.id}.lock").exists()


# ---------------------------------------------------------------------- names


@pytest.mark.parametrize("command", ["assess", "checklist"])
def test_an_empty_session_name_is_a_clear_message(
    command: str, store: SessionStore, good: SessionRecord, tmp_path: Path
) -> None:
    for empty in ("", "   "):
        result = cli("--data-dir", str(tmp_path), command, "--session", empty)
        assert result.returncode == 2
        assert_one_clean_line(result, "give a session's name or id")
    exported = cli("--data-dir", str(tmp_path), "sessions", "export", "")
    assert exported.returncode == 2
    assert_one_clean_line(exported, "give a session's name or id")


def write_session(store: SessionStore, session_id: str, **changes: object) -> Path:
    data = json.loads(FIXTURE.read_text())
    data.update(id=session_id, **changes)
    path = store.folder / f"{session_id}.json"
    store.folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


def test_control_characters_and_long_names_are_shown_escaped_and_cut(
    store: SessionStore, tmp_path: Path
) -> None:
    write_session(store, "aaaaaaaaaaa1", name="\x1b[2J\x1b[31mgotcha\nsecond line\u202e")
    write_session(store, "aaaaaaaaaaa2", name="x" * 5_000_000)
    write_session(store, "aaaaaaaaaaa3", name="")
    listing = cli("--data-dir", str(tmp_path), "sessions", "list")
    assert listing.returncode == 0, listing.stderr
    assert "\x1b" not in listing.stdout and "\u202e" not in listing.stdout
    assert "\\x1b[2J\\x1b[31mgotcha\\nsecond line\\u202e" in listing.stdout
    assert max(len(line) for line in listing.stdout.splitlines()) < 200
    assert "x" * 39 + "…" in listing.stdout
    assert "(no name)" in listing.stdout
    ambiguous = cli("--data-dir", str(tmp_path), "assess", "--session", "\x1b[2Jgone")
    assert ambiguous.returncode == 2 and "\x1b" not in ambiguous.stderr
    assert "\\x1b[2Jgone" in ambiguous.stderr


# ---------------------------------------------------------------------- versions and keys


def test_a_session_written_with_newer_rules_says_so(
    store: SessionStore, content: Content, tmp_path: Path
) -> None:
    write_session(store, "bbbbbbbbbbb1", content_version="2099.1.1")
    record = store.find("bbbbbbbbbbb1")
    notice = changes_since(content, record.content_version)
    assert len(notice) == 1 and "newer rules (content 2099.1.1)" in notice[0]
    assert f"content {content.version}" in notice[0] and "upgrade ftawizard" in notice[0]
    assessed = cli("--data-dir", str(tmp_path), "assess", "--session", "bbbbbbbbbbb1")
    assert assessed.returncode == 0
    assert "newer rules (content 2099.1.1)" in assessed.stderr
    listing = cli("--data-dir", str(tmp_path), "sessions", "list")
    assert "bbbbbbbbbbb1: these answers were saved by a newer ftawizard" in listing.stderr
    # an older version is not "newer"
    assert "newer" not in " ".join(changes_since(content, "2025.1.0"))


def test_unknown_top_level_keys_are_kept_on_save(store: SessionStore, content: Content) -> None:
    future = {"notes": ["asked the employer", {"when": "2026-12-01"}], "padding": "x" * 100}
    path = write_session(store, "ccccccccccc1", **future)
    record = store.find("ccccccccccc1")
    session = OpenSession(store, record, content)
    state = to_state(record, content)
    state.answers["experience_years"] = 7
    session.save(state)
    session.rename("Renamed")
    saved = json.loads(path.read_text())
    assert saved["notes"] == future["notes"] and saved["padding"] == future["padding"]
    assert saved["answers"]["experience_years"] == 7 and saved["name"] == "Renamed"
    assert attrs.evolve(store.find("ccccccccccc1")).extra == future


def test_folders_made_for_sessions_are_private_whatever_the_umask(
    tmp_path: Path, content: Content
) -> None:
    home = tmp_path / "new" / "home"
    store = store_for(content, str(home))
    previous = os.umask(0)
    try:
        store.create("Private", {}, content.version)
    finally:
        os.umask(previous)
    for folder in (tmp_path / "new", home, home / "sessions"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
