"""Exhaustive check of the decision tree: structural invariants on every route of a designed
grid of answer sets.

The design (built from the content, so it follows the tree as it grows):

* a full product on the answers that interact — citizenship (every country that an agreement's
  category names among its citizens or permanent residents, including those it excludes, plus
  one outsider, e.g. France) × occupation (one NOC 2021 code per occupation-list item, one per item's
  "partly covered" codes, and one code outside every list at each TEER) × education level
  (all 9) × experience (1, 3, 5 years);
* the other answers (permanent residence none/AU/PE, perspective, application date after the
  NOC switch / before it / before CPTPP, job offer, self-employment, years of study, field,
  language, spouse, regulated × licensed, wage below/equal/above, province, a CUSMA profession,
  and every follow-up question answered yes/no/not at all) from a pairwise covering array,
  cycled over the product so that each of their values meets each product value too;
* CUSMA: US and MX × every profession and "none" × its NOC hint / a code it does not name ×
  education × experience;
* unanswered questions: for every citizenship, a complete persona cut after each question.

For dates before 2022-11-16 the NOC 2016 code is used when the NOC 2021 code has exactly one
predecessor (otherwise the row keeps the later date).

By default a deterministic sample runs (every citizenship × occupation pair, with the education
× experience combinations rotated over them): a few seconds. ``FTAWIZARD_EXHAUSTIVE=full``
runs the whole product (benchmarks/run.py does, and reports its size and time).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from ftawizard.content import Content
from ftawizard.engine import AnswerError, Verdict, assess, assessment_to_dict, parse_answers

FULL = os.environ.get("FTAWIZARD_EXHAUSTIVE", "").strip().lower() == "full"
TODAY = dt.date(2026, 11, 23)
OUTSIDERS = ("FR", "IN", "BR", "ZA", "EG")  # the first one no agreement names is used
EXPERIENCE = (1, 3, 5)
SAMPLED_COMBINATIONS = 4  # education × experience combinations per (citizenship, NOC) by default
JSON_EVERY = 97  # every so many answer sets, the JSON report is built and serialized too

AFTER_SWITCH = "2026-11-23"
BEFORE_SWITCH = "2022-06-01"
BEFORE_CPTPP = "2018-06-01"

FOLLOW_UPS = (
    "research_position",
    "academic_employer",
    "supervisor_role",
    "foreign_legal_consultant",
    "quebec_notary",
    "physician_teaching_research",
    "supports_professional",
    "cusma_claims_training",
)
TRI = (True, False, None)  # None: not answered

# the answers outside the product: name -> values (a tuple value sets several keys at once)
REST: dict[str, tuple[object, ...]] = {
    "permanent_residence": ("", "AU", "PE"),
    "perspective": ("worker", "employer"),
    "application_date": (AFTER_SWITCH, BEFORE_SWITCH, BEFORE_CPTPP),
    "purpose": (
        "employment",
        "none",
        "transfer",
        "service_contract",
        "self_employed_contract",
        "trade",
        "investment",
    ),
    "controls_canadian_employer": (False, True),
    "education_years": (1, 2, 3, 4),
    "education_field_related": (True, False),
    "language_ok": (True, False),
    "spouse": (True, False),
    # (occupation_regulated, licensed)
    "regulation": ((False, None), (True, True), (True, False)),
    # (offered, prevailing) hourly wage
    "wage": ((30.0, 40.0), (40.0, 40.0), (50.0, 40.0)),
    "province": ("ON", "QC", "BC"),
    "cusma_profession": ("Engineer", "none", None),
    **{name: TRI for name in FOLLOW_UPS},
}


# ============================================================================ the design


def covering_array(sizes: Sequence[int]) -> list[tuple[int, ...]]:
    """Rows of value indexes in which every pair of values of every two dimensions occurs
    (greedy, deterministic)."""
    uncovered = {
        (i, a, j, b)
        for i, j in itertools.combinations(range(len(sizes)), 2)
        for a in range(sizes[i])
        for b in range(sizes[j])
    }
    rows: list[tuple[int, ...]] = []
    while uncovered:
        i, a, j, b = min(uncovered)
        row: list[int | None] = [None] * len(sizes)
        row[i], row[j] = a, b
        for k in range(len(sizes)):
            if row[k] is not None:
                continue

            def gain(value: int, k: int = k, row: list[int | None] = row) -> int:
                return sum(
                    1
                    for m, chosen in enumerate(row)
                    if chosen is not None
                    and ((m, chosen, k, value) if m < k else (k, value, m, chosen)) in uncovered
                )

            row[k] = max(range(sizes[k]), key=lambda value: (gain(value), -value))
        done = tuple(value for value in row if value is not None)
        assert len(done) == len(sizes)
        rows.append(done)
        for m, n in itertools.combinations(range(len(sizes)), 2):
            uncovered.discard((m, done[m], n, done[n]))
    if len(rows) % 3 == 0:
        # the product's innermost dimensions have 3 and 9 values: a length prime to 3 makes
        # the cycle meet every one of their values with every row
        rows.append(rows[0])
    return rows


def item_codes(content: Content) -> tuple[list[str], list[str]]:
    """(one code per list item, one per item's partly covered codes), NOC 2021."""
    full: set[str] = set()
    partial: set[str] = set()
    for occupation_list in content.lists.values():
        for item in occupation_list.items:
            if item.group is not None:
                group = content.groups[item.group]
                codes, borderline = group.noc2021, group.borderline2021
            else:
                codes, borderline = item.noc2021, item.partial2021
            if codes:
                full.add(min(codes))
            if borderline:
                partial.add(min(borderline))
    return sorted(full), sorted(partial - full)


def listed_codes(content: Content) -> set[str]:
    found: set[str] = set()
    for occupation_list in content.lists.values():
        for item in occupation_list.items:
            if item.group is not None:
                group = content.groups[item.group]
                found |= group.noc2021 | group.borderline2021
            else:
                found |= item.noc2021 | item.partial2021
    return found


def occupation_codes(content: Content) -> list[str]:
    full, partial = item_codes(content)
    listed = listed_codes(content)
    outside = []
    for teer in range(6):
        codes = sorted(
            code
            for code, group in content.noc2021.items()
            if group.teer == teer and code not in listed
        )
        if codes:
            outside.append(codes[len(codes) // 2])
    return sorted(set(full) | set(partial) | set(outside))


def named_countries(content: Content) -> set[str]:
    named: set[str] = set()
    for category in content.categories:
        named |= set(category.citizens) | set(category.permanent_residents)
        for exclusion in category.not_covered:
            named |= set(exclusion.citizens) | set(exclusion.permanent_residents)
    return named


def outsider(content: Content) -> str:
    """A country no agreement names (the first of OUTSIDERS, else the first in the list)."""
    named = named_countries(content)
    preferred = [code for code in OUTSIDERS if code in content.countries and code not in named]
    return (preferred or sorted(set(content.countries) - named))[0]


def country_sets(content: Content) -> list[frozenset[str]]:
    """Every set of countries the content tells apart: categories' citizens and permanent
    residents, exclusions, occupation lists chosen by country, and country conditions."""
    from ftawizard.content import models as m

    found: list[frozenset[str]] = []

    def walk(condition: object) -> None:
        match condition:
            case m.RouteCountry(countries=countries):
                found.append(frozenset(countries))
            case m.InSet(values=values) if all(
                isinstance(value, str) and value in content.countries for value in values
            ):
                found.append(frozenset(str(value) for value in values))
            case m.AllOf(parts=parts) | m.AnyOf(parts=parts):
                for part in parts:
                    walk(part)
            case m.Not(part=part):
                walk(part)

    for category in content.categories:
        found += [category.citizens, category.permanent_residents]
        for exclusion in category.not_covered:
            found += [exclusion.citizens, exclusion.permanent_residents]
        for rule in category.rules:
            walk(rule.test)
            walk(rule.applies_when)
            found += [frozenset({country}) for country in rule.lists if rule.lists_by is None]
        for when in (*category.documents, *category.notes, *category.steps):
            walk(when.when)
    return found


def citizenships(content: Content) -> list[str]:
    """One country per class of countries that every rule treats alike (e.g. one EU member
    for most of CETA, one WTO member outside every other agreement), plus one outsider."""
    sets = country_sets(content)
    classes: dict[tuple[bool, ...], str] = {}
    for code in sorted(content.countries):
        signature = tuple(code in countries for countries in sets)
        classes.setdefault(signature, code)
    named = named_countries(content)
    return [*sorted(code for code in classes.values() if code in named), outsider(content)]


def education_levels(content: Content) -> list[str]:
    return [choice.value for choice in content.questions_by_id["education_level"].choices]


class Design:
    def __init__(self, content: Content, full: bool) -> None:
        self.content = content
        self.full = full
        self.citizenships = citizenships(content)
        self.codes = occupation_codes(content)
        self.education = education_levels(content)
        self.rest_names = list(REST)
        self.rest = covering_array([len(REST[name]) for name in self.rest_names])
        self.combinations = list(itertools.product(self.education, EXPERIENCE))
        self.earlier = {
            code: old[0]
            for code in content.noc2021
            if len(old := content.noc2021_to_2016.get(code, ())) == 1
        }

    # ---------------------------------------------------------------- rows
    def _rest(self, number: int) -> dict[str, object]:
        row = self.rest[number % len(self.rest)]
        values = {name: REST[name][index] for name, index in zip(self.rest_names, row, strict=True)}
        regulated, licensed = values.pop("regulation")  # type: ignore[misc]
        offered, prevailing = values.pop("wage")  # type: ignore[misc]
        values.update(
            occupation_regulated=regulated,
            licensed=licensed,
            offered_wage_hourly=offered,
            prevailing_wage_hourly=prevailing,
        )
        return values

    def _answers(
        self,
        number: int,
        citizenship: str,
        code: str,
        education: str,
        experience: int,
        **fixed: object,
    ) -> dict[str, object]:
        raw = self._rest(number)
        raw.update(fixed)
        raw.update(
            citizenship=citizenship,
            noc=code,
            education_level=education,
            experience_years=experience,
        )
        if raw["application_date"] != AFTER_SWITCH:
            if code in self.earlier:
                raw["noc"] = self.earlier[code]
            else:
                raw["application_date"] = AFTER_SWITCH
        return {key: value for key, value in raw.items() if value is not None}

    def product(self) -> Iterator[dict[str, object]]:
        number = 0
        for c_index, citizenship in enumerate(self.citizenships):
            for n_index, code in enumerate(self.codes):
                if self.full:
                    chosen = self.combinations
                else:
                    start = c_index * 7 + n_index * SAMPLED_COMBINATIONS
                    chosen = [
                        self.combinations[(start + t) % len(self.combinations)]
                        for t in range(SAMPLED_COMBINATIONS)
                    ]
                for education, experience in chosen:
                    yield self._answers(number, citizenship, code, education, experience)
                    number += 1

    def cusma(self) -> Iterator[dict[str, object]]:
        content = self.content
        listed = sorted(listed_codes(content))
        number = 0
        combinations = self.combinations if self.full else self.combinations[::9]
        for citizenship in ("US", "MX"):
            for p_index, profession in enumerate([*content.cusma_professions, None]):
                name = profession.name if profession is not None else "none"
                hints = sorted(profession.noc_hints) if profession is not None else []
                other = listed[(p_index * 7) % len(listed)]
                for code in [*hints[:1], other]:
                    for education, experience in combinations:
                        yield self._answers(
                            number,
                            citizenship,
                            code,
                            education,
                            experience,
                            cusma_profession=name,
                        )
                        number += 1

    def unanswered(self) -> Iterator[dict[str, object]]:
        order = [question.id for question in self.content.questions]
        for number, citizenship in enumerate(self.citizenships):
            complete = self._answers(number, citizenship, "21300", "bachelor", 5)
            complete["cusma_profession"] = "Engineer"
            for cut in range(len(order) + 1):
                kept = set(order[:cut]) | {"citizenship"}
                yield {key: value for key, value in complete.items() if key in kept}

    def rows(self) -> Iterator[dict[str, object]]:
        yield from self.product()
        yield from self.cusma()
        yield from self.unanswered()


# ============================================================================ the invariants


def problems_of(content: Content, raw: dict[str, object], assessment: Any) -> list[str]:
    found: list[str] = []
    citizenship = raw.get("citizenship")
    residence = raw.get("permanent_residence") or None
    ids = [route.route_id for route in assessment.routes]
    if len(ids) != len(set(ids)):
        found.append(f"a route appears twice: {ids}")
    for route in assessment.routes:
        where = route.route_id
        category = route.category
        verdict = route.verdict
        if not isinstance(verdict, Verdict):
            found.append(f"{where}: verdict {verdict!r} is not one of the three")
            continue
        mets = [reason.met for reason in route.reasons]
        if verdict is Verdict.ELIGIBLE:
            if any(met is not True for met in mets):
                found.append(f"{where}: eligible with a reason not met: {mets}")
            if route.missing:
                found.append(f"{where}: eligible but missing {route.missing}")
        elif verdict is Verdict.NOT_ELIGIBLE:
            if False not in mets:
                found.append(f"{where}: not eligible without a reason not met: {mets}")
        else:
            if False in mets:
                found.append(f"{where}: needs information with a reason not met: {mets}")
            if None not in mets:
                found.append(f"{where}: needs information with every reason settled: {mets}")
        judged = {rule.id for rule in category.rules if rule.judgement}
        for reason in route.reasons:
            if reason.source not in content.sources:
                found.append(
                    f"{where}: reason {reason.rule!r} cites unknown source {reason.source!r}"
                )
            if reason.rule in judged and reason.met is True:
                found.append(f"{where}: {reason.rule!r} is left to the officer but is plainly met")
        for document in route.documents:
            if document.id not in content.documents:
                found.append(f"{where}: unknown document {document.id!r}")
            if document.source not in content.sources:
                found.append(
                    f"{where}: document {document.id!r} cites unknown source {document.source!r}"
                )
        for step in route.steps:
            if step.id not in content.steps:
                found.append(f"{where}: unknown step {step.id!r}")
        for note in route.notes:
            if note.source not in content.sources:
                found.append(f"{where}: a note cites unknown source {note.source!r}")
        for question in route.missing:
            if question not in content.questions_by_id:
                found.append(f"{where}: missing question {question!r} does not exist")
        if citizenship is not None:
            opened = citizenship in category.citizens or residence in category.permanent_residents
            if not opened:
                found.append(
                    f"{where}: listed although neither citizenship {citizenship} nor permanent "
                    f"residence {residence} opens it"
                )
            if route.route_country not in (citizenship, residence):
                found.append(f"{where}: opened by {route.route_country!r}")
    if citizenship is not None:
        for category in content.categories:
            if (
                citizenship in category.citizens or residence in category.permanent_residents
            ) and category.route_id not in ids:
                found.append(f"{category.route_id}: opened by the answers but not assessed")
    for entry in assessment.not_covered:
        if entry.category.route_id in ids:
            found.append(f"{entry.category.route_id}: both assessed and not covered")
        if entry.source not in content.sources:
            found.append(
                f"{entry.category.route_id}: not-covered text cites unknown {entry.source!r}"
            )
    union = {question for route in assessment.routes for question in route.missing}
    if set(assessment.missing) != union:
        found.append(f"missing {assessment.missing} is not the routes' {sorted(union)}")
    for question in assessment.missing:
        if question not in content.questions_by_id:
            found.append(f"missing question {question!r} does not exist")
    return found


def check_all(
    content: Content, rows: Iterator[dict[str, object]]
) -> tuple[int, list[str], dict[str, int]]:
    count = 0
    failures: list[str] = []
    verdicts: dict[str, int] = {}
    for raw in rows:
        count += 1
        try:
            answers = parse_answers(content, raw, today=TODAY)
        except AnswerError as error:
            failures.append(f"{raw}: the design made invalid answers: {error}")
            continue
        assessment = assess(content, answers)
        for route in assessment.routes:
            verdicts[route.verdict.value] = verdicts.get(route.verdict.value, 0) + 1
        problems = problems_of(content, raw, assessment)
        if count % JSON_EVERY == 0:
            report = assessment_to_dict(content, assessment)
            json.dumps(report)
            shown = [route["verdict"] for route in report["routes"]]
            expected = [route.verdict.value for route in assessment.routes]
            if shown != expected:
                problems.append(f"JSON verdicts {shown} differ from {expected}")
        if problems and len(failures) < 20:
            failures.append(f"{raw}: " + "; ".join(problems[:5]))
    return count, failures, verdicts


# ============================================================================ the tests


@pytest.fixture(scope="module")
def design(content: Content) -> Design:
    return Design(content, FULL)


def test_the_design_covers_every_pair(design: Design) -> None:
    sizes = [len(REST[name]) for name in design.rest_names]
    seen = {
        (i, row[i], j, row[j])
        for row in design.rest
        for i, j in itertools.combinations(range(len(sizes)), 2)
    }
    for i, j in itertools.combinations(range(len(sizes)), 2):
        for a in range(sizes[i]):
            for b in range(sizes[j]):
                assert (i, a, j, b) in seen, (design.rest_names[i], a, design.rest_names[j], b)
    # cycled over the product, every covering-array row meets every value of the innermost
    # product dimensions (experience, education)
    assert len(design.rest) % 3 != 0
    assert len(design.citizenships) >= 10 and "US" in design.citizenships
    assert len(design.codes) >= 20
    teers = {design.content.noc2021[code].teer for code in design.codes}
    assert teers == set(range(6))


def test_every_answer_set_keeps_the_invariants(content: Content, design: Design) -> None:
    start = time.perf_counter()
    count, failures, verdicts = check_all(content, design.rows())
    seconds = time.perf_counter() - start
    mode = "full" if design.full else "sampled"
    print(
        f"\nexhaustive: {count} answer sets in {seconds:.1f} s ({mode}; "
        f"{len(design.citizenships)} citizenships × {len(design.codes)} occupations × "
        f"{len(design.education)} education levels × {len(EXPERIENCE)} experience bands, "
        f"{len(design.rest)} covering-array rows; routes: {verdicts})"
    )
    assert not failures, f"{len(failures)}+ answer sets break an invariant:\n" + "\n".join(failures)
    # the grid reaches every verdict
    assert set(verdicts) == {verdict.value for verdict in Verdict}, verdicts


def test_the_checker_catches_broken_assessments(content: Content) -> None:
    """The invariants are worth something only if a broken assessment fails them."""
    import attrs

    from ftawizard.engine.conditions import Status
    from ftawizard.engine.evaluate import Reason

    raw: dict[str, object] = {
        "citizenship": "MX",
        "application_date": AFTER_SWITCH,
        "noc": "21300",
        "cusma_profession": "Engineer",
        "purpose": "employment",
        "controls_canadian_employer": False,
        "education_level": "bachelor",
        "education_years": 5,
        "education_field_related": True,
        "experience_years": 6,
        "offered_wage_hourly": 48.0,
        "prevailing_wage_hourly": 45.0,
        "province": "ON",
        "occupation_regulated": True,
        "licensed": True,
        "language_ok": True,
        "spouse": True,
    }
    good = assess(content, parse_answers(content, raw, today=TODAY))
    assert problems_of(content, raw, good) == []
    route = next(route for route in good.routes if route.verdict is Verdict.ELIGIBLE)
    unmet = Reason("made_up", Status.FALSE, "not met", route.reasons[0].source)
    broken = {
        "unmet rule": attrs.evolve(
            route, details=attrs.evolve(route.details, reasons=(*route.reasons, unmet))
        ),
        "unknown source": attrs.evolve(
            route,
            details=attrs.evolve(
                route.details, reasons=(attrs.evolve(route.reasons[0], source="nowhere"),)
            ),
        ),
        "wrong verdict": attrs.evolve(route, verdict=Verdict.NEEDS_INFO),
    }
    for what, bad in broken.items():
        routes = tuple(bad if r is route else r for r in good.routes)
        assert problems_of(content, raw, attrs.evolve(good, routes=routes)), what
    twice = attrs.evolve(good, routes=(*good.routes, route))
    assert problems_of(content, raw, twice)
    elsewhere = {**raw, "citizenship": outsider(content)}
    assert problems_of(content, elsewhere, good)  # routes the outsider's answers do not open
