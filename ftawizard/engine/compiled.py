"""Each route's rules turned into closures that work out its verdict and missing answers.

The engine needs a route's verdict and missing answers after every answer in the wizard and
for thousands of answer sets in exhaustive checks; its reasons, documents, notes and steps
only when someone reads them (``evaluate._RouteEvaluator.explain``). This module turns each
route's rules into nested closures, once per content tree (building them is cheap: nothing
is parsed or compiled), with the same four-valued logic as ``conditions.py`` and
``evaluate.py``. They read the answers straight from the answers' mapping, keep what they
need from the content at hand, and stop at the first rule not met (nothing else can change
the verdict), and inside ``all``/``any`` at the first decisive part.

A closure's outcome is one value: ``True`` (met), ``False`` (not met), ``None`` (an officer
decides) or a frozenset of the answers still missing (unknown). Every closure takes the same
arguments: the answers' values, the occupation, the route's country and the results of the
routes already decided (a spouse route reads its principals'). Tests compare the results
with the plain evaluation.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping
from typing import Any, cast

from ftawizard.content import models as m
from ftawizard.engine.answers import NO_PROFESSION, Occupation
from ftawizard.engine.conditions import OPERATORS

# (verdict, missing answers in flow order), as the engine's RouteResult holds them
Decision = tuple[Any, tuple[str, ...]]
# the answers' values, the occupation, the route's country, the routes already decided
Decide = Callable[
    [Mapping[str, object], Occupation | None, str | None, Mapping[str, Any]], Decision
]
# a condition or rule: the same arguments -> outcome (see the module's docstring)
_Test = Callable[[Mapping[str, object], Occupation | None, str | None, Mapping[str, Any]], object]

_NO_ROUTES: Mapping[str, Any] = {}  # (what a condition is given for the routes decided)
# conditions that are only ever true or false (cheap too: tested first in ``all``/``any``)
_TWO_VALUED = (m.RouteCountry, m.Answered, m.Always)


class RouteCompiler:
    """Builds the closures of one content tree's routes (each when first needed)."""

    def __init__(self, content: m.Content, verdicts: Mapping[str, Any]) -> None:
        self.content = content
        self.eligible: Decision = (verdicts["eligible"], ())
        self.not_eligible: Decision = (verdicts["not_eligible"], ())
        self.needs_info = verdicts["needs_info"]
        self.needs_citizenship: Decision = (self.needs_info, ("citizenship",))
        self._needs: dict[frozenset[str], Decision] = {}
        self._unknown: dict[frozenset[str], frozenset[str]] = {}
        self._routes: dict[tuple[str, str | None], Decide] = {}
        # the closures that do not depend on the route's country, shared by every country
        # that opens the route: a route's decision, and each rule's (by the rule's id())
        self._any_country: dict[str, Decide] = {}
        self._rules: dict[int, tuple[m.Rule, _Test | _Const]] = {}
        self._by_country: dict[int, tuple[object, bool]] = {}  # (rules, routes)
        # the closures of the conditions that compare one answer, by what decides them: the
        # same comparison in several rules is one closure
        self._leaves: dict[tuple[object, ...], _Test] = {}
        # each ``equals`` closure's (question, default, missing answers, value), for the
        # routes whose first test it is (see ``_route``)
        self._equals: dict[_Test, tuple[str, object, frozenset[str], object]] = {}
        self._tests: dict[int, tuple[m.Condition, _Test]] = {}
        self._lists: dict[tuple[str, str], dict[str, object]] = {}
        self._professions: dict[str, tuple[_Test, _Test | None]] = {}
        self._hints: dict[tuple[str, str], frozenset[str]] = {}

    # ------------------------------------------------------------------ run-time helpers
    def needs(self, missing: frozenset[str]) -> Decision:
        """The decision "needs information", with the missing answers in the question order."""
        decision = self._needs.get(missing)
        if decision is None:
            order = self.content.question_order
            last = len(self.content.questions)
            ordered = tuple(sorted(missing, key=lambda q: order.get(q, last)))
            decision = (self.needs_info, ordered)
            if len(self._needs) < 4096:
                self._needs[missing] = decision
        return decision

    def list_outcome(
        self,
        list_id: str | None,
        occupation: Occupation | None,
        values: Mapping[str, object],
        country: str | None,
    ) -> object:
        """Where the occupation stands on a list (``evaluate._list_outcome``, outcome only)."""
        if list_id is None:
            return False  # no list for this country (or this answer)
        if occupation is None:
            return self.missing("noc")
        table = self._lists.get((list_id, occupation.system))
        if table is None:
            table = self._list_table(list_id, occupation.system)
        entry = table.get(occupation.code, table[""])
        if entry.__class__ is not tuple:
            return entry
        allowed, tests, partial = entry
        outcomes = [test(values, None, country, _NO_ROUTES) for test in tests]
        if True in outcomes:  # (only True itself is equal to True among the outcomes)
            return allowed
        unknown = [outcome for outcome in outcomes if outcome.__class__ is frozenset]
        if unknown:
            return frozenset().union(*unknown)
        if partial or any(outcome is not False for outcome in outcomes):
            return None
        return not allowed

    def _list_table(self, list_id: str, system: str) -> dict[str, object]:
        """code -> where a code stands on the list (``evaluate._list_index``'s items, worked
        out item by item: most items have no condition and name their codes outright)."""
        from ftawizard.engine.evaluate import _item_codes

        occupation_list = self.content.lists[list_id]
        allowed = occupation_list.kind == "allowed"
        outright: set[str] = set()  # named in full by an item with no condition
        conditional: dict[str, list[_Test]] = {}  # named in full by items with a condition
        partial: set[str] = set()  # named in part by an item that does not name it in full
        for item in occupation_list.items:
            full_codes, partial_codes = _item_codes(self.content, item, system)
            if item.applies_when is None:
                outright |= full_codes
            elif full_codes:
                test = self.test(item.applies_when)
                for code in full_codes:
                    tests = conditional.get(code)
                    if tests is None:
                        conditional[code] = [test]
                    else:
                        tests.append(test)
            partial |= partial_codes - full_codes
        # named in part only: an officer decides
        table: dict[str, object] = dict.fromkeys(partial, None)
        for code, tests in conditional.items():
            table[code] = (allowed, tuple(tests), code in partial)
        table.update(dict.fromkeys(outright, allowed))  # an item with no condition decides
        table[""] = not allowed  # "": a code the list does not name
        self._lists[list_id, system] = table
        return table

    def profession(self, values: Mapping[str, object], country: str | None) -> object:
        """The CUSMA profession: its requirement and its credentials, both (``all``)."""
        name = values.get("cusma_profession")
        if name is None:
            return self.missing("cusma_profession")
        if name == NO_PROFESSION:
            return False
        key = str(name).casefold()
        tests = self._professions.get(key)
        if tests is None:
            profession = self.content.cusma_by_key[key]
            requires = None if profession.requires is None else self.test(profession.requires)
            tests = self._professions[key] = (self.test(profession.credentials), requires)
        credentials = tests[0](values, None, country, _NO_ROUTES)
        required = True if tests[1] is None else tests[1](values, None, country, _NO_ROUTES)
        if required is False or credentials is False:
            return False
        for outcome in (required, credentials):
            if outcome.__class__ is frozenset:
                return outcome
        if required is None or credentials is None:
            return None
        return True

    def noc_match(self, occupation: Occupation | None, values: Mapping[str, object]) -> object:
        """Whether the NOC code is one the profession's notes name (else an officer decides)."""
        name = values.get("cusma_profession")
        if name == NO_PROFESSION:
            return True  # no profession to compare the code with: the rule does not apply
        if occupation is None:
            return (
                self.missing("noc") if name is not None else self.missing("noc", "cusma_profession")
            )
        if name is None:
            return self.missing("cusma_profession")
        key = (str(name).casefold(), occupation.system)
        hints = self._hints.get(key)
        if hints is None:
            profession = self.content.cusma_by_key[key[0]]
            hints = profession.noc_hints
            if occupation.system == "noc2016":
                hints = frozenset(
                    old for new in hints for old in self.content.noc2021_to_2016.get(new, ())
                )
            hints = self._hints[key] = hints
        return True if occupation.code in hints else None

    def principals(self, names: tuple[str, ...], done: Mapping[str, Any]) -> object:
        """A spouse route's principals: one eligible is enough."""
        eligible, not_eligible = self.eligible[0], self.not_eligible[0]
        undecided = []
        for name in names:
            result = done.get(name)
            if result is None:
                continue
            if result.verdict is eligible:
                return True
            if result.verdict is not not_eligible:
                undecided.append(result)
        if not undecided:
            return False  # no principal route opened, or none eligible
        missing = frozenset(question for result in undecided for question in result.missing)
        return missing if missing else None

    def missing(self, *questions: str) -> frozenset[str]:
        """One frozenset per set of questions (shared by every closure)."""
        key = frozenset(questions)
        return self._unknown.setdefault(key, key)

    # ------------------------------------------------------------------ building
    def route(self, category: m.Category, country: str | None) -> Decide:
        """The route's decision for the answers of someone whose ``country`` opens it."""
        key = (category.route_id, country)
        decide = self._routes.get(key)
        if decide is None:
            if country is None or self._category_by_country(category):
                decide = self._route(category, country)
            else:  # the same decision for every country that opens the route
                decide = self._any_country.get(category.route_id)
                if decide is None:
                    decide = self._any_country[category.route_id] = self._route(category, country)
            self._routes[key] = decide
        return decide

    def _category_by_country(self, category: m.Category) -> bool:
        """Whether any of the route's rules depends on the route's country."""
        entry = self._by_country.get(id(category))
        if entry is None or entry[0] is not category:
            found = any(map(self._rule_by_country, category.rules))
            entry = self._by_country[id(category)] = (category, found)
        return entry[1]

    def _rule_by_country(self, rule: m.Rule) -> bool:
        """Whether the rule's closure depends on the route's country (it is folded in)."""
        entry = self._by_country.get(id(rule))
        if entry is None or entry[0] is not rule:
            entry = self._by_country[id(rule)] = (rule, self._rule_reads_country(rule))
        return entry[1]

    def _rule_reads_country(self, rule: m.Rule) -> bool:
        if rule.applies_when is not None and self._by_country_condition(rule.applies_when):
            return True
        if rule.kind == "condition":
            return rule.test is not None and self._by_country_condition(rule.test)
        return rule.kind == "occupation_list" and rule.lists_by is None

    def _by_country_condition(self, condition: m.Condition) -> bool:
        # (not kept: worked out once per rule, which is kept)
        match condition:
            case m.RouteCountry():
                return True
            case m.AllOf(parts=parts) | m.AnyOf(parts=parts):
                return any(map(self._by_country_condition, parts))
            case m.Not(part=part):
                return self._by_country_condition(part)
        return False

    def test(self, condition: m.Condition) -> _Test:
        """A condition on its own (the route's country not known in advance)."""
        entry = self._tests.get(id(condition))
        if entry is None or entry[0] is not condition:
            built = _closure(self._condition(condition, None, fold=False))
            entry = self._tests[id(condition)] = (condition, built)
        return entry[1]

    def _route(self, category: m.Category, country: str | None) -> Decide:
        needs_citizenship, not_eligible = self.needs_citizenship, self.not_eligible
        if country is None:  # nothing else can be said until the citizenship is known
            return lambda v, occ, country, done: needs_citizenship
        eligible, needs_nothing = self.eligible, (self.needs_info, ())
        cached, needs = self._needs, self.needs
        rules: list[_Test] = []
        officer = False  # a rule that an officer always decides (for this country)
        for rule in category.rules:
            if self._rule_by_country(rule):
                built = self._rule(category, rule, country)
            else:  # (the same closure for every country)
                entry = self._rules.get(id(rule))
                if entry is None or entry[0] is not rule:
                    entry = self._rules[id(rule)] = (rule, self._rule(category, rule, country))
                built = entry[1]
            if not isinstance(built, _Const):
                rules.append(built)
            elif built.value is False:  # a rule never met: never eligible
                return lambda v, occ, country, done: not_eligible
            elif built.value is None:
                officer = True
        tests = tuple(rules)

        # (what a closure needs is bound as its parameters' defaults, not as variables of the
        # enclosing function: made once per closure, without a cell per variable)
        def decide(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
            tests: tuple[_Test, ...] = tests,
            officer: bool = officer,
            not_eligible: Decision = not_eligible,
            eligible: Decision = eligible,
            needs_nothing: Decision = needs_nothing,
            cached: dict[frozenset[str], Decision] = cached,
            needs: Callable[[frozenset[str]], Decision] = needs,
        ) -> Decision:
            missing: Any = None
            undecided = officer
            for test in tests:
                outcome = test(v, occ, country, done)
                if outcome is not True:
                    if outcome is False:
                        return not_eligible
                    undecided = True
                    if outcome is not None:
                        missing = outcome if missing is None else missing | outcome
            if not undecided:
                return eligible
            if missing is None:
                return needs_nothing
            return cached.get(missing) or needs(missing)

        first = self._equals.get(tests[0]) if tests else None
        if first is None:
            return decide
        # most routes start with a rule that compares one answer with a value (the purpose,
        # say), and most answer sets fail it: that comparison is made here, not called
        q, default, first_missing, expected = first

        def decide_from_comparison(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
            q: str = q,
            default: object = default,
            first_missing: frozenset[str] = first_missing,
            expected: object = expected,
            tests: tuple[_Test, ...] = tests[1:],
            officer: bool = officer,
            not_eligible: Decision = not_eligible,
            eligible: Decision = eligible,
            needs_nothing: Decision = needs_nothing,
            cached: dict[frozenset[str], Decision] = cached,
            needs: Callable[[frozenset[str]], Decision] = needs,
        ) -> Decision:
            missing: Any = None
            undecided = officer
            value = v.get(q, default)
            outcome: object = first_missing if value is None else value == expected
            if outcome is not True:  # (as in ``decide``, for the first test)
                if outcome is False:
                    return not_eligible
                undecided = True
                if outcome is not None:
                    missing = outcome
            for test in tests:
                outcome = test(v, occ, country, done)
                if outcome is not True:
                    if outcome is False:
                        return not_eligible
                    undecided = True
                    if outcome is not None:
                        missing = outcome if missing is None else missing | outcome
            if not undecided:
                return eligible
            if missing is None:
                return needs_nothing
            return cached.get(missing) or needs(missing)

        return decide_from_comparison

    def _rule(self, category: m.Category, rule: m.Rule, country: str) -> _Test | _Const:
        outcome = self._kind(category, rule, country)
        if rule.applies_when is None:
            return outcome
        applies = self._condition(rule.applies_when, country, fold=True)
        if isinstance(applies, _Const):
            if applies.value is True:
                return outcome
            # a rule that does not apply is, for the verdict, a rule met
            return _Const(True) if applies.value is False else applies
        test, kind = applies, _closure(outcome)

        def when(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
            test: _Test = test,
            kind: _Test = kind,
        ) -> object:
            applied = test(v, occ, country, done)
            if applied is True:
                return kind(v, occ, country, done)
            return True if applied is False else applied

        return when

    def _kind(self, category: m.Category, rule: m.Rule, country: str) -> _Test | _Const:
        """The outcome of a rule that applies."""
        # (a builder per kind, as for conditions: see ``_condition``)
        kind = rule.kind
        if kind == "condition":
            if rule.test is None:
                return _Const(True)
            return self._condition(rule.test, country, fold=True)
        if kind == "occupation_level":
            return self._level(rule)
        if kind == "occupation_list":
            if rule.lists_by is None:
                return self._on_list(rule, country)
            return self._on_list_by(rule)
        if kind == "cusma_profession":
            return self._profession()
        if kind == "cusma_noc_match":
            return self._noc_match()
        return self._principals(category)

    def _level(self, rule: m.Rule) -> _Test:
        no_occupation = self.missing("noc")
        teer, levels = rule.teer, rule.noc2016_levels

        def level(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
        ) -> object:
            if occ is None:
                return no_occupation
            if occ.system == "noc2021":
                return occ.teer in teer
            return occ.skill_level in levels

        return level

    def _on_list(self, rule: m.Rule, country: str) -> _Test | _Const:
        # (built for each country that opens the route: see ``_rule_by_country``)
        list_id = rule.lists.get(country)
        if list_id is None:
            return _Const(False)  # no list for this country
        outcome = self.list_outcome

        def on_list(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
        ) -> object:
            return outcome(list_id, occ, v, country)

        return on_list

    def _on_list_by(self, rule: m.Rule) -> _Test:
        lists, by, outcome = rule.lists, cast(str, rule.lists_by), self.list_outcome
        no_answer = self.missing(by)

        def on_list_by(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
        ) -> object:
            # the list follows an answer (e.g. the service sector), not the country
            key = v.get(by)
            if key is None:
                return no_answer
            return outcome(lists.get(str(key)), occ, v, country)

        return on_list_by

    def _profession(self) -> _Test:
        profession = self.profession
        return lambda v, occ, country, done: profession(v, country)

    def _noc_match(self) -> _Test:
        match = self.noc_match
        return lambda v, occ, country, done: match(occ, v)

    def _principals(self, category: m.Category) -> _Test:
        names, principals = category.principal, self.principals
        return lambda v, occ, country, done: principals(names, done)

    def _default(self, question: str) -> object:
        found = self.content.questions_by_id.get(question)
        return None if found is None else found.default

    def _plain(self, question: str, op: str, expected: object) -> bool:
        """Whether ``op`` gives a plain True or False, never a TypeError, for every answer
        ``parse_answers`` lets through for ``question`` (str, bool, int, float, date)."""
        if op in ("eq", "ne"):
            return expected.__class__ in (str, bool, int, float)
        found = self.content.questions_by_id.get(question)
        if found is None:
            return False
        if found.type == "number":
            return expected.__class__ in (int, float)
        return found.type == "date" and expected.__class__ is dt.date

    def _condition(self, condition: m.Condition, country: str | None, fold: bool) -> _Test | _Const:
        """``condition`` as a closure; with ``fold``, for routes opened by ``country`` (the
        parts that depend on the country alone are worked out now)."""
        # (one builder per kind of condition: a closure's variables are made for each call
        # of the function that defines it, so one function for every kind made them all)
        build = _BUILDERS.get(condition.__class__)
        if build is None:
            raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover
        return build(self, condition, country, fold)

    def _compare(self, condition: m.Compare, country: str | None, fold: bool) -> _Test:
        value = condition.value
        key = ("compare", condition.question, condition.op, value.__class__, value)
        try:
            built = self._leaves.get(key)
        except TypeError:  # (an unhashable value: not kept)
            return self._build_compare(condition)
        if built is None:
            built = self._leaves[key] = self._build_compare(condition)
        return built

    def _build_compare(self, condition: m.Compare) -> _Test:
        q, expected = sys.intern(condition.question), condition.value
        compare = OPERATORS[condition.op]
        default = self._default(q)
        missing = self.missing(q)
        if condition.op == "eq" and self._plain(q, "eq", expected):

            def equals(
                v: Mapping[str, object],
                occ: Occupation | None,
                country: str | None,
                done: Mapping[str, Any],
                q: str = q,
                default: object = default,
                missing: frozenset[str] = missing,
                expected: object = expected,
            ) -> object:
                # (the most common comparison: ``==`` itself, not ``operator.eq``)
                value = v.get(q, default)
                if value is None:
                    return missing
                return value == expected

            self._equals[equals] = (q, default, missing, expected)
            return equals
        if self._plain(q, condition.op, expected):  # any answer compares with it: no checks

            def compare_plain(
                v: Mapping[str, object],
                occ: Occupation | None,
                country: str | None,
                done: Mapping[str, Any],
                q: str = q,
                default: object = default,
                missing: frozenset[str] = missing,
                compare: Callable[[Any, Any], Any] = compare,
                expected: object = expected,
            ) -> object:
                value = v.get(q, default)
                if value is None:
                    return missing
                return compare(value, expected)

            return compare_plain

        def compare_value(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
            q: str = q,
            default: object = default,
            missing: frozenset[str] = missing,
            compare: Callable[[Any, Any], Any] = compare,
            expected: object = expected,
        ) -> object:
            value = v.get(q, default)
            if value is None:
                return missing
            try:
                return bool(compare(value, expected))
            except TypeError:
                return False

        return compare_value

    def _compare_answers(
        self, condition: m.CompareAnswers, country: str | None, fold: bool
    ) -> _Test:
        q, other = condition.question, condition.other
        compare = OPERATORS[condition.op]
        defaults = (self._default(q), self._default(other))
        missing_left, missing_right = self.missing(q), self.missing(other)
        missing_both = self.missing(q, other)

        def compare_answers(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
        ) -> object:
            left = v.get(q, defaults[0])
            right = v.get(other, defaults[1])
            if left is None:
                return missing_both if right is None else missing_left
            if right is None:
                return missing_right
            try:
                return bool(compare(left, right))
            except TypeError:
                return False

        return compare_answers

    def _in_set(self, condition: m.InSet, country: str | None, fold: bool) -> _Test:
        key = ("in", condition.question, condition.values)
        try:
            built = self._leaves.get(key)
        except TypeError:  # (an unhashable value: not kept)
            return self._build_in_set(condition)
        if built is None:
            built = self._leaves[key] = self._build_in_set(condition)
        return built

    def _build_in_set(self, condition: m.InSet) -> _Test:
        q, values = sys.intern(condition.question), condition.values
        default = self._default(q)
        missing = self.missing(q)

        def in_set(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
            q: str = q,
            default: object = default,
            missing: frozenset[str] = missing,
            values: frozenset[object] = values,
        ) -> object:
            value = v.get(q, default)
            if value is None:
                return missing
            return value in values

        return in_set

    def _at_least(self, condition: m.AtLeast, country: str | None, fold: bool) -> _Test:
        q = condition.question
        question = self.content.questions_by_id[q]
        need = question.choice_index(condition.value)
        default = question.default
        missing = self.missing(q)
        index = question.choice_index

        def at_least(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
            q: str = q,
            default: object = default,
            missing: frozenset[str] = missing,
            index: Callable[[object], int | None] = index,
            need: int | None = need,
        ) -> object:
            value = v.get(q, default)
            if value is None:
                return missing
            have = index(value)
            return have is not None and need is not None and have >= need

        return at_least

    def _answered(self, condition: m.Answered, country: str | None, fold: bool) -> _Test:
        q = condition.question
        if condition.answered:
            return lambda v, occ, country, done: q in v
        return lambda v, occ, country, done: q not in v

    def _needs_answer(self, condition: m.NeedsAnswer, country: str | None, fold: bool) -> _Test:
        q = condition.question
        default = self._default(q)
        missing = self.missing(q)
        return lambda v, occ, country, done: True if v.get(q, default) is not None else missing

    def _route_country(
        self, condition: m.RouteCountry, country: str | None, fold: bool
    ) -> _Test | _Const:
        countries = condition.countries
        if fold:
            return _Const(country in countries)
        return lambda v, occ, country, done: country in countries

    def _all_of(self, condition: m.AllOf, country: str | None, fold: bool) -> _Test | _Const:
        return self._combine(condition.parts, False, country, fold)

    def _any_of(self, condition: m.AnyOf, country: str | None, fold: bool) -> _Test | _Const:
        return self._combine(condition.parts, True, country, fold)

    def _not(self, condition: m.Not, country: str | None, fold: bool) -> _Test | _Const:
        built = self._condition(condition.part, country, fold)
        if isinstance(built, _Const):
            value = built.value
            return _Const(not value if value is True or value is False else value)
        inner = built

        def negate(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
        ) -> object:
            outcome = inner(v, occ, country, done)
            if outcome is True:
                return False
            if outcome is False:
                return True
            return outcome

        return negate

    def _officer(self, condition: m.Officer, country: str | None, fold: bool) -> _Const:
        return _Const(None)

    def _always(self, condition: m.Always, country: str | None, fold: bool) -> _Const:
        return _Const(bool(condition.value))

    def _combine(
        self, parts: tuple[m.Condition, ...], any_: bool, country: str | None, fold: bool
    ) -> _Test | _Const:
        """``all`` (``any_`` false) or ``any``: the decisive outcome (false, or true) wins,
        then the first unknown part (its missing answers), then "an officer decides".

        Parts worked out in advance are never unknown: a decisive one decides, an officer's
        is remembered and the others are left out. The parts that are only ever true or
        false are tested first (they cannot be the first unknown part either), and the
        parts stop at the first decisive one."""
        decisive, otherwise = any_, not any_
        ordered = sorted(parts, key=lambda part: not isinstance(part, _TWO_VALUED))
        officer = False
        kept: list[_Test] = []
        for part in ordered:
            built = self._condition(part, country, fold)
            if not isinstance(built, _Const):
                kept.append(built)
            elif built.value is decisive:
                return built
            elif built.value is None:
                officer = True
        if not kept:
            return _Const(None if officer else otherwise)
        if len(kept) == 1 and not officer:
            return kept[0]
        tests = tuple(kept)

        def combine(
            v: Mapping[str, object],
            occ: Occupation | None,
            country: str | None,
            done: Mapping[str, Any],
            tests: tuple[_Test, ...] = tests,
            officer: bool = officer,
            decisive: bool = decisive,
            otherwise: bool = otherwise,
        ) -> object:
            unknown: object = None
            undecided = officer
            for test in tests:
                outcome = test(v, occ, country, done)
                if outcome is decisive:
                    return decisive
                if outcome is None:
                    undecided = True
                elif outcome is not otherwise and unknown is None:
                    unknown = outcome
            if unknown is not None:
                return unknown
            return None if undecided else otherwise

        return combine


class _Const:
    """A condition's outcome worked out in advance (for the routes one country opens)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def _closure(built: _Test | _Const) -> _Test:
    return _constant(built.value) if isinstance(built, _Const) else built


def _constant(value: object) -> _Test:
    return lambda v, occ, country, done: value


# each kind of condition's builder (see ``RouteCompiler._condition``)
_BUILDERS: dict[type, Callable[[RouteCompiler, Any, str | None, bool], _Test | _Const]] = {
    m.Compare: RouteCompiler._compare,
    m.CompareAnswers: RouteCompiler._compare_answers,
    m.InSet: RouteCompiler._in_set,
    m.AtLeast: RouteCompiler._at_least,
    m.Answered: RouteCompiler._answered,
    m.NeedsAnswer: RouteCompiler._needs_answer,
    m.RouteCountry: RouteCompiler._route_country,
    m.AllOf: RouteCompiler._all_of,
    m.AnyOf: RouteCompiler._any_of,
    m.Not: RouteCompiler._not,
    m.Officer: RouteCompiler._officer,
    m.Always: RouteCompiler._always,
}
