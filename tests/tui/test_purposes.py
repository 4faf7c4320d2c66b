"""Workers who come for something other than a job with a Canadian employer: a transfer
within the company, a service contract of a foreign employer. Driven through the wizard
like a person, to the results (and the comparison)."""

from __future__ import annotations

from ftawizard.engine.evaluate import Verdict
from ftawizard.engine.flow import NO_ANSWER
from ftawizard.tui.screens.compare import CompareScreen
from ftawizard.tui.screens.results import ResultsScreen, RouteCard
from tui.helpers import card_plain_text, make_app, walk

# answers a persona may be asked whatever the purpose (the wizard asks only what matters)
COMMON = {
    "permanent_residence": NO_ANSWER,
    "application_date": "2026-11-23",
    "controls_canadian_employer": False,
    "education_field_related": True,
    "experience_years": 10,
    "province": "ON",
    "occupation_regulated": False,
    "licensed": True,
    "language_ok": True,
    "spouse": False,
    "offered_wage_hourly": 60,
    "prevailing_wage_hourly": 45,
    "home_licence": True,
}


async def results_for(pilot, persona: dict[str, object]) -> ResultsScreen:
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    await walk(pilot, persona)
    screen = pilot.app.screen
    assert isinstance(screen, ResultsScreen)
    return screen


def card_text(screen: ResultsScreen, route_id: str) -> str:
    """The text of the card the results show for ``route_id``."""
    assert screen.assessment is not None
    route = screen.assessment.route(route_id)
    assert route is not None, f"no route {route_id!r} on these answers"
    title = f"{route.agreement.short} · {route.category.name} · {route.category.exemption_code}"
    for card in screen.query(RouteCard):
        if str(card.border_title).startswith(title):
            return card_plain_text(card)
    raise AssertionError(f"no card titled {title!r}")


def assert_open(screen: ResultsScreen, route_id: str) -> str:
    assert screen.assessment is not None
    route = screen.assessment.route(route_id)
    assert route is not None, f"no route {route_id!r} on these answers"
    failed = [reason.text for reason in route.reasons if reason.met is not True]
    assert route.verdict is Verdict.ELIGIBLE, (route.verdict, failed, route.missing)
    text = card_text(screen, route_id)
    assert text.startswith("✓ ELIGIBLE")
    assert "Length: " in text
    return text


async def test_mexican_executive_transferred_under_cusma() -> None:
    """CUSMA intra-company transferee, executive: a year of continuous full-time employment
    in the last 3 years, in a similar position, with a related Canadian enterprise."""
    persona = {
        **COMMON,
        "citizenship": "Mexico",
        "purpose": "transfer",
        "noc": "00012",  # senior managers, business services
        "cusma_profession": NO_ANSWER,  # none of the CUSMA professions
        "ict_role": "executive_manager",
        "ict_months": 24,
        "ict_relationship": True,
        "ict_same_position": True,
        "employer_country": "Mexico",
        "education_level": "bachelor",
        "education_years": 4,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await results_for(pilot, persona)
        text = assert_open(screen, "cusma.ict_executive")
        assert "Up to 3 years" in text
        # transferees are compared like any other open route
        await pilot.press("c")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert "cusma.ict_executive" in [column.route_id for column in compare.columns]


async def test_german_engineer_on_a_ceta_service_contract() -> None:
    """CETA contractual service supplier: an engineer employed for more than a year by a
    German firm with no establishment in Canada, on its engineering contract with a Canadian
    client, paid by the German firm."""
    persona = {
        **COMMON,
        "citizenship": "Germany",
        "purpose": "service_contract",
        "service_sector": "engineering",
        "noc": "21300",  # civil engineers
        "technologist_field": "neither",
        "education_level": "master",
        "education_years": 5,
        "employer_country": "Germany",
        "canadian_establishment": False,
        "employer_years": 3,
        "paid_by_foreign_employer": True,
        "stay_months_24": 0,
        "gats_occupation": "engineer",
        "gats_excluded_sector": False,
        "placement_agency": False,
        "credentials_recognized": True,
        "gats_days_12": 0,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await results_for(pilot, persona)
        assert_open(screen, "ceta.service_supplier")


async def test_indian_engineer_under_gats() -> None:
    """GATS professional: an engineer with a bachelor's degree, credentials recognized by the
    Canadian association, on a contract of an Indian firm with a Canadian client."""
    persona = {
        **COMMON,
        "citizenship": "India",
        "purpose": "service_contract",
        "gats_occupation": "engineer",
        "gats_excluded_sector": False,
        "placement_agency": False,
        "credentials_recognized": True,
        "gats_days_12": 0,
        "noc": "21300",
        "education_level": "bachelor",
        "education_years": 4,
        "employer_country": "India",
        "canadian_establishment": False,
        "employer_years": 3,
        "paid_by_foreign_employer": True,
    }
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await results_for(pilot, persona)
        text = assert_open(screen, "gats.professional")
        assert "90 days" in text
