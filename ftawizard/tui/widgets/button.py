"""The wizard's buttons: Textual's Button, compact, with only the styles such a button uses."""

from __future__ import annotations

from textual.content import ContentText
from textual.widgets import Button
from textual.widgets._button import ButtonVariant


class CompactButton(Button, inherit_css=False):
    """A compact Button (no border) in the default, primary or error look.

    Textual's Button brings about 60 style rules for every look it has (flat, bordered,
    success, warning…), parsed and held for the whole run: a quarter of a MiB. This one
    keeps the rules a compact button in those three looks reads, as Textual writes them
    (Textual 8.2), so it looks and behaves the same. Not inheriting Button's styles also
    means a style rule must name ``CompactButton``: ``Button`` no longer matches it."""

    DEFAULT_CSS = """
    CompactButton {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border: none;

        &:disabled {
            text-opacity: 0.6;
            pointer: not-allowed;
        }
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            background: $surface-darken-1;
        }
        &.-active {
            background: $surface;
            tint: $background 30%;
        }
        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            &:hover {
                background: $primary-darken-2;
            }
            &.-active {
                background: $primary;
            }
        }
        &.-error {
            color: $button-color-foreground;
            background: $error;
            &:hover {
                background: $error-darken-1;
            }
            &.-active {
                background: $error;
            }
        }
    }
    /* the terminal's own colours (ANSI themes); as in Textual, a disabled or pressed button
       has a border there */
    CompactButton:ansi {
        background: ansi_default;
        &:disabled {
            text-opacity: 1;
            text-style: bold dim;
            border: tall $border-blurred !important;
            background: ansi_default !important;
            pointer: not-allowed;
            &:hover {
                background: ansi_default;
            }
        }
        &:hover {
            background: $ansi-background;
        }
        &.-active {
            background: $ansi-background !important;
            border: blank $background !important;
            tint: transparent;
        }
        &.-primary {
            color: $primary;
            background: ansi_default;
            &:hover {
                background: $ansi-background;
            }
        }
        &.-error {
            color: $error;
            background: ansi_default;
            &:hover {
                background: $ansi-background;
            }
        }
    }
    """

    def __init__(
        self,
        label: ContentText,
        variant: ButtonVariant = "default",
        *,
        id: str,
    ) -> None:
        super().__init__(label, variant, id=id, compact=True)
