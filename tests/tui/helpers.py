"""Helpers to drive the wizard like a person: type, arrow, Enter."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList

from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.screens.wizard import WizardScreen
from ftawizard.tui.widgets.answers import OptionsAnswer, PickerAnswer, TextAnswer

TODAY = dt.date(2026, 11, 23)


def make_app() -> FtaWizardApp:
    return FtaWizardApp(today=TODAY)


async def type_into(pilot: Pilot[None], widget: Input, text: str) -> None:
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await pilot.press(*list(text) if text else [])


async def answer_current(pilot: Pilot[None], value: object) -> None:
    """Answer the question on screen the way a person would."""
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen)
    widget = screen.answer_widget
    if isinstance(widget, OptionsAnswer):
        index = next(i for i, (choice, _) in enumerate(widget.choices) if choice == value)
        options = widget.query_one(OptionList)
        options.focus()
        await pilot.pause()
        options.highlighted = 0
        await pilot.press(*["down"] * index, "enter")
    elif isinstance(widget, PickerAnswer) and value == "" and widget.empty_choice is not None:
        # nothing is answered by Enter alone: "— none —" is chosen in the list
        await type_into(pilot, widget.query_one(Input), "")
        options = widget.query_one("#picker-options", OptionList)
        options.focus()
        await pilot.pause()
        options.highlighted = [value for value, _ in widget.matches].index(widget.empty_choice[0])
        await pilot.press("enter")
    elif isinstance(widget, PickerAnswer):
        await type_into(pilot, widget.query_one(Input), str(value))
        await pilot.pause()
        await pilot.press("enter")
    else:
        assert isinstance(widget, TextAnswer)
        if widget.kind == "date" and value in (None, ""):
            value = "today"  # (a date is typed: Enter alone answers nothing)
        await type_into(pilot, widget.query_one(Input), "" if value is None else str(value))
        await pilot.press("enter")
    await pilot.pause()


# the application questions (asked after the eligibility ones, for the checklist): the answers
# a persona gives when the wizard asks them
APPLICATION_ANSWERS: dict[str, object] = {
    "apply_from": "outside",
    "travel_by": "air",
    "us_visa": False,
    "canadian_visa_10y": False,
    "worker_age": 40,
    "biometrics_given": False,
    "public_health_job": False,
    "designated_stay": "no",
    "stay_over_6_months": True,
    "spouse_relationship": "married",
    "spouse_age": 38,
    "children_count": 0,
    "children_school_age": 0,
    "children_14_plus": 0,
    "representative": False,
}


async def walk(pilot: Pilot[None], persona: dict[str, object], limit: int = 60) -> list[str]:
    """Answer every question the wizard asks from ``persona`` (and the application questions
    from ``APPLICATION_ANSWERS`` where the persona does not say) until the results show."""
    from ftawizard.tui.screens.review import ReviewScreen

    persona = {**APPLICATION_ANSWERS, **persona}
    asked: list[str] = []
    for _ in range(limit):
        screen = pilot.app.screen
        if isinstance(screen, ReviewScreen):
            await pilot.press("r")  # "Check your answers": these are right, see the results
            await pilot.pause()
            return asked
        if not isinstance(screen, WizardScreen):
            return asked
        assert screen.question is not None
        question_id = screen.question.id
        asked.append(question_id)
        assert question_id in persona, (
            f"the wizard asked {question_id!r}, which the persona does not answer ({asked})"
        )
        await answer_current(pilot, persona[question_id])
        if (
            isinstance(pilot.app.screen, WizardScreen)
            and pilot.app.screen.question
            and pilot.app.screen.question.id == question_id
        ):
            error = str(pilot.app.screen.query_one("#error").render())
            raise AssertionError(f"answer to {question_id!r} was not accepted: {error}")
    raise AssertionError(f"the wizard did not finish: {asked}")


def screen_text(pilot: Pilot[None]) -> str:
    """Everything the current screen shows, as plain text."""
    from textual.widgets import Checkbox, Static

    parts = []
    for widget in pilot.app.screen.query("*"):
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        if isinstance(widget, Checkbox):
            parts.append(str(widget.label))
        title = getattr(widget, "border_title", None)
        if title:
            parts.append(str(title))
    return "\n".join(parts)


def footer_keys(pilot: Pilot[None]) -> list[Widget]:
    """The keys Textual's Footer shows on the current screen, left to right."""
    from textual.widgets import Footer

    footer = pilot.app.screen.query_one(Footer)
    return sorted(footer.query("FooterKey"), key=lambda key: key.region.x)


def drawn_text(widget: Widget) -> str:
    """The lines ``widget`` draws (not its children), as plain text."""
    from textual.geometry import Region

    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join(line.text for line in lines)


async def settled_footer(pilot: Pilot[None], *, shows: str = "palette") -> str:
    """The footer's text once it shows ``shows`` (Textual rebuilds its keys a moment after
    the screen or the focus changes; on a loaded machine that can take a few frames)."""
    for _ in range(40):
        await pilot.pause()
        text = footer_text(pilot)
        if shows in text:
            return text
        await pilot.pause(0.05)
    return footer_text(pilot)


def footer_text(pilot: Pilot[None]) -> str:
    """The footer's keys as drawn, e.g. " esc Back  F1 Help  ^r Results ", the command
    palette's key last."""
    return "".join(drawn_text(key) for key in footer_keys(pilot))


async def click_footer_key(pilot: Pilot[None], description: str) -> None:
    """Click the footer's key whose text shows ``description``."""
    await settled_footer(pilot, shows=description)
    (key,) = [key for key in footer_keys(pilot) if description in drawn_text(key)]
    await pilot.click(key)
    await pilot.pause()


def card_plain_text(card: Widget) -> str:
    """The text of a results card's parts on show (not its title), as plain text."""
    from textual.widgets import Static

    return "\n".join(str(part.render()) for part in card.query(Static) if part.display)
