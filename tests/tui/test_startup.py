"""`ftawizard` opens on the start screen before it loads the content and the saved sessions
(issue 7: the window must open at once); what needs them appears just after, and nothing
the person does in between is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest
from textual.widgets import OptionList, Static

from ftawizard.content import ContentInvalid, ContentProblem, load_default_content
from ftawizard.content.models import Content
from ftawizard.sessions.service import store_for
from ftawizard.sessions.store import SessionStore
from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.screens.start import StartScreen
from ftawizard.tui.screens.wizard import WizardScreen
from tests.tui.helpers import TODAY


class Loader:
    """Stands for cli._content_and_store: notes what was on screen when it was called."""

    def __init__(self, store: SessionStore | None = None, error: Exception | None = None):
        self.store = store
        self.error = error
        self.calls: list[str] = []
        self.app: FtaWizardApp | None = None

    def __call__(self) -> tuple[Content, SessionStore | None]:
        assert self.app is not None
        screen = self.app.screen
        self.calls.append(type(screen).__name__ if screen.is_mounted else "nothing")
        if self.error is not None:
            raise self.error
        return load_default_content(), self.store


def app_with(loader: Loader) -> FtaWizardApp:
    app = FtaWizardApp(today=TODAY, load=loader)
    loader.app = app
    return app


async def test_start_screen_is_up_before_the_content_loads(tmp_path: Path) -> None:
    content = load_default_content()
    store = store_for(content, str(tmp_path))
    store.create("Ana Lopez", {"perspective": "worker", "citizenship": "MX"}, content.version)
    loader = Loader(store)
    app = app_with(loader)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        # The content comes in after the first frame; on a loaded machine that takes a few
        # more frames than one pause.
        agreements = ""
        for _ in range(50):
            agreements = str(screen.query_one("#agreements", Static).render())
            if agreements:
                break
            await pilot.pause(0.02)
        assert loader.calls == ["StartScreen"]  # once, with the start screen already shown
        for name in ("CPTPP", "CUSMA", "GATS"):
            assert name in agreements
        sessions = screen.query_one("#sessions", OptionList)
        assert sessions.display and sessions.option_count == 1
        assert "Ana Lopez" in str(sessions.get_option_at_index(0).prompt)


async def test_the_command_keeps_no_source_of_attrs_methods_once_loaded(tmp_path: Path) -> None:
    """The ``ftawizard`` command (``freeze_gc``) lets go of the source text attrs keeps for
    the methods it writes (memory); tests and other callers keep it."""
    import gc
    import linecache

    def attrs_sources() -> list[str]:
        attrs.make_class("Probe", ["one"], frozen=True)  # at least one, written just now
        return [name for name in linecache.cache if name.startswith("<attrs generated")]

    loader = Loader(store_for(load_default_content(), str(tmp_path)))
    app = app_with(loader)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        app.freeze_long_lived()
        assert attrs_sources()  # not the command: kept
        app.freeze_gc = True
        try:
            attrs.make_class("Probe", ["one"], frozen=True)
            app.freeze_long_lived()
            assert not [name for name in linecache.cache if name.startswith("<attrs generated")]
        finally:
            gc.unfreeze()


async def test_a_choice_made_before_the_content_loads_is_carried_out(tmp_path: Path) -> None:
    loader = Loader(store_for(load_default_content(), str(tmp_path)))
    app = app_with(loader)
    # as if the person pressed "w" before the load that follows the first frame ran
    app._load_after_first_frame = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert loader.calls == []
        assert isinstance(app.screen, StartScreen)
        await pilot.press("w")
        await pilot.pause()
        assert loader.calls == ["StartScreen"]
        assert isinstance(app.screen, WizardScreen)
        assert app.state.answers["perspective"] == "worker"


async def test_an_invalid_content_tree_closes_the_app_with_its_problems() -> None:
    problem = ContentProblem("agreements/cptpp.toml", 12, "unknown key 'minimum'")
    loader = Loader(error=ContentInvalid([problem]))
    app = app_with(loader)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
    assert loader.calls == ["StartScreen"]
    assert app.return_code == 1
    assert app.load_error is not None and app.load_error.problems == [problem]


def _run_in_terminal(args: list[str], home: Path, seconds: float = 60) -> tuple[int, str]:
    """Run ``ftawizard`` on a pseudo-terminal (it refuses to start its screen without one);
    return its exit status and what it wrote to stderr."""
    try:
        primary, secondary = os.openpty()
    except OSError:  # pragma: no cover - a machine with no pseudo-terminals
        pytest.skip("no pseudo-terminal on this machine")
    env = {**os.environ, "FTAWIZARD_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("TEXTUAL_DRIVER", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "ftawizard", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(secondary)
    deadline = time.monotonic() + seconds
    try:
        while process.poll() is None and time.monotonic() < deadline:
            try:
                os.read(primary, 65536)  # what the screen shows; the terminal must be read
            except OSError:
                break
        _, stderr = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:  # pragma: no cover - only if the app hangs
            process.kill()
        os.close(primary)
    return process.returncode, stderr.decode("utf-8", "replace")


def test_ftawizard_reports_an_invalid_content_tree_with_file_and_line(
    content_copy: Path, tmp_path: Path
) -> None:
    file = content_copy / "agreements" / "cptpp.toml"
    text = file.read_text(encoding="utf-8")
    marker = 'id = "experience"\nkind = "condition"'
    assert marker in text
    file.write_text(text.replace(marker, marker + "\nminimum = 2", 1), encoding="utf-8")
    line = file.read_text(encoding="utf-8").splitlines().index("minimum = 2") + 1
    home = tmp_path / "home"
    code, stderr = _run_in_terminal(["--content", str(content_copy)], home)
    assert code == 1
    assert f"agreements/cptpp.toml:{line}: " in stderr
    assert "unknown key 'minimum'" in stderr
    assert "the content tree has 1 problem" in stderr
    assert "Traceback" not in stderr
    shutil.rmtree(home, ignore_errors=True)
