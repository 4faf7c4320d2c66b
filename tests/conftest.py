"""Shared fixtures: the shipped content tree, and a way to run the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ftawizard.content import Content, load_default_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


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
