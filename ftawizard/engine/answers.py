"""Answers: checked against the questions of the content tree, before any rule runs.

Every front-end (TUI, plain prompts, ``assess``) passes raw values through ``parse_answers``,
so a bad value gets the same clear message everywhere: the field and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Mapping
from typing import Literal, cast

import attrs

from ftawizard.content.models import Content, CusmaProfession, Question

NO_RESIDENCE = frozenset({"", "none", "no"})
NO_PROFESSION = "none"
# The answer "I don't know": stored as given (so a resumed session does not ask again and the
# review shows it), read by the rules as no answer (the routes that need it need information).
UNKNOWN = "unknown"


class AnswerError(ValueError):
    """An answer cannot be used; ``field`` names it and the message says why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@attrs.frozen
class Occupation:
    """The occupation the answers name, in the classification in force on the date."""

    code: str
    system: Literal["noc2021", "noc2016"]
    title: str
    teer: int | None = None  # NOC 2021
    skill_level: str | None = None  # NOC 2016: "0", "A", "B", "C", "D"
    converted_from: str | None = None  # the NOC 2021 code given for an earlier date

    @property
    def level_label(self) -> str:
        if self.system == "noc2021":
            return f"TEER {self.teer}"
        return (
            "NOC skill type 0" if self.skill_level == "0" else f"NOC skill level {self.skill_level}"
        )


# Not frozen (nothing changes answers once parsed; the values are a dict, so they were never
# hashable): a frozen attrs class with slots sets each field through ``object.__setattr__``,
# several times slower, and every answer set checked pays for one.
@attrs.define(eq=True)
class Answers:
    values: Mapping[str, object]
    application_date: dt.date
    occupation: Occupation | None
    warnings: tuple[str, ...] = ()

    def get(self, question_id: str) -> object:
        return self.values.get(question_id)

    def answered(self, question_id: str) -> bool:
        return question_id in self.values


def check_answer(content: Content, question: Question, value: object) -> object:
    """One answer, checked against its question's type; returns the canonical value."""
    field = question.id
    kind = question.type
    if kind == "bool":
        if not isinstance(value, bool):
            raise AnswerError(field, f"must be true or false, not {value!r}")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise AnswerError(field, f"must be a number, not {value!r}")
        return check_number(question, value)
    if kind == "date":
        return parse_date(field, value)
    if kind == "country":
        if not isinstance(value, str):
            raise AnswerError(
                field, f'must be a two-letter country code such as "MX", not {value!r}'
            )
        code = value.strip().upper()
        if code not in content.countries:
            raise AnswerError(
                field,
                f'unknown country code {value!r} (use ISO 3166-1 alpha-2, e.g. "MX", "JP", "PE")',
            )
        return code
    if kind == "choice":
        if not isinstance(value, str):
            raise AnswerError(field, f"must be one of {_choices(question)}, not {value!r}")
        if question.choice_index(value) is not None:
            return value
        folded = value.strip().casefold()
        for choice in question.choices:
            if choice.value.casefold() == folded:
                return choice.value
        raise AnswerError(field, f"{value!r} is not one of {_choices(question)}")
    if kind == "cusma_profession":
        if not isinstance(value, str):
            raise AnswerError(field, f"must be a CUSMA profession's name, not {value!r}")
        folded = value.strip().casefold()
        if folded == NO_PROFESSION:
            return NO_PROFESSION
        profession = content.cusma_by_key.get(folded)
        if profession is None:
            raise AnswerError(
                field,
                f'{value!r} is not a profession on the CUSMA list (e.g. "Engineer", '
                '"Hotel Manager", "Registered Nurse"; or "none")',
            )
        return profession.name
    if kind == "noc":
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise AnswerError(field, f'must be a NOC code such as "21300", not {value!r}')
        return str(value).strip()
    if not isinstance(value, str):
        raise AnswerError(field, f"must be text, not {value!r}")
    return value


def _choices(question: Question) -> str:
    return ", ".join(f'"{choice.value}"' for choice in question.choices)


def parse_date(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) != 10:
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise AnswerError(field, f"must be a date written YYYY-MM-DD, not {value!r}")


def occupation_for(content: Content, code: str, on: dt.date) -> Occupation:
    """The occupation a NOC code names for an application received on ``on``."""
    if not code.isdigit() or len(code) not in (4, 5):
        raise AnswerError(
            "noc", f"{code!r} is not a NOC code (five digits for NOC 2021, four for NOC 2016)"
        )
    uses_2021 = on >= content.noc_switch_date
    switch = content.noc_switch_date.isoformat()
    if len(code) == 5:
        group = content.noc2021.get(code)
        if group is None:
            raise AnswerError("noc", f"unknown NOC 2021 code {code!r}")
        if uses_2021:
            return Occupation(code, "noc2021", group.title_en, teer=group.teer)
        predecessors = content.noc2021_to_2016.get(code, ())
        if len(predecessors) != 1:
            listed = ", ".join(predecessors) or "none"
            raise AnswerError(
                "noc",
                f"applications received before {switch} use NOC 2016; NOC 2021 code {code} "
                f"comes from several NOC 2016 codes ({listed}): give the four-digit NOC 2016 code",
            )
        old = content.noc2016[predecessors[0]]
        return Occupation(
            old.code, "noc2016", old.title, skill_level=old.skill_level, converted_from=code
        )
    old_group = content.noc2016.get(code)
    if old_group is None:
        raise AnswerError("noc", f"unknown NOC 2016 code {code!r}")
    if uses_2021:
        successors = ", ".join(content.noc2016_to_2021.get(code, ()))
        raise AnswerError(
            "noc",
            f"{code} is a NOC 2016 code, but applications received on or after {switch} use "
            f"NOC 2021 (five digits; {code} became {successors})",
        )
    return Occupation(old_group.code, "noc2016", old_group.title, skill_level=old_group.skill_level)


def upgrade_answers(
    content: Content, raw: Mapping[str, object], strict: bool = False
) -> dict[str, object]:
    """Raw answers with the keys of retired questions rewritten to their replacements
    (an answer already given to the new question wins). A value with no mapping is dropped,
    or with ``strict`` refused with an ``AnswerError``."""
    if not any(key in content.retired for key in raw):
        return dict(raw)
    upgraded = {key: value for key, value in raw.items() if key not in content.retired}
    for key, value in raw.items():
        retired = content.retired.get(key)
        if retired is None:
            continue
        for old, new in retired.values:
            if old == value and type(old) is type(value):
                if upgraded.get(retired.replaced_by) in (None, ""):
                    upgraded[retired.replaced_by] = new
                break
        else:
            # (refused even when the new question is answered too: a value the older
            # question never took is a mistake in the file, not a stale answer)
            if strict and value is not None:
                accepted = " or ".join(repr(old) for old, _ in retired.values)
                raise AnswerError(
                    key,
                    f"{value!r} is not accepted: '{key}' is an older question (now "
                    f"'{retired.replaced_by}') that takes {accepted}",
                )
    return upgraded


@attrs.frozen
class _KnownAnswers:
    """What ``check_answer`` would return unchanged, per question, to skip it for most answers."""

    closed: Mapping[str, frozenset[object]]  # true/false, choices, countries
    ranges: Mapping[str, tuple[float, float]]  # numbers: (min, max)
    occupations: dict[tuple[str, bool], Occupation] = attrs.field(factory=dict)
    # (question, the value's class, value) -> what ``check_answer`` made of it, or _NO_ANSWER
    checked: dict[tuple[str, type, object], object] = attrs.field(factory=dict)


_NO_ANSWER = object()  # a permanent residence of "none", or "unknown": no answer


_KNOWN: dict[int, tuple[Content, _KnownAnswers]] = {}


def _known_answers(content: Content) -> _KnownAnswers:
    entry = _KNOWN.get(id(content))
    if entry is None or entry[0] is not content:
        closed: dict[str, frozenset[object]] = {}
        ranges: dict[str, tuple[float, float]] = {}
        # (interned: most answers' keys and values are, and an interned string is found by
        # identity, without comparing its characters)
        for question in content.questions:
            key = sys.intern(question.id)
            if question.type == "bool":
                closed[key] = frozenset({True, False})
            elif question.type == "choice":
                closed[key] = frozenset(sys.intern(choice.value) for choice in question.choices)
            elif question.type == "country" and question.id != "permanent_residence":
                # (a permanent residence may also be "none")
                closed[key] = frozenset(map(sys.intern, content.countries))
            elif question.type == "number":
                low = -math.inf if question.min is None else question.min
                high = math.inf if question.max is None else question.max
                ranges[key] = (low, high)
        if len(_KNOWN) > 8:
            _KNOWN.clear()
        entry = _KNOWN[id(content)] = (content, _KnownAnswers(closed, ranges))
    return entry[1]


def parse_answers(
    content: Content, raw: Mapping[str, object], today: dt.date | None = None
) -> Answers:
    """Check raw answers (from JSON, TOML, a form) and return the canonical ``Answers``.

    Unknown keys are kept out and reported as warnings (a misspelt key must not pass
    silently); ``None`` means "not answered".
    """
    warnings: list[str] = []
    entry = _KNOWN.get(id(content))
    known = entry[1] if entry is not None and entry[0] is content else _known_answers(content)
    closed, ranges, checked = known.closed, known.ranges, known.checked
    questions = content.questions_by_id
    retired = content.retired
    # (the few retired keys looked up in the answers, not every answer among them)
    if retired and not raw.keys().isdisjoint(retired):
        raw = upgrade_answers(content, raw, strict=True)
    # every answer as given, in the same order; the ones not in their canonical form are
    # replaced in place, and the ones that are no answer taken out
    values: dict[str, object] = (
        cast(dict[str, object], raw).copy() if type(raw) is dict else dict(raw)
    )
    for key, value in raw.items():
        # an answer already in its canonical form (most are) needs no further checking
        kind = type(value)
        if kind is bool or kind is str:
            accepted = closed.get(key)
            if accepted is not None and value in accepted:
                continue
        elif kind is int or kind is float:
            limits = ranges.get(key)
            if limits is not None:
                number: float = value  # type: ignore[assignment]
                if limits[0] <= number <= limits[1] and number - number == 0:  # (not inf, nan)
                    continue
        elif value is None:
            del values[key]
            if key not in questions:
                warnings.append(f"unknown answer key {key!r} was ignored")
            continue
        # the same value for the same question is checked the same way: once
        try:
            canonical, keep = checked.get((key, kind, value), checked), True
        except TypeError:  # (unhashable: a list or table where a value belongs)
            canonical, keep = checked, False
        if canonical is checked:
            question = questions.get(key)
            if question is None:
                del values[key]
                warnings.append(f"unknown answer key {key!r} was ignored")
                continue
            if kind is str and is_unknown(value):
                canonical = _NO_ANSWER  # "I don't know": no answer, for the rules
            elif (
                key == "permanent_residence"
                and isinstance(value, str)
                and value.strip().casefold() in NO_RESIDENCE
                and value.strip() != "NO"  # Norway's country code, not "no"
            ):
                canonical = _NO_ANSWER
            else:
                canonical = check_answer(content, question, value)
            if keep and len(checked) < 4096:
                checked[key, kind, value] = canonical
        if canonical is _NO_ANSWER:
            del values[key]
        elif canonical is not value:
            values[key] = canonical
    application_date = values.get("application_date")
    if not isinstance(application_date, dt.date):
        application_date = today or dt.date.today()
        # rules compare dates with it, so the assumed date is an answer like any other
        values["application_date"] = application_date
    occupation = None
    code = values.get("noc")
    if isinstance(code, str):
        # the same code on the same side of the NOC switch is the same occupation
        uses_2021 = application_date >= content.noc_switch_date
        occupation = known.occupations.get((code, uses_2021))
        if occupation is None:
            occupation = occupation_for(content, code, application_date)
            if len(known.occupations) < 4096:
                known.occupations[code, uses_2021] = occupation
        if occupation.converted_from:
            warnings.append(
                f"NOC 2021 code {occupation.converted_from} was read as NOC 2016 code "
                f"{occupation.code} ({occupation.title}) for an application received before "
                f"{content.noc_switch_date.isoformat()}"
            )
    # (made without calling ``Answers.__init__`` in Python: it costs more than its 4 fields)
    answers = object.__new__(Answers)
    answers.values, answers.application_date, answers.occupation = (
        values,
        application_date,
        occupation,
    )
    answers.warnings = tuple(warnings)
    return answers


def is_unknown(value: object) -> bool:
    """The answer "I don't know" (``UNKNOWN``, in any case)."""
    return isinstance(value, str) and value.strip().casefold() == UNKNOWN


# ---------------------------------------------------------------------- numbers as typed


@attrs.frozen
class NumberReading:
    """A number as read from what a person typed.

    ``notes`` say how the text was read where it was not plain digits ("the comma read as a
    decimal point"); ``unusual`` says why the value looks wrong for the question (outside
    its plausible range): the person confirms it before it is kept.
    """

    value: int | float
    text: str  # the value as the person reads it back: "48.50 CAD an hour"
    notes: tuple[str, ...] = ()
    unusual: str | None = None


_CURRENCY = re.compile(r"^(?:ca?\$|can\$|cad|\$)\s*|\s*(?:\$|cad|ca?\$)$", re.IGNORECASE)
_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f'’_](?=\d)")
_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_EURO_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$")


def _unit_words(question: Question) -> list[str]:
    """What may follow a number and means its unit: "years", "months", "CAD an hour"…"""
    unit = question.unit.casefold()
    words = [unit] if unit else []
    if "hour" in unit:
        words += ["an hour", "per hour", "a hour", "/hour", "/h", "/hr", "an hr", "per hr", "h"]
    for word in ("years", "months", "days"):
        if word in unit:
            words += [word, word[:-1]]
    return sorted(words, key=len, reverse=True)


def read_number(question: Question, text: str) -> NumberReading:
    """Read a number typed for ``question``: digits with a decimal point or a decimal comma
    ("48,50" is 48.5), thousands separated by commas, dots or spaces ("1,250.50",
    "1.250,50", "1 250"), and a leading "$" or "CAD" (noted, since the amount is taken as
    Canadian dollars). Letters are refused with an ``AnswerError`` (never silently dropped);
    the value is then checked like any answer (``check_answer``: its bounds).
    """
    field = question.id
    raw = text.strip()
    notes: list[str] = []
    body = raw
    folded = body.casefold()
    for word in _unit_words(question):
        stripped = body[: len(body) - len(word)].rstrip()
        # (only after a number: "48 an hour", "5 years", "48/h")
        if folded.endswith(word) and stripped and stripped[-1].isdigit():
            body = stripped
            break
    without_currency = _CURRENCY.sub("", body).strip()
    if without_currency != body:
        if "CAD" in question.unit:
            notes.append(f'"{raw}" read as an amount in Canadian dollars')
        body = without_currency
    body = _SPACES.sub("", body)
    if _PLAIN.match(body):
        number_text = body
    elif _DECIMAL_COMMA.match(body) and not _GROUPED.match(body):
        number_text = body.replace(",", ".")
        notes.append("the comma read as a decimal point")
    elif _GROUPED.match(body):
        number_text = body.replace(",", "")
        notes.append("the commas read as thousands separators")
    elif _EURO_GROUPED.match(body) or _GROUPED_DOTS.match(body):
        number_text = body.replace(".", "").replace(",", ".")
        notes.append("the dots read as thousands separators")
    else:
        if not raw:
            raise AnswerError(field, "nothing was typed: type a number")
        if any(char.isalpha() for char in body):
            raise AnswerError(
                field,
                f"{raw!r} is not a number: type it in digits (for example 2 or 48.50)",
            )
        raise AnswerError(
            field, f"{raw!r} is not a number: type digits, with a point or a comma for decimals"
        )
    number = float(number_text)
    value: int | float = int(number) if number.is_integer() and "." not in number_text else number
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    checked = check_number(question, value)
    return NumberReading(
        value=checked,
        text=number_text_for(question, checked),
        notes=tuple(notes),
        unusual=unusual_number(question, checked),
    )


def check_number(question: Question, value: int | float) -> int | float:
    """A number answer within its question's bounds (``min``, ``max``), else ``AnswerError``."""
    field = question.id
    if isinstance(value, float) and not math.isfinite(value):
        raise AnswerError(field, f"must be a finite number, not {value!r}")
    if question.min is not None and value < question.min:
        if question.min == 0:
            raise AnswerError(field, f"must not be negative (got {value})")
        raise AnswerError(field, f"must be at least {question.min:g} (got {value})")
    if question.max is not None and value > question.max:
        raise AnswerError(field, f"must be at most {question.max:g} (got {value})")
    return value


def number_text_for(question: Question, value: int | float) -> str:
    """A number answer as a person reads it: "48.50 CAD an hour", "5 years"."""
    # (no thousands separator: "1,250" would read as a decimal comma to many)
    if "CAD" in question.unit and not float(value).is_integer():
        shown = f"{value:.2f}"
    else:
        shown = f"{value:.12g}"
    return f"{shown} {question.unit}".strip()


def unusual_number(question: Question, value: int | float) -> str | None:
    """Why ``value`` looks wrong for ``question`` (outside its plausible range), or None."""
    plausible = question.plausible
    if plausible is None:
        return None
    if plausible.min is not None and value < plausible.min:
        return plausible.below or f"less than {plausible.min:g} {question.unit}".strip()
    if plausible.max is not None and value > plausible.max:
        return plausible.above or f"more than {plausible.max:g} {question.unit}".strip()
    return None


# ---------------------------------------------------------------------- suggestions


def professions_for_noc(content: Content, raw: Mapping[str, object]) -> list[CusmaProfession]:
    """The CUSMA professions whose usual occupation codes include the NOC already answered
    (a NOC 2016 code is read through its NOC 2021 successors): what the profession question
    proposes first, for the person to confirm. Empty when no NOC is answered or none matches."""
    code = raw.get("noc")
    if not isinstance(code, str) or not code.strip():
        return []
    code = code.strip()
    codes = {code} | set(content.noc2016_to_2021.get(code, ()))
    return [
        profession
        for profession in content.cusma_professions
        if not profession.noc_hints.isdisjoint(codes)
    ]
