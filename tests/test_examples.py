"""The example answer files shown in the README print what the sources say."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftawizard.answers_file import read_answers_file
from ftawizard.engine import assess_to_dict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EXPECTED = {
    # CPTPP PDI (2024-10-03), Mexico professionals: all TEER 0/1 except the listed groups;
    # CUSMA Appendix 2 "Engineer"; T53 for spouses of Mexican professionals.
    "mexican-civil-engineer.toml": {
        "cptpp.professional": "eligible",
        "cptpp.technician": "not_eligible",
        "cptpp.spouse": "eligible",
        "cusma.professional": "eligible",
    },
    # CPTPP PDI, Japan technicians: industrial designers listed; associate's degree required.
    "japanese-industrial-designer.json": {
        "cptpp.professional": "not_eligible",
        "cptpp.technician": "eligible",
        "cptpp.spouse": "not_eligible",
    },
    # CPFTA technicians list "Chefs"; CPTPP Peru technicians do not; CPTPP prevailing wage.
    "peruvian-chef.toml": {
        "cpfta.professional": "not_eligible",
        "cpfta.technician": "eligible",
        "cptpp.professional": "not_eligible",
        "cptpp.technician": "not_eligible",
    },
    # CUSMA professionals PDI: a Registered Nurse needs a licence from the province of destination.
    "american-registered-nurse.toml": {"cusma.professional": "not_eligible"},
    # CPTPP PDI: the professionals provisions do not apply to citizens of New Zealand (only
    # its transferee categories do, and this manager has a job offer, not a transfer).
    "new-zealand-manager.json": {},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(name: str) -> None:
    result = assess_to_dict(read_answers_file(str(EXAMPLES / name)))
    verdicts = {route["id"]: route["verdict"] for route in result["routes"]}
    assert {route: verdicts.get(route) for route in EXPECTED[name]} == EXPECTED[name]
    # every example comes for a job offer: the transferee, trader, investor and service
    # contract routes the citizenship also opens (and GATS) are not for them
    others = {route: verdict for route, verdict in verdicts.items() if route not in EXPECTED[name]}
    assert set(others.values()) <= {"not_eligible"}, others


def test_every_example_is_checked() -> None:
    assert {path.name for path in EXAMPLES.iterdir()} == set(EXPECTED)
