"""Answers → a verdict for every route (agreement × category) the person's country opens.

Pure: no terminal, no files. Each rule of a category becomes one ``Reason`` (met, not met,
unknown, or "an officer decides"), tied to its source. The verdict follows the reasons:
any rule not met → not eligible; else any unknown or officer-decided → needs information;
else eligible. "Eligible" therefore never comes with an unmet or undecided rule.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import cast

import attrs

from ftawizard.content import models as m
from ftawizard.content.validate import IMPLICIT_READS
from ftawizard.engine.answers import NO_PROFESSION, Answers, Occupation
from ftawizard.engine.compiled import Decide, RouteCompiler
from ftawizard.engine.conditions import FALSE, TRUE, Context, Outcome, Status, combine_all, evaluate


class Verdict(enum.Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_INFO = "needs_info"


@attrs.frozen
class Reason:
    rule: str
    status: Status
    template: str  # the content's sentence; filled in only when the text is read
    source: str
    missing: frozenset[str] = frozenset()
    values: Mapping[str, str] | Callable[[], Mapping[str, str]] = attrs.field(
        factory=dict, eq=False
    )
    extra: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    suffix: str = ""

    @property
    def text(self) -> str:
        values = self.values() if callable(self.values) else self.values
        text = _fmt(self.template, {**values, **self.extra} if self.extra else values)
        return f"{text} {self.suffix}" if self.suffix else text

    @property
    def met(self) -> bool | None:
        if self.status is Status.TRUE:
            return True
        if self.status is Status.FALSE:
            return False
        return None

    @property
    def officer_decides(self) -> bool:
        return self.status is Status.OFFICER


@attrs.frozen
class RouteDetails:
    """Everything that explains a route's verdict: built only when it is read."""

    reasons: tuple[Reason, ...]
    documents: tuple[m.Document, ...]
    notes: tuple[m.Note, ...]
    steps: tuple[m.Step, ...] = ()
    assumed: tuple[str, ...] = ()  # follow-ups answered by their cautious default
    read: frozenset[str] = frozenset()  # questions this route's evaluation looked at


@attrs.frozen
class OpenedRoute:
    """A route, and the country that opens it for the answers (None: citizenship not known)."""

    agreement: m.Agreement
    category: m.Category
    country: str | None
    how: str | None  # "citizen" or "resident"


# Not frozen (nothing changes a result once made, and it is compared and hashed like a frozen
# one): a frozen attrs class with slots sets each field through ``object.__setattr__``, which
# made building the ten or so results of an assessment a fifth of its cost.
@attrs.define(unsafe_hash=True)
class RouteResult:
    """One route's verdict (worked out at once) and its explanation (``details``, on demand).

    The verdict and the missing answers are what the wizard needs after every answer and what
    exhaustive checks need for thousands of answer sets; the reasons, documents, notes and
    steps are built from the same evaluation when something reads them.
    """

    route: OpenedRoute
    verdict: Verdict
    missing: tuple[str, ...]
    # the details once built; until then what works them out: the assessment's ``_Lazy``,
    # or for a spouse route (its principals' results, the ``_Lazy``)
    _details: RouteDetails | _Lazy | tuple[Mapping[str, RouteResult], _Lazy] = attrs.field(
        eq=False, repr=False
    )

    @property
    def category(self) -> m.Category:
        return self.route.category

    @property
    def agreement(self) -> m.Agreement:
        return self.route.agreement

    @property
    def route_country(self) -> str | None:
        return self.route.country

    @property
    def route_id(self) -> str:
        return self.route.category.route_id

    @property
    def details(self) -> RouteDetails:
        details = self._details
        if isinstance(details, RouteDetails):
            return details
        principals: Mapping[str, RouteResult] = _NONE
        if isinstance(details, tuple):
            principals, details = details
        built = self._details = _details(
            self.route, principals, details.inputs(self.route, principals)
        )
        return built

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.details.reasons

    @property
    def documents(self) -> tuple[m.Document, ...]:
        return self.details.documents

    @property
    def notes(self) -> tuple[m.Note, ...]:
        return self.details.notes

    @property
    def steps(self) -> tuple[m.Step, ...]:
        return self.details.steps

    @property
    def assumed(self) -> tuple[str, ...]:
        return self.details.assumed

    @property
    def read(self) -> frozenset[str]:
        return self.details.read


@attrs.frozen
class NotCoveredRoute:
    category: m.Category
    agreement: m.Agreement
    text: str
    source: str


@attrs.frozen
class Assessment:
    answers: Answers
    routes: tuple[RouteResult, ...]
    not_covered: tuple[NotCoveredRoute, ...]
    missing: tuple[str, ...]  # every question some undecided route still needs, in flow order
    general_notes: tuple[m.Note, ...] = ()  # notes of the sources that apply to every route

    @property
    def as_of(self) -> dt.date:
        return self.answers.application_date

    def route(self, route_id: str) -> RouteResult | None:
        for route in self.routes:
            if route.route_id == route_id:
                return route
        return None


class _Formatter(dict[str, str]):
    """``str.format_map`` helper: an unknown placeholder stays visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _either(values: Iterable[str]) -> str:
    """ "0", "1", "2" -> "0, 1 or 2"."""
    items = list(values)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _fmt(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(_Formatter(values))


def _route_country(
    category: m.Category, citizenship: object, residence: object
) -> tuple[str | None, str | None]:
    """(country that opens the route, "citizen" | "resident"), or (None, None)."""
    if isinstance(citizenship, str) and citizenship in category.citizens:
        return citizenship, "citizen"
    if isinstance(residence, str) and residence in category.permanent_residents:
        return residence, "resident"
    return None, None


def _placeholders(
    content: m.Content,
    answers: Answers,
    agreement: m.Agreement,
    category: m.Category,
    country: str | None,
) -> dict[str, str]:
    """The values a rule's sentence can name: {agreement}, {noc_title}, {date}, …"""
    occupation = answers.occupation
    values = {
        "agreement": agreement.short,
        "category": category.name,
        "code": category.exemption_code,
        "country": content.country_in_text(country) if country else "",
        "date": answers.application_date.isoformat(),
        "switch": content.noc_switch_date.isoformat(),
    }
    if occupation is not None:
        values["noc"] = occupation.code
        values["noc_title"] = occupation.title
        values["level"] = occupation.level_label
        values["teer"] = str(occupation.teer) if occupation.teer is not None else ""
    profession = answers.get("cusma_profession")
    if isinstance(profession, str):
        values["profession"] = profession
    return values


# One rule's outcome in words still to be filled in: (rule id, status, template, source,
# missing answers, extra values, suffix). The same parts serve every answer set that
# evaluates the same way; the placeholders are filled from each set's own answers.
_Part = tuple[str, Status, str, str, frozenset[str], Mapping[str, str], str]


@attrs.frozen
class _Explained:
    """A route's full evaluation, independent of the wording of the answers."""

    verdict: Verdict
    missing: tuple[str, ...]
    parts: tuple[_Part, ...]
    documents: tuple[m.Document, ...]
    notes: tuple[m.Note, ...]  # templates: filled in per answer set
    steps: tuple[m.Step, ...]
    assumed: tuple[str, ...]
    read: frozenset[str]


class _RouteEvaluator:
    """Evaluates one route for one answer set.

    Every input it uses goes through its ``Context`` and is noted there in the order first
    looked at: the answers, and the inputs that are not answers ("@country", "@occupation",
    …; see ``_Inputs``). The memo relies on this: the evaluation is a function of those
    inputs only.
    """

    def __init__(
        self,
        content: m.Content,
        answers: Answers,
        route: OpenedRoute,
        principals: Mapping[str, RouteResult],  # a spouse route's principals' results
    ) -> None:
        self.content = content
        self.answers = answers
        self.agreement = route.agreement
        self.category = route.category
        self.country = route.country
        self.how = route.how
        self.principals = principals
        self.context = Context(content, answers.values, route.country)
        self.context.looked_at("@opened")

    def occupation(self, aspect: str = "@occupation") -> Occupation | None:
        """The occupation; ``aspect`` says what of it the caller depends on (see ``_Inputs``)."""
        self.context.looked_at(aspect)
        return self.answers.occupation

    # ---------------------------------------------------------------- rule kinds
    def occupation_level(self, rule: m.Rule) -> tuple[Outcome, dict[str, str]]:
        occupation = self.occupation("@level")
        if occupation is None:
            return Outcome(Status.UNKNOWN, frozenset({"noc"})), {}
        if occupation.system == "noc2021":
            allowed = _either(str(teer) for teer in sorted(rule.teer))
            ok = occupation.teer in rule.teer
            return (TRUE if ok else FALSE), {"allowed": f"TEER {allowed}"}
        levels = _either(sorted(rule.noc2016_levels))
        ok = occupation.skill_level in rule.noc2016_levels
        return (TRUE if ok else FALSE), {"allowed": f"NOC 2016 skill type/level {levels}"}

    def occupation_list(self, rule: m.Rule) -> tuple[Outcome, dict[str, str]]:
        if rule.lists_by is not None:
            # the list follows an answer (e.g. the service sector), not the country
            key = self.context.raw(rule.lists_by)
            if key is None:
                return Outcome(Status.UNKNOWN, frozenset({rule.lists_by})), {"list": ""}
            list_id = rule.lists.get(str(key))
            if list_id is None:
                return FALSE, {"list": "(no list for this answer)", "match": "is not covered"}
        else:
            self.context.looked_at("@country")
            list_id = rule.lists.get(self.country or "")
        if list_id is None:
            return FALSE, {"list": "(no list for this country)"}
        occupation_list = self.content.lists[list_id]
        extra = {"list": occupation_list.title}
        occupation = self.occupation(f"@list:{list_id}")
        if occupation is None:
            return Outcome(Status.UNKNOWN, frozenset({"noc"})), extra
        return _list_outcome(self.content, occupation_list, occupation, self.context, extra)

    def cusma_profession(self) -> tuple[Outcome, dict[str, str]]:
        name = self.context.raw("cusma_profession")
        if name is None:
            return Outcome(Status.UNKNOWN, frozenset({"cusma_profession"})), {}
        if name == NO_PROFESSION:
            return FALSE, {
                "profession": "The job",
                "detail": "it is not one of the 63 professions of CUSMA Appendix 2, a closed list",
            }
        profession = self.content.cusma_by_key[str(name).casefold()]
        extra = {"profession": profession.name, "credentials": profession.credentials_text}
        required = evaluate(profession.requires, self.context)
        credentials = evaluate(profession.credentials, self.context)
        # say what failed: the profession's extra requirement, or its credentials
        failed_requirement = required.status is Status.FALSE or (
            required.status is not Status.TRUE and credentials.status is Status.TRUE
        )
        extra["detail"] = (
            profession.requires_text if failed_requirement else profession.credentials_text
        )
        return combine_all([required, credentials]), extra

    def cusma_noc_match(self) -> tuple[Outcome, dict[str, str]]:
        occupation = self.occupation()
        name = self.context.raw("cusma_profession")
        missing = frozenset(
            question
            for question, value in (("noc", occupation), ("cusma_profession", name))
            if value is None
        )
        if missing:
            return Outcome(Status.UNKNOWN, missing), {}
        if name == NO_PROFESSION or occupation is None:
            return TRUE, {}
        profession = self.content.cusma_by_key[str(name).casefold()]
        hints = profession.noc_hints
        if occupation.system == "noc2016":
            hints = frozenset(
                old
                for new in profession.noc_hints
                for old in self.content.noc2021_to_2016.get(new, ())
            )
        listed = ", ".join(sorted(hints)) or "none"
        extra = {"hints": listed}
        if occupation.code in hints:
            return TRUE, extra
        return Outcome(Status.OFFICER), extra

    def principal_eligible(self) -> tuple[Outcome, dict[str, str]]:
        self.context.looked_at(f"@principals:{self.category.route_id}")
        principals = [
            self.principals[route] for route in self.category.principal if route in self.principals
        ]
        names = (
            " or ".join(
                f"{result.agreement.short} {result.category.name.lower()}" for result in principals
            )
            or "a principal route"
        )
        extra = {"principal": names}
        verdicts = {result.verdict for result in principals}
        if Verdict.ELIGIBLE in verdicts:
            return TRUE, extra
        if not principals or verdicts == {Verdict.NOT_ELIGIBLE}:
            return FALSE, extra
        missing = frozenset(question for result in principals for question in result.missing)
        if missing:
            return Outcome(Status.UNKNOWN, missing), extra
        return Outcome(Status.OFFICER), extra

    # ---------------------------------------------------------------- the rules
    def opening(self) -> _Part:
        texts = self.content.texts
        if self.country is None:
            return (
                "citizenship",
                Status.UNKNOWN,
                texts["citizenship_unknown"],
                self.category.source,
                frozenset({"citizenship"}),
                {},
                "",
            )
        key = "opened_by_citizenship" if self.how == "citizen" else "opened_by_residence"
        return ("citizenship", Status.TRUE, texts[key], self.category.source, frozenset(), {}, "")

    def rule_outcome(self, rule: m.Rule) -> tuple[Outcome, dict[str, str]] | None:
        """One rule's outcome, or None when it does not apply to these answers."""
        context = self.context
        applies = evaluate(rule.applies_when, context)
        if applies.status is Status.FALSE:
            return None
        kind = rule.kind
        if applies.status is not Status.TRUE:
            return applies, {}
        if kind == "condition":
            return evaluate(rule.test, context), {}
        if kind == "occupation_level":
            return self.occupation_level(rule)
        if kind == "occupation_list":
            return self.occupation_list(rule)
        if kind == "cusma_profession":
            return self.cusma_profession()
        if kind == "cusma_noc_match":
            if context.raw("cusma_profession") == NO_PROFESSION:
                return None  # no profession to compare the code with
            return self.cusma_noc_match()
        return self.principal_eligible()

    def outcomes(self) -> Iterator[tuple[m.Rule, Outcome, dict[str, str]]]:
        """Each rule that applies, in the content's order, with its outcome."""
        if self.country is None:
            return  # until the citizenship is known, nothing else about the route can be said
        for rule in self.category.rules:
            result = self.rule_outcome(rule)
            if result is not None:
                yield rule, result[0], result[1]

    def explain(self) -> _Explained:
        """The whole evaluation: every rule's reason, the documents, notes and steps."""
        self.context.looked_at("@country")
        self.context.looked_at("@how")  # the first reason says how the route is opened
        parts: list[_Part] = [self.opening()]
        outcomes: list[Outcome] = [Outcome(parts[0][1], parts[0][4])]
        unknown_occupation = self.content.texts["occupation_unknown"]
        for rule, outcome, extra in self.outcomes():
            parts.append(self.part(rule, outcome, extra, unknown_occupation))
            outcomes.append(outcome)
        verdict, missing = _verdict_of(outcomes, self.content)
        context = self.context
        perspective = context.raw("perspective") or "worker"
        chosen = [
            self.content.documents[ref.id]
            for ref in self.category.documents
            if ref.when is None or evaluate(ref.when, context) is TRUE
        ]
        # the person's own documents first; otherwise the content's order
        documents = tuple(
            [document for document in chosen if document.provided_by == perspective]
            + [document for document in chosen if document.provided_by != perspective]
        )
        notes = tuple(
            note
            for note in self.category.notes
            if note.when is None or evaluate(note.when, context) is TRUE
        )
        steps = tuple(
            self.content.steps[ref.id]
            for ref in self.category.steps
            if ref.when is None or evaluate(ref.when, context) is TRUE
        )
        assumed = tuple(
            sorted(context.defaults_used, key=lambda q: self.content.question_order.get(q, 0))
        )
        rules = self.category.rules if self.country is not None else ()
        read = {q for q in context.read if not q.startswith("@")} | _implicit_reads(rules)
        return _Explained(
            verdict, missing, tuple(parts), documents, notes, steps, assumed, frozenset(read)
        )

    def part(
        self, rule: m.Rule, outcome: Outcome, extra: Mapping[str, str], unknown_occupation: str
    ) -> _Part:
        status = outcome.status
        if status is Status.TRUE:
            template = rule.texts.met
        elif status is Status.FALSE:
            template = rule.texts.not_met
        elif status is Status.UNKNOWN:
            template = rule.texts.unknown
            if rule.kind in ("occupation_list", "occupation_level") and self.occupation() is None:
                # the rule's own sentence names the occupation, which is not known yet
                template = unknown_occupation
        else:
            template = rule.texts.officer or self.content.texts["officer_decides"]
        suffix = " ".join(outcome.officer) if status is Status.OFFICER else ""
        return (rule.id, status, template, rule.source, outcome.missing, extra, suffix)


def _implicit_reads(rules: tuple[m.Rule, ...]) -> set[str]:
    """Answers a rule kind reads outside any condition (see content.validate)."""
    read = {"citizenship", "permanent_residence"}
    for rule in rules:
        read |= IMPLICIT_READS[rule.kind]
    return read


def _bind(
    content: m.Content, answers: Answers, route: OpenedRoute, explained: _Explained
) -> RouteDetails:
    """An evaluation's parts in the words of these answers."""
    agreement, category, country = route.agreement, route.category, route.country
    cache: list[dict[str, str]] = []

    def values() -> dict[str, str]:
        # placeholders are only worked out when a text is read
        if not cache:
            cache.append(_placeholders(content, answers, agreement, category, country))
        return cache[0]

    reasons = tuple(
        Reason(rule, status, template, source, missing, values, extra, suffix)
        for rule, status, template, source, missing, extra, suffix in explained.parts
    )
    notes = tuple(
        m.Note(_fmt(note.text, values()), note.source, note.when) if "{" in note.text else note
        for note in explained.notes
    )
    return RouteDetails(
        reasons,
        explained.documents,
        notes,
        explained.steps,
        explained.assumed,
        explained.read,
    )


def _list_outcome(
    content: m.Content,
    occupation_list: m.OccupationList,
    occupation: Occupation,
    context: Context,
    extra: dict[str, str],
) -> tuple[Outcome, dict[str, str]]:
    """Where the occupation stands on an allowed (positive) or excluded (negative) list."""
    full_items, partial_hits = _list_index(content, occupation_list, occupation.system).items.get(
        occupation.code, ((), ())
    )
    full_hits = [(item, evaluate(item.applies_when, context)) for item in full_items]
    kind = occupation_list.kind
    texts = content.texts

    def found(
        outcome: Outcome, item: m.ListItem | None, phrase: str
    ) -> tuple[Outcome, dict[str, str]]:
        extra["item"] = item.label if item else ""
        extra["note"] = item.note if item else ""
        extra["match"] = _fmt(texts[f"list_{kind}_{phrase}"], extra)
        return outcome, extra

    allowed = kind == "allowed"
    decided = [item for item, outcome in full_hits if outcome.status is Status.TRUE]
    if decided:
        return found(TRUE if allowed else FALSE, decided[0], "met" if allowed else "not_met")
    undecided = [
        (item, outcome) for item, outcome in full_hits if outcome.status is not Status.FALSE
    ]
    unknown = [(item, outcome) for item, outcome in undecided if outcome.status is Status.UNKNOWN]
    if unknown:
        missing = frozenset().union(*(outcome.missing for _, outcome in unknown))
        return found(Outcome(Status.UNKNOWN, missing), unknown[0][0], "officer")
    if undecided or partial_hits:
        item = undecided[0][0] if undecided else partial_hits[0]
        return found(Outcome(Status.OFFICER), item, "officer")
    return found(FALSE if allowed else TRUE, None, "not_met" if allowed else "met")


@attrs.frozen
class _ListIndex:
    """One occupation list, by code, for one classification (NOC 2021 or 2016)."""

    # code -> (items that cover it fully, items that cover it in part), in the list's order
    items: Mapping[str, tuple[tuple[m.ListItem, ...], tuple[m.ListItem, ...]]]
    # code -> a number shared by the codes the list treats alike (0: codes it does not name)
    kinds: Mapping[str, int]


_LIST_INDEXES: dict[tuple[int, str], tuple[m.OccupationList, _ListIndex]] = {}


def _list_index(content: m.Content, occupation_list: m.OccupationList, system: str) -> _ListIndex:
    """The list's index, kept alongside the list (so that an id is never reused)."""
    entry = _LIST_INDEXES.get((id(occupation_list), system))
    if entry is None or entry[0] is not occupation_list:
        full: dict[str, list[m.ListItem]] = {}
        partial: dict[str, list[m.ListItem]] = {}
        for item in occupation_list.items:
            full_codes, partial_codes = _item_codes(content, item, system)
            for code in full_codes:
                full.setdefault(code, []).append(item)
            for code in partial_codes - full_codes:
                partial.setdefault(code, []).append(item)
        items = {
            code: (tuple(full.get(code, ())), tuple(partial.get(code, ())))
            for code in full.keys() | partial.keys()
        }
        numbers: dict[tuple[int, ...], int] = {}
        kinds = {
            code: numbers.setdefault(
                (*(id(item) for group in hits for item in group), -1, len(hits[0])),
                len(numbers) + 1,
            )
            for code, hits in sorted(items.items())
        }
        if len(_LIST_INDEXES) > 256:
            _LIST_INDEXES.clear()
        entry = _LIST_INDEXES[id(occupation_list), system] = (
            occupation_list,
            _ListIndex(items, kinds),
        )
    return entry[1]


def _item_codes(
    content: m.Content, item: m.ListItem, system: str
) -> tuple[frozenset[str], frozenset[str]]:
    if item.group is not None:
        group = content.groups[item.group]
        if system == "noc2021":
            return group.noc2021, group.borderline2021
        return group.noc2016, group.borderline2016
    if system == "noc2021":
        return item.noc2021, item.partial2021
    return item.noc2016, item.partial2016


def _verdict_of(outcomes: list[Outcome], content: m.Content) -> tuple[Verdict, tuple[str, ...]]:
    """Any rule not met → not eligible; else any unknown or undecided → needs information
    (with the answers still missing, in flow order); else eligible."""
    missing: set[str] = set()
    undecided = False
    for outcome in outcomes:
        status = outcome.status
        if status is Status.FALSE:
            return Verdict.NOT_ELIGIBLE, ()
        if status is Status.UNKNOWN:
            missing |= outcome.missing
            undecided = True
        elif status is Status.OFFICER:
            undecided = True
    if not undecided:
        return Verdict.ELIGIBLE, ()
    order = content.question_order
    last = len(content.questions)
    return Verdict.NEEDS_INFO, tuple(sorted(missing, key=lambda q: order.get(q, last)))


class _Absent:
    """The memo's value for a question not answered."""

    def __repr__(self) -> str:
        return "<not answered>"


_ABSENT = _Absent()


class _Inputs(dict[str, object]):
    """What a route's explanation can look at, as its memo sees it: the answers (a missing one
    reads as ``_ABSENT``), and inputs that are not answers, named with an "@":

    - "@opened": whether the route is opened at all (set for each route; when it is not, the
      citizenship is not known yet);
    - "@country", "@how": which country opens it, and whether by citizenship or residence
      (set; looked at only by rules that depend on the country, so that most routes' results
      serve every country that opens them);
    - "@principals:<route id>": that spouse route's principals' verdicts and missing answers
      (set before the spouse route's explanation is worked out);
    - "@occupation": the occupation's classification and code (they decide the rest of it);
    - "@level": its TEER (NOC 2021) or skill level (NOC 2016), for level rules;
    - "@list:<id>": which items of that occupation list name it, for list rules.

    The narrower inputs let a rule that only cares whether a code is on a list be reused
    for every code the list treats alike. The memo hashes these at every step, so each is a
    string (hashed once), worked out when first asked for.
    """

    __slots__ = ("answers", "content", "occupation")

    def __init__(self, values: Mapping[str, object], content: m.Content, answers: Answers) -> None:
        super().__init__(values)
        self.content = content
        self.answers = answers
        self.occupation = answers.occupation

    def __missing__(self, name: str) -> object:
        if name[0] != "@":
            self[name] = _ABSENT  # not answered
            return _ABSENT
        occupation: Occupation | None = self.occupation
        value: object = None
        if occupation is not None:
            if name == "@occupation":
                value = f"{occupation.system}:{occupation.code}"
            elif name == "@level":
                level = (
                    occupation.teer if occupation.system == "noc2021" else occupation.skill_level
                )
                value = f"{occupation.system}:{level}"
            elif name.startswith("@list:"):
                occupation_list = self.content.lists[name[6:]]
                index = _list_index(self.content, occupation_list, occupation.system)
                value = f"{occupation.system}:{index.kinds.get(occupation.code, 0)}"
            else:
                raise KeyError(name)
        self[name] = value
        return value

    @classmethod
    def opened_by(cls, answers: Answers, content: m.Content, route: OpenedRoute) -> _Inputs:
        inputs = cls(answers.values, content, answers)
        inputs["@opened"] = "no" if route.country is None else "yes"
        inputs["@country"] = route.country
        inputs["@how"] = route.how
        return inputs


class _Node:
    __slots__ = ("ask", "branches")

    def __init__(self, ask: str) -> None:
        self.ask = ask  # the input looked at next
        self.branches: dict[object, object] = {}  # its value -> the next _Node, or the result


class _Trie:
    """Results of one evaluation function, keyed by the inputs it actually looked at.

    An evaluation is deterministic: which input it looks at next depends only on the values
    of those it has looked at so far. Following the recorded order, value by value, reaches
    the stored result of any earlier evaluation that saw the same values, whatever the
    inputs it never looked at. A route that fails on its first rule is therefore reused for
    every answer set with the same answer to that rule.
    """

    LIMIT = 100_000  # branching nodes (a few MB at most); cleared when full

    def __init__(self) -> None:
        self.roots: dict[str, _Node] = {}
        self.size = 0

    def find(self, key: str, inputs: _Inputs) -> object:
        """The result stored under ``key`` for these inputs, or None."""
        node: object = self.roots.get(key)
        try:
            while node.__class__ is _Node:
                node = node.branches.get(inputs[node.ask])
        except TypeError:  # an unhashable value (answers built by hand): no memo
            return None
        return node

    def add(self, key: str, order: list[str], inputs: _Inputs, result: object) -> None:
        if not order or result is None:
            return
        if self.size >= self.LIMIT:
            self.roots.clear()
            self.size = 0
        try:
            values = [inputs[name] for name in order]
            node = self.roots.get(key)
            if node is None:
                node = self.roots[key] = _Node(order[0])
                self.size += 1
            last = len(order) - 1
            for index, value in enumerate(values):
                if node.ask != order[index]:
                    return  # never expected (see the class docstring): just don't keep it
                if index == last:
                    node.branches[value] = result
                    return
                child = node.branches.get(value)
                if child is None:
                    child = node.branches[value] = _Node(order[index + 1])
                    self.size += 1
                elif child.__class__ is not _Node:
                    return  # never expected either
                node = child
        except TypeError:
            return


@attrs.frozen
class _Opened:
    """The routes one citizenship and permanent residence open (or are said not to)."""

    routes: tuple[OpenedRoute, ...]  # in the content's order
    evaluation_order: tuple[int, ...]  # principals before the spouse routes that read them
    not_covered: tuple[NotCoveredRoute, ...]
    # for ``assess``: (the route, its id, its principal routes, its compiled decision), in the
    # content's order when each spouse route comes after its principals (``in_order``),
    # else in the evaluation order
    plan: tuple[tuple[OpenedRoute, str, tuple[str, ...], Decide, str | None], ...] = ()
    in_order: bool = True
    ids: tuple[str, ...] = ()  # the routes' ids, in the content's order


class _Memo:
    """Per content tree: which routes a country opens, each route's decision (closures built
    once per route and country, see ``compiled.py``) and the memo of the routes' explanations."""

    def __init__(self, content: m.Content) -> None:
        self.content = content
        self.opened: dict[tuple[object, object], _Opened] = {}
        self.openings = _Openings(content)
        self.explanations = _Trie()
        # each route's verdict and missing answers, as closures
        self.compiler = RouteCompiler(content, {verdict.value: verdict for verdict in Verdict})
        self.general_reads = tuple(
            sorted(
                set().union(*(m.condition_questions(note.when) for note in content.general_notes))
            )
        )
        self.general_absent = (_ABSENT,) * len(self.general_reads)
        self.general: dict[tuple[object, ...], tuple[m.Note, ...]] = {}

    def general_notes(self, values: Mapping[str, object]) -> tuple[m.Note, ...]:
        """The notes of the sources that apply to every route, for these answers."""
        key = tuple(map(values.get, self.general_reads, self.general_absent))
        try:
            notes = self.general.get(key)
        except TypeError:
            notes, key = None, ()
        if notes is None:
            context = Context(self.content, values, None)
            notes = tuple(
                note
                for note in self.content.general_notes
                if evaluate(note.when, context).status is Status.TRUE
            )
            if key and len(self.general) < 4096:
                self.general[key] = notes
        return notes

    def routes_for(self, values: Mapping[str, object]) -> _Opened:
        citizenship = values.get("citizenship")
        residence = values.get("permanent_residence")
        key = (citizenship, residence)
        opened = self.opened.get(key)
        if opened is None:
            if isinstance(citizenship, str):
                opened = self.openings.open(citizenship, residence)
            else:  # (not answered: every route, as needing it)
                opened = _open(self.content, citizenship, residence)
            ids = tuple(route.category.route_id for route in opened.routes)
            position = {route_id: index for index, route_id in enumerate(ids)}
            in_order = all(
                position[name] < index
                for index, route in enumerate(opened.routes)
                for name in route.category.principal
                if name in position
            )
            order = range(len(ids)) if in_order else opened.evaluation_order
            route = self.compiler.route
            plan = tuple(
                (
                    item,
                    item.category.route_id,
                    item.category.principal,
                    route(item.category, item.country),
                    item.country,
                )
                for item in (opened.routes[index] for index in order)
            )
            opened = attrs.evolve(opened, plan=plan, in_order=in_order, ids=ids)
            self.opened[key] = opened
            if len(self.opened) > 4096:
                self.opened.clear()
        return opened


_NO_INDEXES: frozenset[int] = frozenset()


class _Openings:
    """Which categories each country opens, or says it does not cover, by citizenship and by
    permanent residence: ``_open`` for a citizenship without going through every category."""

    def __init__(self, content: m.Content) -> None:
        self.categories = [
            (agreement, category)
            for agreement in content.agreements
            for category in agreement.categories
        ]
        by_citizen: dict[str, set[int]] = {}
        by_resident: dict[str, set[int]] = {}
        excluded: dict[str, set[int]] = {}  # a citizenship or a residence some exclusion names
        for index, (_, category) in enumerate(self.categories):
            for code in category.citizens:
                by_citizen.setdefault(code, set()).add(index)
            for code in category.permanent_residents:
                by_resident.setdefault(code, set()).add(index)
            for exclusion in category.not_covered:
                for code in exclusion.citizens | exclusion.permanent_residents:
                    excluded.setdefault(code, set()).add(index)
        self.by_citizen = {code: frozenset(found) for code, found in by_citizen.items()}
        self.by_resident = {code: frozenset(found) for code, found in by_resident.items()}
        self.excluded = {code: frozenset(found) for code, found in excluded.items()}

    def open(self, citizenship: str, residence: object) -> _Opened:
        """``_open(content, citizenship, residence)``, for a citizenship answered."""
        citizen = self.by_citizen.get(citizenship, _NO_INDEXES)
        resident = (
            self.by_resident.get(residence, _NO_INDEXES)
            if isinstance(residence, str)
            else _NO_INDEXES
        )
        routes = [
            OpenedRoute(agreement, category, citizenship, "citizen")
            if index in citizen
            else OpenedRoute(agreement, category, cast(str, residence), "resident")
            for index in sorted(citizen | resident)
            for agreement, category in (self.categories[index],)
        ]
        # (a category opened is never listed as not covered; the others only if an
        # exclusion names the citizenship or the residence)
        candidates = self.excluded.get(citizenship, _NO_INDEXES)
        if isinstance(residence, str):
            candidates = candidates | self.excluded.get(residence, _NO_INDEXES)
        not_covered: list[NotCoveredRoute] = []
        for index in sorted(candidates - citizen - resident):
            agreement, category = self.categories[index]
            for exclusion in category.not_covered:
                if citizenship in exclusion.citizens or residence in exclusion.permanent_residents:
                    not_covered.append(
                        NotCoveredRoute(category, agreement, exclusion.text, exclusion.source)
                    )
                    break
        order = sorted(range(len(routes)), key=lambda index: bool(routes[index].category.principal))
        return _Opened(tuple(routes), tuple(order), tuple(not_covered))


def _open(content: m.Content, citizenship: object, residence: object) -> _Opened:
    routes: list[OpenedRoute] = []
    not_covered: list[NotCoveredRoute] = []
    for agreement in content.agreements:
        for category in agreement.categories:
            country, how = _route_country(category, citizenship, residence)
            if country is None and citizenship is not None:
                for exclusion in category.not_covered:
                    if (
                        citizenship in exclusion.citizens
                        or residence in exclusion.permanent_residents
                    ):
                        not_covered.append(
                            NotCoveredRoute(category, agreement, exclusion.text, exclusion.source)
                        )
                        break
                continue
            routes.append(OpenedRoute(agreement, category, country, how))
    order = sorted(range(len(routes)), key=lambda index: bool(routes[index].category.principal))
    return _Opened(tuple(routes), tuple(order), tuple(not_covered))


_MEMOS: dict[int, tuple[m.Content, _Memo]] = {}
_NONE: Mapping[str, RouteResult] = {}


def _memo_for(content: m.Content) -> _Memo:
    entry = _MEMOS.get(id(content))
    if entry is None or entry[0] is not content:
        if len(_MEMOS) > 8:
            _MEMOS.clear()
        entry = _MEMOS[id(content)] = (content, _Memo(content))
    return entry[1]


def _principals(category: m.Category, principals: Mapping[str, RouteResult]) -> str:
    """What a spouse route reads of its principals: their verdicts and missing answers."""
    return ";".join(
        f"{principals[route].verdict.value}:{','.join(principals[route].missing)}"
        if route in principals
        else "-"
        for route in category.principal
    )


def _details(
    route: OpenedRoute, principals: Mapping[str, RouteResult], inputs: _Inputs
) -> RouteDetails:
    memo = _memo_for(inputs.content)
    category = route.category
    explained = memo.explanations.find(category.route_id, inputs)
    if not isinstance(explained, _Explained):
        evaluator = _RouteEvaluator(inputs.content, inputs.answers, route, principals)
        explained = evaluator.explain()
        memo.explanations.add(category.route_id, evaluator.context.order, inputs, explained)
    return _bind(inputs.content, inputs.answers, route, explained)


class _Lazy:
    """What one assessment's routes need to build their details when first read: the
    answers as the explanation memo sees them (``_Inputs``, one per way a route is opened,
    shared by the routes opened that way)."""

    __slots__ = ("answers", "by_opening", "content")

    def __init__(self, content: m.Content, answers: Answers) -> None:
        self.content = content
        self.answers = answers
        self.by_opening: dict[tuple[str | None, str | None], _Inputs] = {}

    def inputs(self, route: OpenedRoute, principals: Mapping[str, RouteResult]) -> _Inputs:
        inputs = self.by_opening.get((route.country, route.how))
        if inputs is None:
            inputs = self.by_opening[route.country, route.how] = _Inputs.opened_by(
                self.answers, self.content, route
            )
        category = route.category
        if category.principal:
            # values are only ever added: each spouse route has an input of its own
            inputs[f"@principals:{category.route_id}"] = _principals(category, principals)
        return inputs


def assess(content: m.Content, answers: Answers) -> Assessment:
    """Evaluate every route the answers' citizenship or permanent residence opens.

    With no citizenship answered, every route is listed as needing information. Spouse
    routes are evaluated after the routes of their principals. Verdicts are worked out at
    once (by each route's closures, see ``compiled.py``); each route's reasons, documents,
    notes and steps when first read (by the plain evaluation, memoised).
    """
    entry = _MEMOS.get(id(content))
    memo = entry[1] if entry is not None and entry[0] is content else _memo_for(content)
    values = answers.values
    opened = memo.routes_for(values)
    done: dict[str, RouteResult] = {}
    results: list[RouteResult] = []
    append = results.append
    occupation = answers.occupation
    # (the objects made for every answer set are made without calling their classes'
    # ``__init__`` in Python, which costs more than setting the few fields it sets)
    new = object.__new__
    lazy = new(_Lazy)
    lazy.content, lazy.answers, lazy.by_opening = content, answers, {}
    ordered: tuple[str, ...] = ()  # every missing answer, in flow order
    merge = False
    for route, route_id, principal, decide, country in opened.plan:
        verdict, missing = decide(values, occupation, country, done)
        done[route_id] = result = new(RouteResult)
        result.route, result.verdict, result.missing = route, verdict, missing
        if principal:
            # (the principals, not ``done``: a route must not hold the routes that hold it)
            principals = {name: done[name] for name in principal if name in done}
            result._details = (principals, lazy)
        else:
            result._details = lazy
        append(result)
        if missing and missing is not ordered:
            if ordered:
                merge = True
            ordered = missing
    if merge:  # (each route's missing answers are in flow order already)
        # in flow order, as a route's are (sorted once per set of questions: ``needs`` keeps it)
        ordered = memo.compiler.needs(frozenset().union(*[result.missing for result in results]))[1]
    routes = tuple(results) if opened.in_order else tuple(done[name] for name in opened.ids)
    assessment = new(Assessment)
    put = object.__setattr__  # (a frozen class)
    put(assessment, "answers", answers)
    put(assessment, "routes", routes)
    put(assessment, "not_covered", opened.not_covered)
    put(assessment, "missing", ordered)
    put(assessment, "general_notes", memo.general_notes(values))
    return assessment
