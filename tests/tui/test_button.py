"""CompactButton keeps only the styles a compact button reads (tui/widgets/button.py): in
every look and state the app uses, in a dark, a light and the terminal's own (ANSI) theme,
it draws exactly what Textual's compact Button draws."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button

from ftawizard.tui.widgets.button import CompactButton

VARIANTS = ("default", "primary", "error")


class Buttons(App[None]):
    AUTO_FOCUS = None

    def compose(self) -> ComposeResult:
        for variant in VARIANTS:
            yield Button(f"Go {variant}", variant, id=f"textual-{variant}", compact=True)
            yield CompactButton(f"Go {variant}", variant, id=f"ours-{variant}")


def drawn(widget: Widget) -> list[list[tuple[str, str]]]:
    return [
        [(segment.text, str(segment.style)) for segment in strip]
        for strip in widget.render_lines(Region(0, 0, *widget.outer_size))
    ]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark", "ansi-light"])
@pytest.mark.parametrize("variant", VARIANTS)
async def test_a_compact_button_looks_like_textuals_in_every_state(
    theme: str, variant: str
) -> None:
    app = Buttons()
    async with app.run_test(size=(60, 12)) as pilot:
        app.theme = theme
        textual = app.query_one(f"#textual-{variant}", Button)
        ours = app.query_one(f"#ours-{variant}", CompactButton)

        async def looks(button: Button) -> list[list[tuple[str, str]]]:
            await pilot.pause()
            return drawn(button)

        assert ours.outer_size == textual.outer_size
        assert await looks(ours) == await looks(textual)
        for button in (textual, ours):  # focused, then under the mouse
            button.focus()
            focused = await looks(button)
            app.set_focus(None)
            await pilot.hover(button)
            hovered = await looks(button)
            await pilot.hover(None, offset=(59, 11))
            if button is textual:
                expected = (focused, hovered)
        assert (focused, hovered) == expected
        assert len({str(look) for look in (*expected, await looks(textual))}) == 3
        for button in (textual, ours):  # pressed, for a moment
            button.add_class("-active")
        assert await looks(ours) == await looks(textual)
        for button in (textual, ours):
            button.remove_class("-active")
            button.disabled = True
        assert await looks(ours) == await looks(textual)


async def test_a_compact_button_is_pressed_as_textuals_is() -> None:
    pressed: list[str | None] = []

    class Pressing(Buttons):
        def on_button_pressed(self, event: Button.Pressed) -> None:
            pressed.append(event.button.id)

    app = Pressing()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.click("#ours-primary")
        app.query_one("#ours-error").focus()
        await pilot.press("enter")
        await pilot.pause()
    assert pressed == ["ours-primary", "ours-error"]
