"""The step list: where the person is, what they answered, and a way back to any step."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ftawizard.tui.messages import StepChosen


class StepList(OptionList):
    """One line per step that matters: "✓ Citizenship: Mexico", "▶ Occupation (NOC)"."""

    def show_steps(self, steps: Sequence[tuple[str, str]], current: str | None) -> None:
        """``steps`` are (question id, line) pairs, already worded by the screen."""
        self.clear_options()
        # one line per step: long answers are cut with "…" rather than wrapped
        self.add_options(
            [
                Option(Text(line, no_wrap=True, overflow="ellipsis"), id=question_id)
                for question_id, line in steps
            ]
        )
        for index, (question_id, _) in enumerate(steps):
            if question_id == current:
                self.highlighted = index
                self.scroll_to_highlight()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(StepChosen(event.option.id))
