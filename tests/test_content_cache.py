"""The precompiled content tree in the user's cache folder: used only when ftawizard can
trust it as its own, current writing; anything else is ignored and rebuilt from the files.

Each test plants a cache file whose content says version "planted" (the real tree says
otherwise), then makes it stale or foreign in one way: a start must not show "planted", and
must leave a cache file it would trust, holding the real tree.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import attrs
import pytest

from ftawizard import cache_dir as cache_folder
from ftawizard.content import cache, load_content
from ftawizard.content.loader import load_default_content

PLANTED = "planted"
FILE = "content.pickle"


@pytest.fixture
def tree(content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped tree, copied, as the tree ftawizard starts with; a cache folder that
    does not exist yet."""
    monkeypatch.setenv("FTAWIZARD_CONTENT", str(content_copy))
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("FTAWIZARD_NO_CACHE", raising=False)
    return content_copy


def start() -> str:
    """What a new process loads (the version of the content it shows)."""
    return load_default_content.__wrapped__().version


def plant(tree: Path) -> Path:
    """A cache file, written as ftawizard writes it, for the current tree, whose content
    differs from the files."""
    real = load_content(tree)
    cache.store(tree, attrs.evolve(real, version=PLANTED))
    return cache_folder.cache_dir() / FILE


def assert_rebuilt(tree: Path) -> None:
    """The cache file is now one ftawizard trusts, and it holds the real tree."""
    path = cache_folder.cache_dir() / FILE
    status = path.lstat()
    assert stat.S_ISREG(status.st_mode) and stat.S_IMODE(status.st_mode) == 0o600
    cached = cache.load_cached(tree)
    assert cached is not None and cached.version == load_content(tree).version != PLANTED


def test_a_current_cache_of_its_own_is_used(tree: Path) -> None:
    """(What the other tests rely on: a planted file that is current and trusted is read.)"""
    plant(tree)
    assert start() == PLANTED


def test_the_cache_folder_is_the_users_own(tree: Path) -> None:
    start()
    folder = cache_folder.cache_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / FILE).stat().st_mode) == 0o600
    # a folder of the user's that others could read or write is closed on the next write
    folder.chmod(0o777)
    (folder / FILE).unlink()
    start()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_stale_cache_is_rebuilt(tree: Path) -> None:
    plant(tree)
    steps = tree / "steps.toml"
    steps.write_text(steps.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert start() != PLANTED
    assert_rebuilt(tree)


def test_a_cache_of_another_version_is_rebuilt(tree: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "_FORMAT", "ftawizard 0.0.1, models as tuples")
    plant(tree)
    monkeypatch.undo()
    monkeypatch.setenv("FTAWIZARD_CONTENT", str(tree))
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tree.parent / "cache"))
    assert start() != PLANTED
    assert_rebuilt(tree)


def test_a_cache_of_another_tree_is_not_used(tree: Path, tmp_path: Path, monkeypatch) -> None:
    import shutil

    plant(tree)
    other = tmp_path / "other"
    shutil.copytree(tree, other)
    monkeypatch.setenv("FTAWIZARD_CONTENT", str(other))
    loaded = load_default_content.__wrapped__()
    assert loaded.version != PLANTED and loaded.root == str(other)
    assert_rebuilt(other)


def test_another_users_cache_file_is_rebuilt(tree: Path, monkeypatch) -> None:
    if not hasattr(os, "getuid"):
        pytest.skip("no user ids on this system")
    plant(tree)
    someone_else = os.getuid() + 1
    monkeypatch.setattr(cache_folder.os, "getuid", lambda: someone_else)
    assert start() != PLANTED
    monkeypatch.undo()
    monkeypatch.setenv("FTAWIZARD_CONTENT", str(tree))
    monkeypatch.setenv("FTAWIZARD_CACHE", str(tree.parent / "cache"))
    assert_rebuilt(tree)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o606, 0o666], ids=oct)
def test_a_cache_file_others_can_read_or_write_is_rebuilt(tree: Path, mode: int) -> None:
    plant(tree).chmod(mode)
    assert start() != PLANTED
    assert_rebuilt(tree)


def test_a_link_in_place_of_the_cache_file_is_not_followed(tree: Path, tmp_path: Path) -> None:
    path = plant(tree)
    elsewhere = tmp_path / "elsewhere.pickle"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    assert start() != PLANTED
    assert_rebuilt(tree)
    assert elsewhere.is_file()  # what the link pointed to is left alone


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_in_place_of_the_cache_file_neither_blocks_nor_is_read(tree: Path) -> None:
    path = plant(tree)
    path.unlink()
    os.mkfifo(path, 0o600)
    assert start() != PLANTED  # (a blocking open would hang here)
    assert_rebuilt(tree)


def test_a_folder_in_place_of_the_cache_file_is_left_alone(tree: Path) -> None:
    path = plant(tree)
    path.unlink()
    path.mkdir()
    (path / "keep").write_text("not ftawizard's", encoding="utf-8")
    assert start() != PLANTED
    assert (path / "keep").read_text(encoding="utf-8") == "not ftawizard's"


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage"])
def test_an_unreadable_cache_file_is_rebuilt(tree: Path, damage: str) -> None:
    path = plant(tree)
    data = path.read_bytes()
    damaged = {"empty": b"", "truncated": data[: len(data) // 2], "garbage": b"\x80\x05junk"}
    path.write_bytes(damaged[damage])
    path.chmod(0o600)
    assert start() != PLANTED
    assert_rebuilt(tree)


@pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="the superuser reads any file",
)
def test_a_cache_file_that_cannot_be_opened_is_rebuilt(tree: Path) -> None:
    plant(tree).chmod(0o000)
    assert start() != PLANTED
    assert_rebuilt(tree)
