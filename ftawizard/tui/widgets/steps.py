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

    _shown: list[tuple[str, str]] | None = None

    def show_steps(self, steps: Sequence[tuple[str, str]], current: str | None) -> None:
        """``steps`` are (question id, line) pairs, already worded by the screen.

        Only what changed is redrawn: the same steps keep their options (a changed line is
        replaced in place), so moving through the questions does not rebuild the list."""
        steps = list(steps)
        shown = self._shown
        if shown is None or [step for step, _ in shown] != [step for step, _ in steps]:
            # one line per step: long answers are cut with "…" rather than wrapped
            self.set_options([Option(self._line(line), id=step) for step, line in steps])
        elif shown != steps:
            for index, ((_, before), (_, line)) in enumerate(zip(shown, steps, strict=True)):
                if before != line:
                    self.replace_option_prompt_at_index(index, self._line(line))
        self._shown = steps
        for index, (question_id, _) in enumerate(steps):
            if question_id == current:
                if self.highlighted != index:
                    self.highlighted = index
                self.scroll_to_highlight()
                break
        else:
            self.highlighted = None

    @staticmethod
    def _line(line: str) -> Text:
        return Text(line, no_wrap=True, overflow="ellipsis")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(StepChosen(event.option.id))
