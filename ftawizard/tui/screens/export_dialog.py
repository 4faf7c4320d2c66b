"""Export or print the checklist: choose a format, a file and whether to print it.

The dialog only asks; the checklist screen writes the file (and prints it) and says where it
went. Its result is an ``ExportRequest``, or None when the person cancels.
"""

from __future__ import annotations

from pathlib import Path

import attrs
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ftawizard.export.command import EXTENSIONS, FORMAT_OF_SUFFIX, PRINTABLE
from ftawizard.tui.widgets.tickbox import TickBox

FORMAT_LABELS = {
    "pdf": "PDF (to print or send)",
    "text": "Plain text",
    "markdown": "Markdown",
    "html": "HTML page (opens in a browser)",
}


@attrs.frozen
class ExportRequest:
    format: str  # text | markdown | html | pdf
    path: Path
    send_to_printer: bool = False


class FormatButton(RadioButton):
    """A radio button whose state reads without colour: "●" when chosen, blank when not."""

    def __init__(self, label: str, value: bool = False, *, id: str | None = None) -> None:
        super().__init__(label, value, id=id)
        self.BUTTON_INNER = "●" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "
        super().watch_value()


def with_format(path: str, fmt: str) -> str:
    """``path`` with the extension of ``fmt`` when it has a checklist extension (or none)."""
    if not path.strip():
        return path
    current = Path(path)
    if current.suffix.lower() in FORMAT_OF_SUFFIX or not current.suffix:
        return str(current.with_suffix(EXTENSIONS[fmt]))
    return path


def check_path(text: str) -> tuple[Path | None, str]:
    """(the path to write, "") or (None, what is wrong with it)."""
    if not text.strip():
        return None, "Type the name of the file to write."
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        return None, f"{path} is a folder: add a file name (e.g. {path / 'checklist.pdf'})."
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return None, f"The folder {parent} does not exist."
    return path, ""


class ExportDialog(ModalScreen[ExportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
    }
    #export-dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #export-dialog RadioSet {
        width: 100%;
        border: none;
        padding: 0;
    }
    #export-dialog .field-label {
        margin-top: 1;
        text-style: bold;
    }
    #export-path {
        margin: 0;
    }
    #export-problem {
        color: $text-error;
        height: auto;
    }
    #export-exists {
        color: $text-warning;
        height: auto;
    }
    #export-print {
        border: none;
        padding: 0;
        margin-top: 1;
    }
    #export-buttons {
        height: auto;
        margin-top: 1;
    }
    #export-buttons Button {
        margin-right: 2;
    }
    """

    def __init__(self, path: Path, fmt: str = "pdf") -> None:
        super().__init__()
        self.initial_path = path
        self.initial_format = fmt

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = "Export or print the checklist"
            yield Label("Format", classes="field-label")
            with RadioSet(id="export-format"):
                for fmt, label in FORMAT_LABELS.items():
                    yield FormatButton(label, value=fmt == self.initial_format, id=f"format-{fmt}")
            yield Label("File", classes="field-label")
            yield Input(
                value=str(with_format(str(self.initial_path), self.initial_format)),
                id="export-path",
            )
            yield Static("", id="export-exists")
            yield TickBox(
                "Also send it to the printer (text or PDF)", value=False, id="export-print"
            )
            yield Static("", id="export-problem")
            with Horizontal(id="export-buttons"):
                yield Button("Export (Enter)", "primary", id="export", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()
        self._refresh()

    @property
    def format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.initial_format
        return pressed.id.removeprefix("format-")

    def _refresh(self) -> None:
        fmt = self.format
        printer = self.query_one("#export-print", TickBox)
        printer.disabled = fmt not in PRINTABLE
        if printer.disabled:
            printer.value = False
        path, _ = check_path(self.query_one("#export-path", Input).value)
        exists = path is not None and path.exists()
        self.query_one("#export-exists", Static).update(
            "A file with this name exists: it will be replaced." if exists else ""
        )

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        field = self.query_one("#export-path", Input)
        field.value = with_format(field.value, self.format)
        self._refresh()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self.query_one("#export-problem", Static).update("")
        self._refresh()

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_export(self) -> None:
        path, problem = check_path(self.query_one("#export-path", Input).value)
        if path is None:
            self.query_one("#export-problem", Static).update(problem)
            return
        send = self.query_one("#export-print", TickBox).value
        self.dismiss(ExportRequest(self.format, path, send))

    def action_cancel(self) -> None:
        self.dismiss(None)
