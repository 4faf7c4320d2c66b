"""Shared fixtures: the shipped content tree, and a way to run the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ftawizard.content import Content, load_default_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def pytest_configure(config: pytest.Config) -> None:
    """The tests keep the precompiled content tree in a folder of their own (inherited by the
    commands they run), not in the user's cache; it is removed afterwards."""
    if "FTAWIZARD_CACHE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="ftawizard-tests-cache-")
        os.environ["FTAWIZARD_CACHE"] = folder
        config.stash[_CACHE_FOLDER] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_CACHE_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("FTAWIZARD_CACHE", None)


_CACHE_FOLDER = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def content() -> Content:
    return load_default_content()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the content tree that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def run_cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("FTAWIZARD_CONTENT", None)
    return subprocess.run(
        [sys.executable, "-m", "ftawizard", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        env=env,
        timeout=60,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli
