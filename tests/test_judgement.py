"""The officer's judgement: a rule the sources leave to the officer is never plainly met."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from ftawizard.content import Content
from ftawizard.content import models as m
from ftawizard.engine import AnswerError, Verdict, assess, parse_answers

FACT = m.Compare("trade_principal", "eq", True)
OFFICER = m.Officer("the officer judges whether the trade is substantial")


def test_the_tree_says_whether_a_condition_can_be_plainly_met() -> None:
    assert m.can_be(FACT, True) and m.can_be(FACT, False)
    # an officer's part is neither met nor not met
    assert not m.can_be(OFFICER, True) and not m.can_be(OFFICER, False)
    # all: met only if every part can be; any: met if one part can be
    assert not m.can_be(m.AllOf((FACT, OFFICER)), True)
    assert m.can_be(m.AllOf((FACT, OFFICER)), False)
    assert m.can_be(m.AnyOf((FACT, OFFICER)), True)
    assert not m.can_be(m.AnyOf((OFFICER, OFFICER)), False)
    # not turns one into the other; constants are what they say
    assert not m.can_be(m.Not(m.Always(True)), True)
    assert m.can_be(m.Not(m.AllOf((FACT, OFFICER))), True)
    assert not m.can_be(m.Not(OFFICER), True)
    assert m.can_be(m.Always(False), False) and not m.can_be(m.Always(False), True)
    assert not m.can_be(m.InSet("purpose", frozenset()), True)


# --------------------------------------------------------------------------- the shipped rules

TODAY = dt.date(2026, 11, 23)

# Every fact of a trader's route met: an executive of an enterprise owned by citizens of the
# trader's country, whose trade (already under way) is more than half with Canada.
TRADER = {
    "perspective": "worker",
    "application_date": "2026-11-23",
    "purpose": "trade",
    "enterprise_nationality": True,
    "trade_principal": True,
    "trade_existing": True,
    "business_role": "executive_supervisory",
    "province": "ON",
    "spouse": False,
}
TRADERS = {
    "US": "cusma.trader",
    "MX": "cusma.trader",
    "CL": "ccfta.trader",
    "CO": "ccofta.trader",
    "KR": "ckfta.trader",
    "PE": "cpfta.trader",
}


@pytest.mark.parametrize(("citizenship", "route_id"), sorted(TRADERS.items()))
def test_a_trader_with_every_fact_met_is_left_to_the_officer(
    content: Content, citizenship: str, route_id: str
) -> None:
    """IRCC tells officers to judge whether trade is substantial from the volume and value of
    the transactions, and whether trade is the trader's predominant activity: more than half
    of the enterprise's trade with Canada is necessary, not enough for a plain "eligible"."""
    answers = parse_answers(content, {**TRADER, "citizenship": citizenship}, today=TODAY)
    route = assess(content, answers).route(route_id)
    assert route is not None
    assert route.verdict is Verdict.NEEDS_INFO
    assert route.missing == ()  # nothing left to ask: an officer decides
    [reason] = [reason for reason in route.reasons if reason.rule == "substantial_trade"]
    assert reason.officer_decides
    assert "volume" in reason.text and "value of the transactions" in reason.text
    assert "predominant activity" in reason.text
    assert all(other.met is True for other in route.reasons if other is not reason)


def test_essential_skills_are_for_the_officer_to_judge(content: Content) -> None:
    raw = {**TRADER, "citizenship": "MX", "business_role": "essential_skills"}
    route = assess(content, parse_answers(content, raw, today=TODAY)).route("cusma.trader")
    assert route is not None
    reasons = {reason.rule: reason for reason in route.reasons}
    assert reasons["essential_skills"].officer_decides
    assert "essential" in reasons["essential_skills"].text
    # an executive is not asked to show essential skills
    raw["business_role"] = "executive_supervisory"
    route = assess(content, parse_answers(content, raw, today=TODAY)).route("cusma.trader")
    assert route is not None
    assert "essential_skills" not in {reason.rule for reason in route.reasons}


def _values(content: Content, question_id: str, condition: m.Condition | None) -> list[object]:
    """Every value that can matter to ``condition`` for one question, and no answer."""
    question = content.questions_by_id[question_id]
    if question.type == "bool":
        return [True, False, None]
    if question.type == "choice":
        return [choice.value for choice in question.choices] + [None]
    constants = {
        node.value
        for node in _nodes(condition)
        if isinstance(node, m.Compare | m.AtLeast) and node.question == question_id
    } | {
        value
        for node in _nodes(condition)
        if isinstance(node, m.InSet) and node.question == question_id
        for value in node.values
    }
    values: list[object] = [None]
    for constant in constants:
        if isinstance(constant, dt.date):
            values += [(constant + dt.timedelta(days=d)).isoformat() for d in (-1, 0, 1)]
        elif isinstance(constant, int | float) and not isinstance(constant, bool):
            values += [constant - 1, constant, constant + 1]
        else:
            values.append(constant)
    return values


def _nodes(condition: m.Condition | None) -> list[m.Condition]:
    if condition is None:
        return []
    match condition:
        case m.AllOf(parts=parts) | m.AnyOf(parts=parts):
            return [condition, *(node for part in parts for node in _nodes(part))]
        case m.Not(part=part):
            return [condition, *_nodes(part)]
    return [condition]


def test_every_rule_left_to_the_officer_never_comes_out_plainly_met(content: Content) -> None:
    """Walk every category: for each rule marked as the officer's judgement, every answer to
    the questions its test and its applies_when read (each choice, yes/no, no answer, the
    numbers and dates on either side of each threshold). The rule is never plainly met, and
    once its facts are met it says that an officer decides."""
    marked = 0
    for category in content.categories:
        countries = sorted(category.citizens) or sorted(category.permanent_residents)
        residence = not category.citizens
        for rule in category.rules:
            if not rule.judgement:
                continue
            marked += 1
            questions = sorted(
                m.condition_questions(rule.test) | m.condition_questions(rule.applies_when)
            )
            both = m.AllOf(tuple(c for c in (rule.test, rule.applies_when) if c is not None))
            choices = [_values(content, q, both) for q in questions]
            officer_seen = False
            for combination in itertools.product(*choices):
                raw: dict[str, object] = {"application_date": "2026-11-23"}
                raw["permanent_residence" if residence else "citizenship"] = countries[0]
                if residence:
                    raw["citizenship"] = "IN"
                raw.update(
                    {q: v for q, v in zip(questions, combination, strict=True) if v is not None}
                )
                try:
                    answers = parse_answers(content, raw, today=TODAY)
                except AnswerError:  # a combination the answers reject (e.g. out of range)
                    continue
                route = assess(content, answers).route(category.route_id)
                assert route is not None, (category.route_id, raw)
                for reason in route.reasons:
                    if reason.rule == rule.id:
                        assert reason.met is not True, (category.route_id, rule.id, raw)
                        officer_seen = officer_seen or reason.officer_decides
            assert officer_seen, f"{category.route_id}/{rule.id} never reaches the officer"
    assert marked >= 15  # traders, investors, essential skills
