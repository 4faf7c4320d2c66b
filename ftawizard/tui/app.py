"""The Textual application: holds the content, the session state and the search indexes,
and wires the screens together. Rules live in the engine; words live in the content tree."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from ftawizard import __version__
from ftawizard.tui.messages import ContentLoaded

# The content and session modules (and attrs under them) are imported where they are used,
# not here: the ``ftawizard`` command draws its start screen before it loads them.
if TYPE_CHECKING:
    from rich.console import RenderableType

    from ftawizard.content.errors import ContentInvalid
    from ftawizard.content.models import Content
    from ftawizard.sessions.schema import SessionRecord
    from ftawizard.sessions.service import OpenSession
    from ftawizard.sessions.state import WizardState
    from ftawizard.sessions.store import SessionStore
    from ftawizard.tui.screens.wizard import WizardScreen

    # what the app loads after its first frame: the content tree and the session store
    Loader = Callable[[], tuple[Content, SessionStore | None]]


EXIT_INTERRUPTED = 130  # stopped with Ctrl+C, as plain mode
HOLD_AT_MOST = 1.0  # seconds: keys typed after an Enter wait at most this for the next question


class FtaWizardApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "ftawizard"
    SUB_TITLE = "LMIA-exempt work permits under trade agreements"  # fits 80 columns
    # the screen's class for its height: the layout is tightened on a short terminal
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        # Ctrl+C stops, as in plain mode and most terminal programs: the answers are saved
        # and, once the screen is closed, the command to resume is printed
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True),
        Binding("f2", "about", "About", show=False),
        Binding("ctrl+s", "save_as", "Save", show=False),
    ]

    def __init__(
        self,
        content: Content | None = None,
        state: WizardState | None = None,
        *,
        today: dt.date | None = None,
        store: SessionStore | None = None,
        resume: SessionRecord | None = None,
        freeze_gc: bool = False,
        load: Loader | None = None,
    ) -> None:
        """``freeze_gc``: the app is the process's only job (the ``ftawizard`` command).
        What is loaded by the first frame (content, Textual, the start screen) lives as long
        as the process, so it is moved out of the garbage collector's sight (``gc.freeze``):
        otherwise every full collection walks it again, a pause of 100–200 ms in the middle
        of a screen change.

        ``load``: instead of ``content`` and ``store``, how to get them. The start screen is
        then drawn first and the content and sessions are loaded just after the first frame
        (or as soon as anything needs them), so the window opens without waiting for them.
        If the content tree is invalid, the app exits and ``load_error`` holds the problems."""
        super().__init__()
        self.freeze_gc = freeze_gc
        self._load = load
        self.load_error: ContentInvalid | None = None
        self._content = content
        if content is None and load is None:
            from ftawizard.content import load_default_content

            self._content = load_default_content()
        self.state: WizardState
        if state is not None:
            self.state = state
        elif self._content is not None:
            self.state = _blank_state()
        self.today = today or dt.date.today()
        self.store = store
        self.session: OpenSession | None = None
        self._resume = resume
        self._lock = contextlib.ExitStack()
        self._wizard: WizardScreen | None = None
        self._unsaved = False  # a save is due after the next refresh
        self._held_keys: list[events.Key | events.Paste] | None = None  # see on_event
        self._hold_timer: Timer | None = None
        # a new assessment is saved from its first answer: no session file for a false start
        self._unsaved_new = False
        self._quitting = False

    def get_default_screen(self) -> Screen[None]:
        # the start screen is the app's first screen, composed with the first frame (pushing
        # it from on_mount drew a blank frame first)
        from ftawizard.tui.screens.start import StartScreen

        if self._resume is not None:
            # ``ftawizard resume`` opens on the wizard: the start screen (about 20 widgets,
            # 1 MiB) is built only if the person goes back to it (``back_to_start``)
            return Screen()
        return StartScreen()

    def back_to_start(self) -> None:
        """Leave the wizard (kept for later) for the start screen."""
        from ftawizard.tui.screens.start import StartScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        if not isinstance(self.screen, StartScreen):
            # resumed: the start screen is built now, and kept (installed) above the blank
            # first screen, as the wizard is
            if not self.is_screen_installed("start"):
                self.install_screen(StartScreen(), "start")
            self.push_screen("start")

    @property
    def content(self) -> Content:
        """The content tree (loaded now if the app was started with ``load`` and the first
        frame has not triggered it yet)."""
        if self._content is None and not self.loaded():
            raise RuntimeError("the content tree could not be loaded")  # the app is exiting
        assert self._content is not None
        return self._content

    @property
    def load_pending(self) -> bool:
        """The start screen is up and the content has not been loaded yet."""
        return self._content is None and self.load_error is None

    def loaded(self) -> bool:
        """Whether the content and session store are there, loading them first if they are
        not. False when the content tree is invalid: the app then exits with the problems in
        ``load_error`` (``run_app`` reports them on the terminal, as the command always did)."""
        if self._content is not None:
            return True
        if self._load is None or self.load_error is not None:
            return False
        from ftawizard.content.errors import ContentInvalid

        try:
            self._content, self.store = self._load()
        except ContentInvalid as error:
            self.load_error = error
            self.exit(return_code=1)
            return False
        if not hasattr(self, "state"):
            self.state = _blank_state()
        self.screen.post_message(ContentLoaded())
        self.tell_save_problem()
        return True

    def tell_save_problem(self) -> None:
        """Say at the start, not after the last question, when answers cannot be saved
        (the sessions folder is a file, or cannot be written)."""
        problem = self.store.save_problem() if self.store is not None else None
        if problem is not None:
            self.notify(
                f"{problem}. Your answers will not be kept.",
                title="Sessions cannot be saved",
                severity="warning",
                timeout=20,
            )

    def on_mount(self) -> None:
        if self._content is not None and self._resume is None:
            self.tell_save_problem()
        if self._resume is not None:
            self.resume(self._resume)
        if self._content is None:
            # after the start screen's first frame: the content and the sessions list
            self.call_after_refresh(self._load_after_first_frame)
        elif self.freeze_gc:
            self.call_after_refresh(self.freeze_long_lived)

    def _load_after_first_frame(self) -> None:
        if self._quitting:
            return  # quit before anything was loaded: nothing to load
        if self.loaded():
            self.freeze_long_lived()

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        self._quitting = True
        super().exit(result, return_code, message)

    # ------------------------------------------------------------------ keys typed ahead
    async def on_event(self, event: events.Event) -> None:
        """Keys typed after an Enter that confirms an answer wait until the answer is taken
        and the next question shown (``release_keys``): otherwise they would reach the
        question just left, which is still on screen for a moment. Pasted text too."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._held_keys is not None:
                self._held_keys.append(event)
                return
            if isinstance(event, events.Key) and event.key == "enter" and self._holds(event):
                self.hold_keys()
        await super().on_event(event)

    def hold_keys(self) -> None:
        """Hold the keys typed from now until the next question is shown (``release_keys``),
        and at most ``HOLD_AT_MOST`` seconds, in case nothing releases them."""
        if self._held_keys is None:
            self._held_keys = []
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self.release_keys)

    def _holds(self, event: events.Key) -> bool:
        from ftawizard.tui.screens.wizard import WizardScreen

        screen = self.screen
        return isinstance(screen, WizardScreen) and screen.holds_keys_after_enter(self.focused)

    def release_keys(self) -> None:
        """Deliver the keys held since an Enter, in order, to whatever has the keyboard now."""
        held, self._held_keys = self._held_keys, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for event in held or ():
            again = (
                events.Key(event.key, event.character)
                if isinstance(event, events.Key)
                else events.Paste(event.text)
            )
            again.set_sender(self)  # as from the terminal (it bubbles back up to the app)
            self.post_message(again)

    def action_interrupt(self) -> None:
        self.exit(return_code=EXIT_INTERRUPTED)

    def freeze_long_lived(self) -> None:
        """Exempt everything alive now from garbage collection (see ``freeze_gc``); called
        again once the occupation search index is built. And let go of the source text of
        the methods attrs wrote for the model classes (``__init__``, ``__eq__``…), which it
        keeps for tracebacks: 0.2 MiB that a running wizard never reads."""
        if self.freeze_gc:
            import linecache

            for name in [name for name in linecache.cache if name.startswith("<attrs generated")]:
                del linecache.cache[name]
            gc.freeze()

    def on_unmount(self) -> None:
        self.save_now()  # an answer given just before quitting
        self._lock.close()

    # ------------------------------------------------------------------ session
    def _hold(self, record: SessionRecord) -> bool:
        """Lock ``record`` for this process (releasing the previous one)."""
        from ftawizard.sessions.service import OpenSession
        from ftawizard.sessions.store import SessionConflict, SessionError

        assert self.store is not None
        self.save_now()  # the session being left keeps its last change
        self._lock.close()
        self._lock = contextlib.ExitStack()
        try:
            self._lock.enter_context(self.store.locked(record.id))
        except SessionError as error:
            title = "Session in use" if isinstance(error, SessionConflict) else "Cannot open"
            self.notify(str(error), title=title, severity="error", timeout=10)
            return False
        self.session = OpenSession(self.store, record, self.content)
        return True

    def start(self, perspective: str) -> None:
        """A new assessment, as the worker or as the employer (saved from the first answer)."""
        from ftawizard.sessions.state import WizardState
        from ftawizard.sessions.store import SessionError
        from ftawizard.tui.screens.wizard import WizardScreen

        if not self.loaded():
            return
        self.save_now()
        self.state = WizardState(answers={"perspective": perspective})
        self.session = None
        self._unsaved_new = False
        if self.store is not None:
            # the session file is made with the first answer (a false start leaves none),
            # but a folder that cannot hold it is told now, not after the last question
            try:
                problem = self.store.save_problem()
            except (OSError, SessionError) as error:
                problem = str(error)
            if problem is not None:
                self.notify(f"Sessions cannot be saved: {problem}", severity="error", timeout=10)
            else:
                self._unsaved_new = True
        self.switch_to_wizard(WizardScreen)

    def _save_new(self) -> None:
        """Make the session file of a new assessment (at its first answer, or when the
        person asks to save) and hold it."""
        from ftawizard.sessions.store import SessionError

        self._unsaved_new = False
        if self.store is None or self.session is not None:
            return
        try:
            record = self.store.create(None, dict(self.state.answers), self.content.version)
        except (OSError, SessionError) as error:
            self.notify(f"Sessions cannot be saved: {error}", severity="error", timeout=10)
        else:
            self._hold(record)

    def resume(self, record: SessionRecord) -> None:
        from ftawizard.sessions.service import changes_since, to_state
        from ftawizard.tui.screens.wizard import WizardScreen

        if self.store is not None and not self._hold(record):
            return
        self._unsaved_new = False
        self.state = to_state(record, self.content)
        changes = changes_since(self.content, record.content_version)
        if changes:
            self.notify(
                "This session was answered with content "
                f"{record.content_version}; it is assessed with the current rules. "
                "Changed since: " + " · ".join(changes),
                title="The rules changed",
                timeout=20,
            )
        self.switch_to_wizard(WizardScreen)

    def switch_to_wizard(self, screen_class: type[WizardScreen]) -> None:
        """Show the wizard for ``self.state``. One wizard screen is built per app and kept
        (installed), so a new or resumed assessment reuses it instead of building another.
        Only the start screen stays under it: no stack of past screens."""
        wizard = self._wizard
        if wizard is None:
            wizard = self._wizard = screen_class()
            self.install_screen(wizard, "wizard")
        while len(self.screen_stack) > 1 and self.screen is not wizard:
            self.pop_screen()
        if wizard.is_mounted:
            wizard.reset()  # a new screen resets itself once mounted
        if self.screen is not wizard:
            self.push_screen(wizard)

    def continue_wizard(self) -> None:
        from ftawizard.tui.screens.wizard import WizardScreen

        self.switch_to_wizard(WizardScreen)

    def answers_changed(self) -> None:
        """After every accepted answer, step change and tick: save the session, once the
        screen that shows the change is drawn (a save waits for the disk, twice). A new
        assessment's session file is made with its first answer (the role is not one)."""
        if self.session is None and self._unsaved_new and set(self.state.answers) - {"perspective"}:
            self._save_new()
        if self.session is None or self._unsaved:
            return
        self._unsaved = True
        self.call_after_refresh(self.save_now)

    def save_now(self) -> None:
        """Save the session if an answer, step or tick is not saved yet."""
        if self.session is None or not self._unsaved:
            return
        from ftawizard.sessions.store import SessionError

        self._unsaved = False
        try:
            self.session.save(self.state)
        except (OSError, SessionError) as error:
            self.notify(f"Not saved: {error}", title="Session", severity="error", timeout=10)

    def action_save_as(self) -> None:
        from ftawizard.sessions.store import SessionError
        from ftawizard.tui.screens.save import SaveScreen

        if self.session is None and self._unsaved_new:
            self._save_new()  # saved on request, even before the first answer
        if self.session is None:
            self.notify("Start or resume an assessment first.", timeout=4)
            return

        def named(name: str | None) -> None:
            if name is None or self.session is None:
                return
            try:
                self.session.save(self.state)
                self.session.rename(name)
            except (OSError, SessionError) as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.notify(f"Saved as {self.session.record.name!r}.", timeout=4)

        self.push_screen(SaveScreen(self.session.record.name), named)

    # ------------------------------------------------------------------ searches
    def search_countries(self, query: str) -> list[tuple[str, str]]:
        from ftawizard.content.occupations import search_countries

        return [
            (country.code, f"{country.name} ({country.code})")
            for country in search_countries(self.content, query)
        ]

    def search_occupations(self, query: str) -> list[tuple[str, str]]:
        from ftawizard.content.occupations import occupation_index

        date = self.state.answers.get("application_date")
        on = dt.date.fromisoformat(date) if isinstance(date, str) and date else self.today
        system = "noc2021" if on >= self.content.noc_switch_date else "noc2016"
        results = []
        for match in occupation_index(self.content).search(query, limit=30, system=system):
            label = f"{match.code}  {match.title} · {match.level}"
            if match.matched and match.matched.casefold() != match.title.casefold():
                label += f"\n      e.g. {match.matched}"
            results.append((match.code, label))
        return results

    def search_cusma_professions(self, query: str) -> list[tuple[str, str]]:
        from ftawizard.content.occupations import search_cusma_professions

        return [
            (profession.name, profession.name)
            for profession in search_cusma_professions(self.content, query)
        ]

    # ------------------------------------------------------------------ actions
    def action_about(self) -> None:
        from ftawizard.tui.screens.about import AboutScreen

        if not self.loaded():
            return
        self.push_screen(AboutScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "New assessment as the worker",
            "Start again, answering as the worker",
            lambda: self.start("worker"),
        )
        yield SystemCommand(
            "New assessment as the employer",
            "Start again, answering as the employer",
            lambda: self.start("employer"),
        )
        if self.session is not None:
            yield SystemCommand(
                "Save the session as…", "Give this assessment a name (Ctrl+S)", self.action_save_as
            )
        version = self._content.version if self._content is not None else "not loaded yet"
        yield SystemCommand(
            "About ftawizard",
            f"Version {__version__}, content {version}, agreements and sources",
            self.action_about,
        )
        from ftawizard.tui.screens.results import ResultsScreen
        from ftawizard.tui.screens.wizard import WizardScreen

        if isinstance(screen, WizardScreen):
            yield SystemCommand("Next question", "Confirm the answer on screen", screen.action_next)
            yield SystemCommand("Back", "Go to the previous question", screen.action_back)
            yield SystemCommand(
                "Help for this question", "Why it is asked, and its source", screen.action_help
            )
            yield SystemCommand(
                "Show the results", "Every route's verdict so far", screen.action_results
            )
            yield SystemCommand(
                "Check your answers",
                "Every answer on one screen, each one changeable",
                screen.action_review,
            )
            if screen.current_plan is not None:
                from ftawizard.engine.wording import question_prompt

                for step in screen.current_plan.steps:
                    yield SystemCommand(
                        f"Go to step: {step.label}",
                        question_prompt(self.content, step, self.state.answers),
                        lambda step_id=step.id: screen.go_to(step_id),
                        discover=False,
                    )
        from ftawizard.tui.screens.checklist import ChecklistScreen

        if isinstance(screen, ChecklistScreen):
            yield SystemCommand(
                "Export or print the checklist",
                "Text, Markdown, HTML or PDF; to a file or the printer",
                screen.action_export,
            )
        if isinstance(screen, ResultsScreen):
            yield SystemCommand(
                "Compare the open routes",
                "Side by side: length, spouse permit, where to apply, documents, fees (c)",
                screen.action_compare,
            )
            yield SystemCommand(
                "Show the checklist",
                "Documents to gather for the open routes (d)",
                screen.action_checklist,
            )
            yield SystemCommand("Back to the questions", "Change an answer", screen.action_back)
        from ftawizard.tui.screens.compare import CompareScreen

        if isinstance(screen, CompareScreen):
            yield SystemCommand(
                "Checklist for the highlighted route",
                "The documents of that one route (Enter)",
                screen.action_choose,
            )
            yield SystemCommand(
                "Back to the results", "Every route's card (Esc)", screen.action_back
            )


def _blank_state() -> WizardState:
    from ftawizard.sessions.state import WizardState

    return WizardState()


def run_app(
    content: Content | None = None,
    store: SessionStore | None = None,
    record: SessionRecord | None = None,
    *,
    load: Loader | None = None,
    on_invalid: Callable[[ContentInvalid], int] | None = None,
) -> int:
    """Run the wizard; afterwards, tell the person where their answers are. With ``load``,
    the start screen is drawn before the content is loaded; a content tree found invalid
    then closes the app and is reported by ``on_invalid`` (which gives the exit code)."""
    app = FtaWizardApp(
        content, store=store, resume=record, freeze_gc=True, load=load
    )
    app.run()
    if app.load_error is not None:
        if on_invalid is None:
            raise app.load_error
        return on_invalid(app.load_error)
    if app.session is not None:
        name = app.session.record.name
        print(f"Your answers are saved in the session {name!r}.")
        print(
            f"Resume with:  ftawizard resume {app.session.record.id}    (or: ftawizard resume {name!r})"
        )
    return EXIT_INTERRUPTED if app.return_code == EXIT_INTERRUPTED else 0
