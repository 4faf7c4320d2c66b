"""Sessions on disk: nothing lost, whatever happens (issue: crashes, kills, corrupt files,
two processes, hostile names, old and new formats)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

from ftawizard.sessions.schema import SCHEMA_VERSION, SessionFileError, decode
from ftawizard.sessions.service import OpenSession, changes_since, store_for, to_state
from ftawizard.sessions.store import SessionConflict, SessionError, SessionStore, sanitize_name

FIXTURES = Path(__file__).parent / "fixtures" / "sessions"

EVERY_TYPE = {
    "perspective": "employer",  # choice
    "citizenship": "JP",  # country
    "permanent_residence": "",  # skipped optional question
    "application_date": "2022-06-01",  # date
    "noc": "2231",  # NOC 2016 code
    "cusma_profession": "Hotel Manager",  # profession
    "purpose": "employment",  # bool
    "controls_canadian_employer": False,
    "education_years": 2.5,  # number (float)
    "experience_years": 4,  # number (int)
    "province": "QC",
}


@pytest.fixture
def store(tmp_path: Path, content) -> SessionStore:
    return store_for(content, str(tmp_path))


def test_round_trip_of_every_answer_type(store: SessionStore, content) -> None:
    record = store.create("Round trip", EVERY_TYPE, content.version)
    session = OpenSession(store, record, content)
    state = to_state(record)
    state.current = "experience_years"
    state.checked = {"passport", "offer_number"}
    session.save(state)
    again = SessionStore(store.folder.parent).find("Round trip")
    assert again.answers == EVERY_TYPE
    assert {key: type(value) for key, value in again.answers.items()} == {
        key: type(value) for key, value in EVERY_TYPE.items()
    }
    assert again.current == "experience_years"
    assert set(again.checked) == {"passport", "offer_number"}
    assert again.revision == 2


def test_files_are_private(store: SessionStore, content) -> None:
    record = store.create("Private", {"citizenship": "MX"}, content.version)
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path_of(record.id).stat().st_mode) == 0o600
    payload = json.loads(store.path_of(record.id).read_text())
    assert payload["schema"] == SCHEMA_VERSION and payload["answers"] == {"citizenship": "MX"}


def test_a_crash_between_write_and_rename_keeps_the_old_session(
    store: SessionStore, content, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = store.create("Crash", {"citizenship": "MX"}, content.version)
    before = store.path_of(record.id).read_bytes()

    def crash(*_args: object) -> None:
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    session = OpenSession(store, record, content)
    state = to_state(record)
    state.answers["noc"] = "21300"
    with pytest.raises(SessionError, match=r"sessions cannot be saved in .*simulated crash"):
        session.save(state)
    monkeypatch.undo()
    assert store.path_of(record.id).read_bytes() == before
    assert [path.name for path in store.folder.iterdir() if path.suffix == ".tmp"] == []
    assert store.find(record.id).answers == {"citizenship": "MX"}


WRITER = """
import sys
from ftawizard.sessions.store import SessionStore
from ftawizard.sessions.schema import SessionRecord
import attrs
store = SessionStore(sys.argv[1])
record = store.find(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    record = store.save(attrs.evolve(record, answers={**record.answers, "experience_years": n, "filler": "x" * (n % 5000)}))
"""


def test_kill_9_never_leaves_a_broken_file(tmp_path: Path, content) -> None:
    store = SessionStore(tmp_path)
    record = store.create("Killed", {"citizenship": "MX"}, content.version)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    for iteration in range(200):
        process = subprocess.Popen(
            [sys.executable, str(script), str(tmp_path), record.id],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdout is not None
        process.stdout.readline()  # "ready": the writer is saving in a loop
        time.sleep((iteration % 10) / 1000)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        reread = SessionStore(tmp_path).find(record.id)  # parses and decodes, or raises
        assert reread.answers["citizenship"] == "MX"
    leftovers = [path for path in store.folder.iterdir() if path.suffix == ".tmp"]
    # a kill can leave a temporary file behind, but never in place of the session
    assert all(path.name.startswith(".") for path in leftovers)


def test_migration_from_the_first_schema(tmp_path: Path, content) -> None:
    store = store_for(content, str(tmp_path))
    store.folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema-1.json", store.folder / "0a1b2c3d4e5f.json")
    record = store.find("0a1b2c3d4e5f")
    assert record.current == "experience_years"
    assert record.answers["noc"] == "21300"
    assert record.checked == ("passport",)


def test_a_session_answered_before_purpose_existed_keeps_its_job_offer_answer(
    store: SessionStore, content
) -> None:
    """The fixture (content 2026.11.x, before 'purpose') says yes to the retired 'job_offer'
    question: resumed, the wizard has it as the purpose "employment" and asks nothing again."""
    from ftawizard.engine.flow import plan
    from ftawizard.sessions.service import to_state

    store.folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "schema-1.json", store.folder / "0a1b2c3d4e5f.json")
    record = store.find("0a1b2c3d4e5f")
    assert record.answers["job_offer"] is True
    state = to_state(record, content)
    assert state.answers["purpose"] == "employment" and "job_offer" not in state.answers
    assert "purpose" not in plan(content, state.answers).assessment.missing


def test_a_newer_schema_is_refused_and_left_untouched(store: SessionStore, content) -> None:
    store.folder.mkdir(parents=True, exist_ok=True)
    data = json.loads((FIXTURES / "schema-1.json").read_text())
    data["schema"] = SCHEMA_VERSION + 1
    path = store.folder / "0a1b2c3d4e5f.json"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    records, broken = store.scan()
    assert records == []
    assert "newer ftawizard" in broken[0].problem
    with pytest.raises(SessionError, match="newer ftawizard"):
        store.find("0a1b2c3d4e5f")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        (
            '{"schema": 1, "id": "0a1b2c3d4e5f", "name": 5, "created": "2026-01-01T00:00:00", '
            '"updated": "2026-01-01T00:00:00", "content_version": "x", "revision": 1, '
            '"current": null, "answers": {}, "checked": []}',
            "'name' must be text",
        ),
        ('{"schema": 1, "id": "0a1b2c3d4e5f", "answers": {"spouse": [1]}}', "answers.spouse"),
        ("[1, 2]", "one JSON object"),
    ],
)
def test_a_corrupt_file_next_to_good_ones(
    store: SessionStore, content, text: str, problem: str
) -> None:
    good = store.create("Good", {"citizenship": "PE"}, content.version)
    path = store.folder / "0a1b2c3d4e5f.json"
    path.write_text(text)
    records, broken = store.scan()
    assert [record.id for record in records] == [good.id]
    assert broken[0].path == path and problem in broken[0].problem
    assert path.read_text() == text  # never overwritten or deleted


def test_hand_edited_unknown_country_is_reported(store: SessionStore, content) -> None:
    record = store.create("Edited", {"citizenship": "MX"}, content.version)
    path = store.path_of(record.id)
    data = json.loads(path.read_text())
    data["answers"]["citizenship"] = "XX"
    path.write_text(json.dumps(data))
    records, broken = store.scan()
    assert records == []
    assert "answers.citizenship" in broken[0].problem and "unknown country" in broken[0].problem


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "..\\..\\boot.ini", "a/b", "\x1b[31mred\x07", "/abs", "x" * 300]
)
def test_names_cannot_traverse_paths_or_hold_control_characters(
    store: SessionStore, content, name: str
) -> None:
    record = store.create(name, {}, content.version)
    assert "/" not in record.name and "\\" not in record.name
    assert all(ord(char) >= 32 for char in record.name) and len(record.name) <= 64
    assert [path.parent for path in store.folder.glob("*.json")] == [store.folder]
    assert store.path_of(record.id).name == f"{record.id}.json"
    with pytest.raises(SessionError):
        store.path_of("../../etc/passwd")


def test_sanitize_keeps_ordinary_names() -> None:
    assert sanitize_name("  José   Pérez (Québec) ") == "José Pérez (Québec)"
    assert sanitize_name("...") == ""


def test_sanitize_treats_ascii_names_as_any_other() -> None:
    # ASCII names take a short way round Unicode's tables: same result, control characters
    # dropped. A non-ASCII letter sends the same text the long way, for comparison.
    for code in range(128):
        name = f"Ana{chr(code)}Rivera"
        assert sanitize_name(name) == sanitize_name(name + "é")[:-1], repr(name)
    assert sanitize_name("Ana\x00 \x1b[31mRivera\x7f") == "Ana -31mRivera"


def test_two_writers_do_not_silently_overwrite_each_other(tmp_path: Path, content) -> None:
    first = SessionStore(tmp_path)
    record = first.create("Shared", {"citizenship": "MX"}, content.version)
    second = SessionStore(tmp_path)
    theirs = second.find(record.id)
    first.save(attrs.evolve(first.find(record.id), answers={"citizenship": "JP"}))
    with pytest.raises(SessionConflict, match="changed by another ftawizard"):
        second.save(theirs)
    assert first.find(record.id).answers == {"citizenship": "JP"}


def test_an_open_session_is_locked_against_a_second_process(tmp_path: Path, content) -> None:
    store = SessionStore(tmp_path)
    record = store.create("Locked", {}, content.version)
    code = (
        "import sys, time\n"
        "from ftawizard.sessions.store import SessionStore\n"
        f"store = SessionStore({str(tmp_path)!r})\n"
        f"with store.locked({record.id!r}):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(30)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(SessionConflict, match=f"process {holder.pid}"), store.locked(record.id):
            pass
        with pytest.raises(SessionConflict):
            store.delete(record)
    finally:
        holder.kill()
        holder.wait()
    with store.locked(record.id):  # a stale lock of a dead process does not block
        pass


def test_changes_since_an_older_content_version(content) -> None:
    assert changes_since(content, content.version) == []
    notice = changes_since(content, "2025.01.0")
    assert notice and content.version in " ".join(notice)


def test_decode_rejects_a_bad_id() -> None:
    data = json.loads((FIXTURES / "schema-1.json").read_text())
    data["id"] = "../../x"
    with pytest.raises(SessionFileError, match="12 hexadecimal"):
        decode(data)


# ---------------------------------------------------------------------- command line


def test_sessions_commands(cli, tmp_path: Path, content) -> None:
    store = store_for(content, str(tmp_path))
    record = store.create(
        "Mexican engineer",
        json.loads((FIXTURES / "schema-1.json").read_text())["answers"],
        content.version,
    )
    (store.folder / "0a1b2c3d4e5f.json").write_text("{broken")
    listing = cli("--data-dir", str(tmp_path), "sessions", "list")
    assert listing.returncode == 0, listing.stderr
    assert (
        "Mexican engineer" in listing.stdout
        and record.id in listing.stdout
        and "MX" in listing.stdout
    )
    assert "0a1b2c3d4e5f.json" in listing.stderr and "not valid JSON" in listing.stderr

    exported = cli("--data-dir", str(tmp_path), "sessions", "export", "mexican ENGINEER")
    assert exported.returncode == 0, exported.stderr
    answers = json.loads(exported.stdout)
    assert answers["citizenship"] == "MX" and "permanent_residence" not in answers

    assessed = cli("--data-dir", str(tmp_path), "assess", "--session", record.id)
    assert assessed.returncode == 0, assessed.stderr
    assert {route["id"] for route in json.loads(assessed.stdout)["routes"]} >= {
        "cusma.professional"
    }

    refused = cli("--data-dir", str(tmp_path), "sessions", "delete", record.id, stdin="")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    deleted = cli("--data-dir", str(tmp_path), "sessions", "delete", record.id, "--yes")
    assert deleted.returncode == 0 and not store.path_of(record.id).exists()
    assert (store.folder / "0a1b2c3d4e5f.json").read_text() == "{broken"

    missing = cli("--data-dir", str(tmp_path), "assess", "--session", "nobody")
    assert missing.returncode == 2 and "no session named 'nobody'" in missing.stderr


def test_ftawizard_home_sets_the_folder(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FTAWIZARD_HOME", str(tmp_path))
    result = cli("sessions", "list")
    assert result.returncode == 0
    assert str(tmp_path / "sessions") in result.stdout
