"""The reference: a bare Textual app that shows one Label.

    python benchmarks/bare_app.py

benchmarks/run.py starts it exactly like ``ftawizard``: under a pseudo-terminal, with
``TEXTUAL_DRIVER`` set to ``childhooks/first_frame_driver.py``, which makes any Textual app
exit once its first frame is drawn. It is the floor ftawizard's start-up is compared with
(issue 7: "a bare Textual app that draws one frame and exits"); almost all of its time is
importing textual and rich. Run by hand, it stays up until Ctrl+Q.
"""

from textual.app import App, ComposeResult
from textual.widgets import Label


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Hello from a bare Textual app")


if __name__ == "__main__":
    BareApp().run()
