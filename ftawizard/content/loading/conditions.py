"""Conditions as the content writes them ({ q = "job_offer", eq = true }, { all = [...] }…),
wherever they appear: rules, documents, notes, steps, list items."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from ftawizard.content import models as m
from ftawizard.content.loading.base import LoaderBase
from ftawizard.content.reader import (
    Line,
    Table,
)

_COMPARE_OPS: tuple[m.CompareOp, ...] = ("eq", "ne", "gt", "gte", "lt", "lte")


class ConditionsLoader(LoaderBase):
    """Reads a condition, noting the questions and choice values it names (checked once the
    questions are loaded)."""

    def condition(self, value: Any, table: Table, key: str) -> m.Condition | None:
        where = f"{table.where}.{key}" if table.where else key
        line = table.lazy_line(key)
        return self._condition(value, table.source.name, line, where)

    def _condition(self, value: Any, file: str, line: Line, where: str) -> m.Condition | None:
        def bad(message: str) -> None:
            self.problems.add(file, line, f"{where}: {message}")

        if not isinstance(value, dict):
            bad(
                f'a condition must be a table such as {{ q = "job_offer", eq = true }}, not {value!r}'
            )
            return None
        # the one key of a one-key condition ({ all = [...] }, { not = {...} }…)
        only = next(iter(value)) if len(value) == 1 else None
        if only == "all" or only == "any":
            name = only
            parts_raw = value[name]
            if not isinstance(parts_raw, list) or not parts_raw:
                bad(f"'{name}' needs a non-empty list of conditions")
                return None
            parts = [self._condition(part, file, line, f"{where}.{name}") for part in parts_raw]
            if any(part is None for part in parts):
                return None
            clean = tuple(part for part in parts if part is not None)
            return m.AllOf(clean) if name == "all" else m.AnyOf(clean)
        if only == "not":
            part = self._condition(value["not"], file, line, f"{where}.not")
            return None if part is None else m.Not(part)
        if only == "officer":
            if not isinstance(value["officer"], str) or not value["officer"].strip():
                bad("'officer' needs the text explaining what the officer decides")
                return None
            return m.Officer(value["officer"])
        if only == "always":
            if not isinstance(value["always"], bool):
                bad("'always' must be true or false")
                return None
            return m.Always(value["always"])
        if only == "country_in":
            codes = value["country_in"]
            if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
                bad("'country_in' needs a list of country codes")
                return None
            return m.RouteCountry(frozenset(self.expand_countries(codes, file, line, where)))
        if "q" not in value:
            bad(
                "unknown condition; expected q = … with eq/ne/gt/gte/lt/lte/in/at_least/"
                "answered/needs_answer/gte_q…, or all/any/not/officer/always/country_in"
            )
            return None
        question = value["q"]
        if not isinstance(question, str):
            bad("'q' must be a question id")
            return None
        self.condition_uses.append((question, file, line, where))
        operators = value.keys() - {"q"}
        if len(operators) != 1:
            bad(
                f"a condition on '{question}' needs exactly one operator, found {sorted(operators)}"
            )
            return None
        (operator,) = operators
        operand = value[operator]
        if operator in _COMPARE_OPS:
            if operator in ("gt", "gte", "lt", "lte") and (
                isinstance(operand, bool) or not isinstance(operand, int | float | dt.date)
            ):
                bad(f"'{operator}' needs a number or a date, not {operand!r}")
                return None
            if isinstance(operand, str):
                self.choice_uses.append((question, operand, file, line, where))
            return m.Compare(question, cast(m.CompareOp, operator), operand)
        if operator.endswith("_q") and operator[:-2] in _COMPARE_OPS:
            if not isinstance(operand, str):
                bad(f"'{operator}' needs a question id")
                return None
            self.condition_uses.append((operand, file, line, where))
            return m.CompareAnswers(question, cast(m.CompareOp, operator[:-2]), operand)
        if operator == "in":
            if not isinstance(operand, list) or not operand:
                bad("'in' needs a non-empty list")
                return None
            values: list[object] = []
            for item in operand:
                if isinstance(item, str) and item.startswith("@"):
                    # a country group, for country questions (e.g. the employer's country)
                    values.extend(self.expand_countries([item], file, line, where))
                    continue
                if isinstance(item, str):
                    self.choice_uses.append((question, item, file, line, where))
                values.append(item)
            return m.InSet(question, frozenset(values))
        if operator == "at_least":
            if not isinstance(operand, str):
                bad("'at_least' needs a choice value")
                return None
            self.choice_uses.append((question, operand, file, line, where))
            return m.AtLeast(question, operand)
        if operator == "needs_answer":
            if operand is not True:
                bad("'needs_answer' must be true")
                return None
            return m.NeedsAnswer(question)
        if operator == "answered":
            if not isinstance(operand, bool):
                bad("'answered' must be true or false")
                return None
            return m.Answered(question, operand)
        bad(f"unknown operator '{operator}'")
        return None

    def optional_condition(self, table: Table, key: str) -> m.Condition | None:
        if key not in table.data:
            return None
        return self.condition(table.data[key], table, key)
