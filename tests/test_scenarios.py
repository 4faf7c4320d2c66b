"""Independent, table-driven checks of the eligibility rules.

The cases live in ``tests/scenarios/*.toml`` (see ``tests/scenarios/README.md``). They were
derived by hand from the public sources (IRCC program delivery instructions and the project's
``agreements.md`` fact sheet), not from the engine or the content tree, so a failure here means
either the engine or the case is wrong: read the case's ``source`` and decide which.

Each case starts from a persona (a complete set of answers), applies ``answers`` and ``remove``,
calls ``ftawizard.engine.assess_to_dict`` and compares the verdicts with ``expect`` (plus the
optional ``expect_*`` checks). On failure the message shows the routes' reasons.

The file also checks the output contract on every scenario, and feeds bad input through the
real command line (``python -m ftawizard assess --answers FILE``).
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
SCENARIO_DIR = TESTS_DIR / "scenarios"
REPO_ROOT = TESTS_DIR.parent

ROUTE_CODES = {
    "cptpp.professional": "T52",
    "cptpp.technician": "T52",
    "cptpp.spouse": "T53",
    "cusma.professional": "T36",
    "cpfta.professional": "F52",
    "cpfta.technician": "F52",
    # agreements.md §0 (codes from 2022-12-15)
    "cusma.ict_executive": "T37",
    "cusma.ict_specialized": "T38",
    "cusma.trader": "T34",
    "cusma.investor": "T35",
    "ccfta.professional": "F22",
    "ccfta.ict_executive": "F23",
    "ccfta.ict_specialized": "F24",
    "ccfta.trader": "F20",
    "ccfta.investor": "F21",
    "cptpp.ict_executive": "T51",
    "cptpp.ict_specialist": "T55",
    "cptpp.ict_trainee": "T54",
    "cptpp.ict_spouse": "T53",
    "cptpp.investor": "T50",
    "cptpp.investor_spouse": "T53",
    "cpfta.ict_executive": "F53",
    "cpfta.ict_trainee": "F54",
    "cpfta.ict_specialist": "F55",
    "cpfta.trader": "F50",
    "cpfta.investor": "F51",
    "ccofta.professional": "F12",
    "ccofta.technician": "F12",
    "ccofta.ict_executive": "F13",
    "ccofta.ict_trainee": "F14",
    "ccofta.ict_specialist": "F15",
    "ccofta.trader": "F10",
    "ccofta.investor": "F11",
    "ccofta.spouse": "T25",
    "ckfta.professional": "F32",
    "ckfta.ict_executive": "F33",
    "ckfta.ict_trainee": "F34",
    "ckfta.ict_specialist": "F35",
    "ckfta.trader": "F30",
    "ckfta.investor": "F31",
    "ckfta.spouse": "F36",
    "cpafta.professional": "F42",
    "cufta.professional": "F72",
    "cufta.ict_executive": "F71",
    "cufta.ict_specialist": "F74",
    "cufta.investor": "F70",
    "cufta.spouse": "F73",
    "gats.professional": "T33",
    "ceta.service_supplier": "T47",
    "cuktca.service_supplier": "F66",
    "ceta.independent_professional": "T43",
    "cuktca.independent_professional": "F60",
    "ceta.technologist": "T48",
    "cuktca.technologist": "F67",
    "ceta.ict_executive": "T44",
    "cuktca.ict_executive": "F61",
    "ceta.ict_specialist": "T41",
    "cuktca.ict_specialist": "F63",
    "ceta.ict_trainee": "T42",
    "cuktca.ict_trainee": "F62",
    "ceta.spouse": "T45",
    "cuktca.spouse": "F64",
    "ceta.investor": "T46",
    "cuktca.investor": "F65",
}
ROUTE_IDS = frozenset(ROUTE_CODES)
# Maximum initial permit length in months: CPTPP 1 year (spouse: matches the principal),
# CUSMA 3 years, Canada-Peru 1 year (agreements.md §1, §2.2, §2.3, §3).
MAX_MONTHS = {
    "cptpp.professional": 12,
    "cptpp.technician": 12,
    "cptpp.spouse": 12,
    "cusma.professional": 36,
    "cpfta.professional": 12,
    "cpfta.technician": 12,
    # agreements.md §1, §4: transferees 3 years, traders and investors 1 year, Chile
    # professionals 3 years
    "cusma.ict_executive": 36,
    "cusma.ict_specialized": 36,
    "cusma.trader": 12,
    "cusma.investor": 12,
    "ccfta.professional": 36,
    "ccfta.ict_executive": 36,
    "ccfta.ict_specialized": 36,
    "ccfta.trader": 12,
    "ccfta.investor": 12,
    # agreements.md §2.4, §2.5, §3, §5 (Peru transferees: 1 year, the cautious reading of §14 item 3;
    # spouses: as long as the principal's permit, shown as the longest principal's)
    "cptpp.ict_executive": 36,
    "cptpp.ict_specialist": 36,
    "cptpp.ict_trainee": 36,
    "cptpp.ict_spouse": 36,
    "cptpp.investor": 12,
    "cptpp.investor_spouse": 12,
    "cpfta.ict_executive": 12,
    "cpfta.ict_trainee": 12,
    "cpfta.ict_specialist": 12,
    "cpfta.trader": 12,
    "cpfta.investor": 12,
    "ccofta.professional": 36,
    "ccofta.technician": 36,
    "ccofta.ict_executive": 36,
    "ccofta.ict_trainee": 12,
    "ccofta.ict_specialist": 36,
    "ccofta.trader": 12,
    "ccofta.investor": 12,
    "ccofta.spouse": 36,
    # agreements.md §6, §7, §10, §11 (GATS: 90 days in any 12 months)
    "ckfta.professional": 36,
    "ckfta.ict_executive": 36,
    "ckfta.ict_trainee": 12,
    "ckfta.ict_specialist": 36,
    "ckfta.trader": 12,
    "ckfta.investor": 12,
    "ckfta.spouse": 36,
    "cpafta.professional": 36,
    "cufta.professional": 12,
    "cufta.ict_executive": 36,
    "cufta.ict_specialist": 36,
    "cufta.investor": 12,
    "cufta.spouse": 36,
    "gats.professional": 3,
    # agreements.md §8, §9: service suppliers 12 months (12 in any 24), transferees 3 years,
    # graduate trainees and investors 1 year
    "ceta.service_supplier": 12,
    "cuktca.service_supplier": 12,
    "ceta.independent_professional": 12,
    "cuktca.independent_professional": 12,
    "ceta.technologist": 12,
    "cuktca.technologist": 12,
    "ceta.ict_executive": 36,
    "cuktca.ict_executive": 36,
    "ceta.ict_specialist": 36,
    "cuktca.ict_specialist": 36,
    "ceta.ict_trainee": 12,
    "cuktca.ict_trainee": 12,
    "ceta.spouse": 36,
    "cuktca.spouse": 36,
    "ceta.investor": 12,
    "cuktca.investor": 12,
}
VERDICTS = frozenset({"eligible", "not_eligible", "needs_info"})
EXPECTABLE = VERDICTS | {"absent"}

ANSWER_KEYS = frozenset(
    {
        "perspective",
        "citizenship",
        "permanent_residence",
        "application_date",
        "noc",
        "cusma_profession",
        "purpose",
        "ict_role",
        "ict_months",
        "ict_relationship",
        "ict_same_position",
        "sk_advanced_expertise",
        "sk_proprietary_knowledge",
        "employer_country",
        "enterprise_nationality",
        "trade_principal",
        "trade_existing",
        "investment_status",
        "business_role",
        "service_sector",
        "technologist_field",
        "canadian_establishment",
        "employer_years",
        "paid_by_foreign_employer",
        "stay_months_24",
        "gats_occupation",
        "gats_excluded_sector",
        "placement_agency",
        "credentials_recognized",
        "gats_days_12",
        "korea_profession",
        "home_licence",
        "controls_canadian_employer",
        "education_level",
        "education_years",
        "education_field_related",
        "experience_years",
        "licensed",
        "occupation_regulated",
        "province",
        "offered_wage_hourly",
        "prevailing_wage_hourly",
        "language_ok",
        "spouse",
        "foreign_legal_consultant",
        "quebec_notary",
        "research_position",
        "academic_employer",
        "cusma_claims_training",
        "supports_professional",
        "physician_teaching_research",
        "supervisor_role",
    }
)
EDUCATION_LEVELS = frozenset(
    {
        "none",
        "secondary",
        "post_secondary_certificate",
        "post_secondary_diploma",
        "associate_degree",
        "bachelor",
        "professional_degree",
        "master",
        "doctorate",
    }
)
CASE_KEYS = frozenset(
    {
        "name",
        "source",
        "persona",
        "answers",
        "remove",
        "expect",
        "expect_missing",
        "expect_code",
        "expect_former_codes",
        "expect_duration",
        "expect_not_covered",
        "expect_officer_decides",
        "expect_document",
        "expect_note",
        "expect_error",
        "judgement",
    }
)
TOP_LEVEL_KEYS = frozenset(
    {"ftawizard_version", "content_version", "as_of", "routes", "not_covered"}
)
ROUTE_KEYS = frozenset(
    {
        "id",
        "agreement",
        "category",
        "exemption_code",
        "former_codes",
        "verdict",
        "reasons",
        "missing",
        "max_initial_duration_months",
        "documents",
        "notes",
    }
)
REASON_KEYS = frozenset({"rule", "met", "text", "source", "officer_decides"})
DOCUMENT_KEYS = frozenset({"id", "title", "provided_by", "why", "source"})
NOT_COVERED_KEYS = frozenset({"route", "agreement", "category", "reason", "source"})


# ---------------------------------------------------------------------------------------------
# Loading the scenario files
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    file: str
    case: dict[str, Any]
    answers: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.case.get("name", "<unnamed>"))

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def _load_scenarios() -> tuple[list[Scenario], list[str]]:
    """Read every scenario file. Returns the runnable cases and a list of format problems."""
    scenarios: list[Scenario] = []
    problems: list[str] = []
    files = sorted(SCENARIO_DIR.glob("*.toml"))
    if not files:
        problems.append(f"no scenario files in {SCENARIO_DIR}")
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{path.name}: cannot be read as TOML: {exc}")
            continue
        unknown_tables = set(data) - {"persona", "case"}
        if unknown_tables:
            problems.append(f"{path.name}: unknown top-level keys {sorted(unknown_tables)}")
        personas = data.get("persona", {})
        for persona_name, persona in personas.items():
            bad = set(persona) - ANSWER_KEYS
            if bad:
                problems.append(
                    f"{path.name}: persona {persona_name!r} has unknown keys {sorted(bad)}"
                )
        cases = data.get("case", [])
        if not cases:
            problems.append(f"{path.name}: no [[case]] entries")
        for index, case in enumerate(cases):
            label = f"{path.name}: case #{index + 1} ({case.get('name', '<unnamed>')!r})"
            answers: dict[str, Any] = {}
            persona_name = case.get("persona")
            if persona_name is not None:
                if persona_name not in personas:
                    problems.append(f"{label}: unknown persona {persona_name!r}")
                    continue
                answers.update(copy.deepcopy(personas[persona_name]))
            answers.update(copy.deepcopy(case.get("answers", {})))
            for key in case.get("remove", []):
                if key not in answers:
                    problems.append(f"{label}: 'remove' names {key!r}, which is not in the answers")
                answers.pop(key, None)
            scenarios.append(Scenario(path.name, case, answers))
    return scenarios, problems


SCENARIOS, LOAD_PROBLEMS = _load_scenarios()
ROUTE_SCENARIOS = [s for s in SCENARIOS if "expect_error" not in s.case]


def _case_problems(scenario: Scenario) -> list[str]:
    """Format checks on one case, so that a typo in a table is caught without the engine."""
    case = scenario.case
    out: list[str] = []
    unknown = set(case) - CASE_KEYS
    if unknown:
        out.append(f"unknown keys {sorted(unknown)}")
    for key in ("name", "source"):
        if not isinstance(case.get(key), str) or not case[key].strip():
            out.append(f"'{key}' must be a non-empty string")
    bad_answers = set(scenario.answers) - ANSWER_KEYS
    if bad_answers:
        out.append(f"unknown answer keys {sorted(bad_answers)}")
    level = scenario.answers.get("education_level")
    if level is not None and level not in EDUCATION_LEVELS and "expect_error" not in case:
        out.append(f"education_level {level!r} is not one of {sorted(EDUCATION_LEVELS)}")
    has_expect = "expect" in case
    has_error = "expect_error" in case
    if has_expect == has_error:
        out.append("exactly one of 'expect' and 'expect_error' is required")
    if has_error and not (isinstance(case["expect_error"], str) and case["expect_error"]):
        out.append("'expect_error' must name the field the error must mention")
    expect = case.get("expect", {})
    for route, verdict in expect.items():
        if route not in ROUTE_IDS:
            out.append(f"expect: unknown route {route!r}")
        allowed = verdict if isinstance(verdict, list) else [verdict]
        if not allowed or any(v not in EXPECTABLE for v in allowed):
            out.append(f"expect: {route!r} = {verdict!r} is not one of {sorted(EXPECTABLE)}")
    for key in ("expect_missing", "expect_code", "expect_former_codes", "expect_duration"):
        for route, value in case.get(key, {}).items():
            if route not in ROUTE_IDS:
                out.append(f"{key}: unknown route {route!r}")
            if expect.get(route) == "absent":
                out.append(f"{key}: route {route!r} is expected to be absent")
            if key in ("expect_missing", "expect_former_codes") and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                out.append(f"{key}: {route!r} must be a list of strings")
    for route in case.get("expect_missing", {}):
        if expect.get(route) == "eligible":
            out.append(f"expect_missing: {route!r} is expected eligible, so nothing can be missing")
    for route, wanted_doc in case.get("expect_document", {}).items():
        if route not in ROUTE_IDS:
            out.append(f"expect_document: unknown route {route!r}")
        if not isinstance(wanted_doc, dict) or set(wanted_doc) - {"provided_by", "mentions"}:
            out.append(
                f"expect_document: {route!r} must be {{ provided_by = ..., mentions = ... }}"
            )
    for route, word in case.get("expect_note", {}).items():
        if route not in ROUTE_IDS:
            out.append(f"expect_note: unknown route {route!r}")
        if not (isinstance(word, str) and word.strip()):
            out.append(f"expect_note: {route!r} must name a word the note mentions")
    for route in case.get("expect_officer_decides", []):
        if expect.get(route) != "needs_info":
            out.append(f"expect_officer_decides: {route!r} must also be expected 'needs_info'")
    for route in case.get("expect_not_covered", []):
        if route not in ROUTE_IDS:
            out.append(f"expect_not_covered: unknown route {route!r}")
        if route in expect and expect[route] != "absent":
            out.append(f"expect_not_covered: {route!r} must also be expected 'absent'")
    return out


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


def _import_engine() -> ModuleType:
    try:
        return importlib.import_module("ftawizard.engine")
    except ImportError:
        if str(REPO_ROOT) in sys.path:
            raise
        sys.path.insert(0, str(REPO_ROOT))
        return importlib.import_module("ftawizard.engine")


@pytest.fixture(scope="module")
def engine() -> ModuleType:
    try:
        module = _import_engine()
    except Exception as exc:  # pragma: no cover - reported as a test failure
        pytest.fail(f"cannot import ftawizard.engine: {exc!r}")
    for name in ("assess_to_dict", "AnswerError"):
        if not hasattr(module, name):
            pytest.fail(f"ftawizard.engine has no {name}")
    return module


def _code_of(entry: Any) -> Any:
    """A former code may be given as "T23" or as {"code": "T23", ...}."""
    return entry.get("code") if isinstance(entry, dict) else entry


def _has_source(source: Any) -> bool:
    """A source may be a citation string or a record such as {"id", "title", "url", "date"}."""
    if isinstance(source, str):
        return bool(source.strip())
    if isinstance(source, dict):
        return any(isinstance(source.get(k), str) and source[k].strip() for k in ("url", "title"))
    return False


def _fmt_source(source: Any) -> str:
    if isinstance(source, dict):
        return " ".join(str(source[k]) for k in ("title", "date") if source.get(k))
    return str(source)


def _fmt_route(route: dict[str, Any]) -> str:
    lines = [
        f"  route {route.get('id')}: verdict={route.get('verdict')!r}"
        f" missing={route.get('missing')!r} code={route.get('exemption_code')!r}"
    ]
    for reason in route.get("reasons") or []:
        met = reason.get("met")
        mark = {True: "met    ", False: "NOT met", None: "unknown"}.get(met, repr(met))
        officer = " [officer decides]" if reason.get("officer_decides") else ""
        lines.append(
            f"    - {mark} {reason.get('rule')}{officer}: {reason.get('text')}"
            f"  (source: {_fmt_source(reason.get('source'))})"
        )
    return "\n".join(lines)


def _failure_report(
    scenario: Scenario, result: dict[str, Any], problems: list[str], routes_to_show: set[str]
) -> str:
    routes = {r.get("id"): r for r in result.get("routes", [])}
    parts = [
        f"Scenario: {scenario.id}",
        f"Source:   {scenario.case.get('source')}",
    ]
    if scenario.case.get("judgement"):
        parts.append(f"Judgement call: {scenario.case['judgement']}")
    parts.append("Answers:  " + json.dumps(scenario.answers, ensure_ascii=False, sort_keys=True))
    parts.append("Problems:")
    parts.extend(f"  * {p}" for p in problems)
    parts.append("Routes offered: " + ", ".join(sorted(str(k) for k in routes)))
    for route_id in sorted(routes_to_show):
        if route_id in routes:
            parts.append(_fmt_route(routes[route_id]))
    not_covered = [nc.get("route") for nc in result.get("not_covered", [])]
    parts.append(f"Not covered: {not_covered}")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Scenario tests
# ---------------------------------------------------------------------------------------------


def test_scenario_files_are_well_formed() -> None:
    problems = list(LOAD_PROBLEMS)
    seen: set[str] = set()
    for scenario in SCENARIOS:
        if scenario.id in seen:
            problems.append(f"{scenario.id}: duplicate case name in the same file")
        seen.add(scenario.id)
        problems.extend(f"{scenario.id}: {p}" for p in _case_problems(scenario))
    assert not problems, "Scenario file problems:\n" + "\n".join(problems)


def test_every_case_cites_a_source() -> None:
    unsourced = [
        s.id
        for s in SCENARIOS
        if not isinstance(s.case.get("source"), str) or not s.case["source"].strip()
    ]
    assert SCENARIOS, "no scenarios were loaded"
    assert not unsourced, "Cases without a source:\n" + "\n".join(unsourced)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_scenario(scenario: Scenario, engine: ModuleType) -> None:
    case = scenario.case
    answers = copy.deepcopy(scenario.answers)

    if "expect_error" in case:
        field = case["expect_error"]
        try:
            result = engine.assess_to_dict(answers)
        except engine.AnswerError as exc:
            assert field in str(exc), (
                f"{scenario.id}: AnswerError does not name {field!r}: {exc}\n"
                f"Source: {case.get('source')}"
            )
            return
        pytest.fail(
            f"{scenario.id}: expected AnswerError naming {field!r}, got a result instead\n"
            f"Source: {case.get('source')}\n"
            + "\n".join(_fmt_route(r) for r in result.get("routes", []))
        )

    result = engine.assess_to_dict(answers)
    routes = {r.get("id"): r for r in result.get("routes", [])}
    problems: list[str] = []
    show: set[str] = set()

    for route_id, want in case["expect"].items():
        show.add(route_id)
        route = routes.get(route_id)
        outcome = "absent" if route is None else route.get("verdict")
        if isinstance(want, list):
            # Several outcomes are equally faithful to the source (see the case's judgement).
            if outcome not in want:
                problems.append(f"{route_id}: expected one of {want}, got {outcome!r}")
        elif want == "absent":
            if route is not None:
                problems.append(f"{route_id}: must not be offered, but is (verdict {outcome!r})")
        elif route is None:
            problems.append(f"{route_id}: expected {want!r}, but the route is not offered")
        elif outcome != want:
            problems.append(f"{route_id}: expected {want!r}, got {outcome!r}")

    for route_id, wanted in case.get("expect_missing", {}).items():
        show.add(route_id)
        route = routes.get(route_id)
        if route is None:
            problems.append(f"{route_id}: not offered, so its 'missing' cannot be checked")
            continue
        got = list(route.get("missing") or [])
        absent = [q for q in wanted if q not in got]
        if absent:
            problems.append(f"{route_id}: 'missing' lacks {absent} (got {got})")

    for route_id, code in case.get("expect_code", {}).items():
        route = routes.get(route_id)
        if route is not None and route.get("exemption_code") != code:
            show.add(route_id)
            problems.append(
                f"{route_id}: exemption code {route.get('exemption_code')!r}, expected {code!r}"
            )

    for route_id, codes in case.get("expect_former_codes", {}).items():
        route = routes.get(route_id)
        if route is not None:
            got = [_code_of(c) for c in route.get("former_codes") or []]
            lacking = [c for c in codes if c not in got]
            if lacking:
                problems.append(f"{route_id}: former_codes {got} lack {lacking}")

    for route_id, months in case.get("expect_duration", {}).items():
        route = routes.get(route_id)
        if route is not None and route.get("max_initial_duration_months") != months:
            problems.append(
                f"{route_id}: max_initial_duration_months "
                f"{route.get('max_initial_duration_months')!r}, expected {months}"
            )

    for route_id in case.get("expect_officer_decides", []):
        show.add(route_id)
        route = routes.get(route_id)
        if route is None:
            continue
        flagged = [
            r
            for r in route.get("reasons") or []
            if r.get("officer_decides") is True and r.get("met") is None
        ]
        if not flagged:
            problems.append(f"{route_id}: no reason is marked met=null, officer_decides=true")

    for route_id, wanted_doc in case.get("expect_document", {}).items():
        route = routes.get(route_id)
        if route is None:
            continue
        docs = route.get("documents") or []
        word = str(wanted_doc.get("mentions", "")).lower()
        who = wanted_doc.get("provided_by")
        found = [
            d
            for d in docs
            if word in f"{d.get('title', '')} {d.get('why', '')}".lower()
            and (who is None or d.get("provided_by") == who)
        ]
        if not found:
            listed = [f"{d.get('provided_by')}: {d.get('title')}" for d in docs]
            problems.append(
                f"{route_id}: no document provided by {who!r} mentioning {word!r}; got {listed}"
            )

    for route_id, word in case.get("expect_note", {}).items():
        show.add(route_id)
        route = routes.get(route_id)
        if route is None:
            problems.append(f"{route_id}: not offered, so its notes cannot be checked")
            continue
        notes = [
            str(n.get("text", n)) if isinstance(n, dict) else str(n)
            for n in route.get("notes") or []
        ]
        if not any(word.lower() in note.lower() for note in notes):
            problems.append(f"{route_id}: no note mentions {word!r}; got {notes}")

    not_covered = {nc.get("route") for nc in result.get("not_covered", [])}
    for route_id in case.get("expect_not_covered", []):
        if route_id not in not_covered:
            problems.append(
                f"{route_id}: not listed in not_covered (got {sorted(map(str, not_covered))})"
            )

    if problems:
        pytest.fail(_failure_report(scenario, result, problems, show), pytrace=False)


@pytest.mark.parametrize("scenario", ROUTE_SCENARIOS, ids=lambda s: s.id)
def test_output_contract(scenario: Scenario, engine: ModuleType) -> None:
    """The shape and internal consistency of the result, on every scenario's answers."""
    result = engine.assess_to_dict(copy.deepcopy(scenario.answers))
    problems: list[str] = []

    lacking_top = TOP_LEVEL_KEYS - set(result)
    if lacking_top:
        problems.append(f"top-level keys {sorted(lacking_top)} are missing")
    json.dumps(result)  # must be JSON-serialisable, as the CLI prints it

    seen: set[str] = set()
    for route in result.get("routes", []):
        rid = route.get("id")
        where = f"route {rid}"
        lacking = ROUTE_KEYS - set(route)
        if lacking:
            problems.append(f"{where}: lacks keys {sorted(lacking)}")
        if rid not in ROUTE_IDS:
            problems.append(f"{where}: unknown route id")
            continue
        if rid in seen:
            problems.append(f"{where}: listed twice")
        seen.add(rid)
        if route.get("exemption_code") != ROUTE_CODES[rid]:
            problems.append(f"{where}: exemption_code {route.get('exemption_code')!r}")
        if route.get("max_initial_duration_months") != MAX_MONTHS[rid]:
            problems.append(
                f"{where}: max_initial_duration_months {route.get('max_initial_duration_months')!r}"
            )
        verdict = route.get("verdict")
        if verdict not in VERDICTS:
            problems.append(f"{where}: verdict {verdict!r}")
        reasons = route.get("reasons") or []
        missing = route.get("missing")
        if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
            problems.append(f"{where}: 'missing' must be a list of question ids")
            missing = []
        if not reasons:
            problems.append(f"{where}: no reasons given")
        for reason in reasons:
            lacking = REASON_KEYS - set(reason)
            if lacking:
                problems.append(f"{where}: reason {reason.get('rule')!r} lacks {sorted(lacking)}")
            if reason.get("met") not in (True, False, None):
                problems.append(f"{where}: reason {reason.get('rule')!r} met={reason.get('met')!r}")
            if not isinstance(reason.get("officer_decides"), bool):
                problems.append(
                    f"{where}: reason {reason.get('rule')!r} officer_decides not a bool"
                )
            if reason.get("officer_decides") is True and reason.get("met") is not None:
                problems.append(
                    f"{where}: reason {reason.get('rule')!r} is left to an officer but met is "
                    f"{reason.get('met')!r} (must be null)"
                )
            if not _has_source(reason.get("source")):
                problems.append(f"{where}: reason {reason.get('rule')!r} has no source")
        # Verdict rule from the engine contract.
        if any(r.get("met") is False for r in reasons):
            implied = "not_eligible"
        elif missing or any(r.get("met") is None or r.get("officer_decides") for r in reasons):
            implied = "needs_info"
        else:
            implied = "eligible"
        if verdict in VERDICTS and verdict != implied:
            problems.append(
                f"{where}: verdict {verdict!r} but its reasons/missing imply {implied!r}"
            )
        for doc in route.get("documents") or []:
            lacking = DOCUMENT_KEYS - set(doc)
            if lacking:
                problems.append(f"{where}: document {doc.get('id')!r} lacks {sorted(lacking)}")
            if doc.get("provided_by") not in ("worker", "employer"):
                problems.append(
                    f"{where}: document {doc.get('id')!r} provided_by {doc.get('provided_by')!r}"
                )

    for entry in result.get("not_covered", []):
        lacking = NOT_COVERED_KEYS - set(entry)
        if lacking:
            problems.append(f"not_covered {entry.get('route')!r}: lacks {sorted(lacking)}")
        if entry.get("route") in seen:
            problems.append(f"not_covered {entry.get('route')!r}: also listed in routes")
        if not str(entry.get("reason", "")).strip():
            problems.append(f"not_covered {entry.get('route')!r}: no reason")

    if problems:
        pytest.fail(
            f"{scenario.id}: output contract problems:\n" + "\n".join(f"  * {p}" for p in problems),
            pytrace=False,
        )


# ---------------------------------------------------------------------------------------------
# Bad input, directly and through the command line
# ---------------------------------------------------------------------------------------------

# A Mexican civil engineer who qualifies for CPTPP and CUSMA.
VALID_ANSWERS: dict[str, Any] = {
    "perspective": "worker",
    "citizenship": "MX",
    "application_date": "2025-03-01",
    "noc": "21300",
    "cusma_profession": "Engineer",
    "purpose": "employment",
    "controls_canadian_employer": False,
    "education_level": "bachelor",
    "education_years": 5,
    "education_field_related": True,
    "experience_years": 5,
    "occupation_regulated": True,
    "licensed": True,
    "province": "ON",
    "offered_wage_hourly": 55.0,
    "prevailing_wage_hourly": 45.0,
    "language_ok": True,
    "spouse": False,
}

BAD_ANSWERS = [
    pytest.param({"citizenship": "QQ"}, "citizenship", id="unknown_country_code"),
    pytest.param({"noc": "99999"}, "noc", id="unknown_noc_code"),
    pytest.param({"experience_years": -1}, "experience_years", id="negative_number"),
    pytest.param({"application_date": "2025-13-01"}, "application_date", id="malformed_date"),
    pytest.param({"spouse": "yes"}, "spouse", id="string_for_bool"),
]


def _run_cli(answers_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-m", "ftawizard", "assess", "--answers", str(answers_path), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=answers_path.parent,
        timeout=120,
        check=False,
    )


def _check_cli_error(proc: subprocess.CompletedProcess[str], must_mention: str) -> None:
    stderr_lines = [line for line in proc.stderr.splitlines() if line.strip()]
    report = f"exit={proc.returncode}\nstderr:\n{proc.stderr}\nstdout:\n{proc.stdout[:2000]}"
    assert "Traceback" not in proc.stderr, "the CLI printed a traceback\n" + report
    assert proc.returncode == 2, "expected exit status 2\n" + report
    assert len(stderr_lines) == 1, "expected exactly one line on stderr\n" + report
    assert must_mention in stderr_lines[0], f"stderr does not name {must_mention!r}\n" + report


@pytest.mark.parametrize(("overrides", "field"), BAD_ANSWERS)
def test_engine_rejects_bad_input(
    overrides: dict[str, Any], field: str, engine: ModuleType
) -> None:
    answers = {**VALID_ANSWERS, **overrides}
    with pytest.raises(engine.AnswerError) as info:
        engine.assess_to_dict(answers)
    assert field in str(info.value)


@pytest.mark.parametrize(("overrides", "field"), BAD_ANSWERS)
def test_cli_rejects_bad_input(overrides: dict[str, Any], field: str, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**VALID_ANSWERS, **overrides}), encoding="utf-8")
    _check_cli_error(_run_cli(path), field)


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_cli_rejects_file_that_is_neither_json_nor_toml(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"garbled_answers{suffix}"
    path.write_text("this is ]] neither { json = nor toml\n::: [\n", encoding="utf-8")
    _check_cli_error(_run_cli(path), path.name)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value)


def test_cli_json_output_is_assess_to_dict(tmp_path: Path, engine: ModuleType) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(VALID_ANSWERS), encoding="utf-8")
    proc = _run_cli(path, "--format", "json")
    assert proc.returncode == 0, f"exit={proc.returncode}\nstderr:\n{proc.stderr}"
    printed = json.loads(proc.stdout)
    assert printed == engine.assess_to_dict(copy.deepcopy(VALID_ANSWERS))


def test_cli_reads_toml_answers_like_json(tmp_path: Path) -> None:
    json_path = tmp_path / "answers.json"
    json_path.write_text(json.dumps(VALID_ANSWERS), encoding="utf-8")
    toml_path = tmp_path / "answers.toml"
    toml_path.write_text(
        "".join(f"{key} = {_toml_value(value)}\n" for key, value in VALID_ANSWERS.items()),
        encoding="utf-8",
    )
    from_json = _run_cli(json_path, "--format", "json")
    from_toml = _run_cli(toml_path, "--format", "json")
    assert from_json.returncode == 0, from_json.stderr
    assert from_toml.returncode == 0, from_toml.stderr
    assert json.loads(from_toml.stdout) == json.loads(from_json.stdout)
