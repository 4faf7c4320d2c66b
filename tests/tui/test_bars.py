"""The title bar and the footer of keys, each one widget (tui/widgets/bar.py): they show what
Textual's Header and Footer showed, and their parts answer the mouse as those did."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.strip import Strip

from ftawizard.tui.screens.compare import CompareScreen
from ftawizard.tui.screens.results import ResultsScreen
from ftawizard.tui.widgets.footer import KeyFooter
from ftawizard.tui.widgets.title_bar import TitleBar
from tests.tui.helpers import bar_text, make_app
from tests.tui.test_results_cards import show_results


def style_at(line: Strip, column: int) -> Style:
    (segment,) = line.crop(column, column + 1)
    assert segment.style is not None
    return segment.style


async def click_on(pilot, bar: str, text: str) -> None:
    """Click the first cell of ``text`` where the bar draws it."""
    column = bar_text(pilot, bar).index(text)
    await pilot.click(bar, offset=(column, 0))
    await pilot.pause()


async def test_the_title_bar_centres_the_title_and_its_icon_opens_the_command_palette() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = bar_text(pilot, "TitleBar")
        title = f"{app.title} — {app.sub_title}"
        assert line.startswith(" ⭘ ") and title in line
        middle = line[8:-10]  # between the icon's 8 cells and the 10 kept on the right
        assert abs(len(middle) - len(middle.rstrip()) - (len(middle) - len(middle.lstrip()))) <= 1
        await click_on(pilot, "TitleBar", "⭘")
        assert isinstance(app.screen, CommandPalette)


async def test_a_long_title_ends_with_an_ellipsis() -> None:
    app = make_app()
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        line = bar_text(pilot, "TitleBar")
        assert len(line) == 50 and "…" in line and line.startswith(" ⭘ ")


@pytest.mark.parametrize(
    ("width", "keys"),
    [
        (100, " esc Back  F1 Help  ^r Results  ^s Save "),
        (40, " esc Back  F1 Help "),  # narrow: the keys are cut, the palette's stays
    ],
)
async def test_the_footer_shows_the_screens_keys_with_the_palette_key_on_the_right(
    width: int, keys: str
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        app.start("worker")
        await pilot.pause()
        line = bar_text(pilot)
        assert line.startswith(keys) and line.endswith("▏^p palette ") and len(line) == width


async def test_a_click_on_a_key_in_the_footer_presses_it() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await show_results(pilot)
        await click_on(pilot, "KeyFooter", "Compare routes")
        assert isinstance(app.screen, CompareScreen)
        await click_on(pilot, "KeyFooter", "Back to the results")
        assert isinstance(app.screen, ResultsScreen)
        await click_on(pilot, "KeyFooter", "^p")
        assert isinstance(app.screen, CommandPalette)


async def test_the_key_under_the_mouse_is_highlighted() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await show_results(pilot)
        footer = app.screen.query_one(KeyFooter)

        def background(text: str) -> Style:
            column = bar_text(pilot).index(text)
            (line,) = footer.render_lines(footer.region.reset_offset)
            return style_at(line, column)

        plain = background("Compare routes")
        await pilot.hover(KeyFooter, offset=(bar_text(pilot).index("Compare routes"), 0))
        await pilot.pause()
        hovered = background("Compare routes")
        assert hovered.bgcolor != plain.bgcolor
        assert background("Checklist").bgcolor == plain.bgcolor


class KeysScreen(Screen[None]):
    BINDINGS = [
        Binding("a,plus", "add", "Add"),  # two keys, one action: shown once, as "a"
        Binding("r", "remove", "Remove"),
        Binding("x", "hidden", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "remove" else True  # shown, but not available now

    def action_add(self) -> None:
        self.done.append("add")

    def action_remove(self) -> None:
        self.done.append("remove")


class KeysApp(App[None]):
    CSS_PATH = "../../ftawizard/tui/app.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.bells = 0

    def on_mount(self) -> None:
        self.push_screen(KeysScreen())

    def bell(self) -> None:
        self.bells += 1


async def test_one_key_per_action_and_a_key_not_available_is_dimmed_and_rings_the_bell() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        footer = screen.query_one(KeyFooter)
        assert [(key.description, key.enabled) for key in footer.shown] == [
            ("Add", True),
            ("Remove", False),
            ("palette", True),
        ]
        line = bar_text(pilot)
        assert line.startswith(" a Add  r Remove ") and "Hidden" not in line
        (drawn,) = footer.render_lines(footer.region.reset_offset)
        # dimmed: Textual draws dim text in a colour nearer the background
        remove, add = style_at(drawn, line.index("Remove")), style_at(drawn, line.index("Add"))
        assert remove.color != add.color and remove.bgcolor == add.bgcolor
        await click_on(pilot, "KeyFooter", "Remove")
        assert screen.done == [] and app.bells == 1
        await click_on(pilot, "KeyFooter", "Add")
        assert screen.done == ["add"] and app.bells == 1
