"""The start screen and the About screen say how old the rules are; a year after that date the
start screen warns that the rules may have changed."""

from __future__ import annotations

from textual.widgets import Static

from ftawizard.content import load_default_content
from ftawizard.content.rules_age import add_months, rules_as_of
from ftawizard.tui.app import FtaWizardApp
from ftawizard.tui.screens.about import AboutScreen
from ftawizard.tui.screens.start import StartScreen


async def start_text(app: FtaWizardApp) -> str:
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        return str(screen.query_one("#agreements", Static).render())


async def test_the_start_screen_shows_the_rules_date_and_a_notice_a_year_later() -> None:
    content = load_default_content()
    as_of = rules_as_of(content)
    assert as_of is not None
    fresh = await start_text(FtaWizardApp(content, today=as_of))
    assert f"Rules as of {as_of.isoformat()} (content {content.version})" in fresh
    assert "Notice" not in fresh
    late = await start_text(FtaWizardApp(content, today=add_months(as_of, 12)))
    assert f"Rules as of {as_of.isoformat()}" in late
    assert "Notice" in late and "may have changed" in late and "IRCC" in late


async def test_the_about_screen_shows_the_rules_date_and_the_sources_oldest_checked_first() -> None:
    content = load_default_content()
    as_of = rules_as_of(content)
    assert as_of is not None
    app = FtaWizardApp(content, today=add_months(as_of, 12))
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AboutScreen)
        text = "\n".join(str(part.render()) for part in screen.query(Static))
        assert f"Rules as of {as_of.isoformat()} (content {content.version})" in text
        assert "may have changed" in text
        assert "the least recently checked first" in text
        assert f"checked {as_of.isoformat()}" in text
