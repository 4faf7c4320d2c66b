"""Answers → a verdict for every route (agreement × category) the person's country opens.

Pure: no terminal, no files. Each rule of a category becomes one ``Reason`` (met, not met,
unknown, or "an officer decides"), tied to its source. The verdict follows the reasons:
any rule not met → not eligible; else any unknown or officer-decided → needs information;
else eligible. "Eligible" therefore never comes with an unmet or undecided rule.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping

import attrs

from ftawizard.content import models as m
from ftawizard.content.validate import IMPLICIT_READS, category_reads
from ftawizard.engine.answers import NO_PROFESSION, Answers, Occupation
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
class RouteResult:
    category: m.Category
    agreement: m.Agreement
    verdict: Verdict
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]
    documents: tuple[m.Document, ...]
    notes: tuple[m.Note, ...]
    route_country: str | None
    steps: tuple[m.Step, ...] = ()
    assumed: tuple[str, ...] = ()
    read: frozenset[str] = frozenset()  # questions this route's evaluation looked at

    @property
    def route_id(self) -> str:
        return self.category.route_id


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


def _route_country(category: m.Category, answers: Answers) -> tuple[str | None, str | None]:
    """(country that opens the route, "citizen" | "resident"), or (None, None)."""
    citizenship = answers.get("citizenship")
    residence = answers.get("permanent_residence")
    if isinstance(citizenship, str) and citizenship in category.citizens:
        return citizenship, "citizen"
    if isinstance(residence, str) and residence in category.permanent_residents:
        return residence, "resident"
    return None, None


class _RouteEvaluator:
    def __init__(
        self, content: m.Content, answers: Answers, done: Mapping[str, RouteResult]
    ) -> None:
        self.content = content
        self.answers = answers
        self.done = done

    def placeholders(
        self, category: m.Category, agreement: m.Agreement, country: str | None
    ) -> dict[str, str]:
        occupation = self.answers.occupation
        values = {
            "agreement": agreement.short,
            "category": category.name,
            "code": category.exemption_code,
            "country": self.content.country_name(country) if country else "",
            "date": self.answers.application_date.isoformat(),
            "switch": self.content.noc_switch_date.isoformat(),
        }
        if occupation is not None:
            values["noc"] = occupation.code
            values["noc_title"] = occupation.title
            values["level"] = occupation.level_label
            values["teer"] = str(occupation.teer) if occupation.teer is not None else ""
        profession = self.answers.get("cusma_profession")
        if isinstance(profession, str):
            values["profession"] = profession
        return values

    # ---------------------------------------------------------------- rule kinds
    def occupation_level(self, rule: m.Rule) -> tuple[Outcome, dict[str, str]]:
        occupation = self.answers.occupation
        if occupation is None:
            return Outcome(Status.UNKNOWN, frozenset({"noc"})), {}
        if occupation.system == "noc2021":
            allowed = _either(str(teer) for teer in sorted(rule.teer))
            ok = occupation.teer in rule.teer
            return (TRUE if ok else FALSE), {"allowed": f"TEER {allowed}"}
        levels = _either(sorted(rule.noc2016_levels))
        ok = occupation.skill_level in rule.noc2016_levels
        return (TRUE if ok else FALSE), {"allowed": f"NOC 2016 skill type/level {levels}"}

    def occupation_list(
        self, rule: m.Rule, context: Context, country: str | None
    ) -> tuple[Outcome, dict[str, str]]:
        occupation = self.answers.occupation
        if rule.lists_by is not None:
            # the list follows an answer (e.g. the service sector), not the country
            key = self.answers.get(rule.lists_by)
            if key is None:
                return Outcome(Status.UNKNOWN, frozenset({rule.lists_by})), {"list": ""}
            list_id = rule.lists.get(str(key))
            if list_id is None:
                return FALSE, {"list": "(no list for this answer)", "match": "is not covered"}
        else:
            list_id = rule.lists.get(country or "")
        if list_id is None:
            return FALSE, {"list": "(no list for this country)"}
        occupation_list = self.content.lists[list_id]
        extra = {"list": occupation_list.title}
        if occupation is None:
            return Outcome(Status.UNKNOWN, frozenset({"noc"})), extra
        return _list_outcome(self.content, occupation_list, occupation, context, extra)

    def cusma_profession(self, context: Context) -> tuple[Outcome, dict[str, str]]:
        name = self.answers.get("cusma_profession")
        if name is None:
            return Outcome(Status.UNKNOWN, frozenset({"cusma_profession"})), {}
        if name == NO_PROFESSION:
            return FALSE, {
                "profession": "The job",
                "detail": "it is not one of the 63 professions of CUSMA Appendix 2, a closed list",
            }
        profession = self.content.cusma_by_key[str(name).casefold()]
        extra = {"profession": profession.name, "credentials": profession.credentials_text}
        required = evaluate(profession.requires, context)
        credentials = evaluate(profession.credentials, context)
        # say what failed: the profession's extra requirement, or its credentials
        failed_requirement = required.status is Status.FALSE or (
            required.status is not Status.TRUE and credentials.status is Status.TRUE
        )
        extra["detail"] = (
            profession.requires_text if failed_requirement else profession.credentials_text
        )
        return combine_all([required, credentials]), extra

    def cusma_noc_match(self) -> tuple[Outcome, dict[str, str]]:
        occupation = self.answers.occupation
        name = self.answers.get("cusma_profession")
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

    def principal_eligible(self, category: m.Category) -> tuple[Outcome, dict[str, str]]:
        principals = [self.done[route] for route in category.principal if route in self.done]
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

    # ---------------------------------------------------------------- one route
    def route(self, agreement: m.Agreement, category: m.Category) -> RouteResult:
        country, how = _route_country(category, self.answers)
        context = Context(self.content, self.answers.values, country)
        cache: list[dict[str, str]] = []

        def base() -> dict[str, str]:
            # placeholders are only worked out when a text is read
            if not cache:
                cache.append(self.placeholders(category, agreement, country))
            return cache[0]

        reasons: list[Reason] = [self.opening_reason(agreement, category, country, how, base)]
        # Until the citizenship is known, nothing else about the route can be said.
        rules = category.rules if country is not None else ()
        for rule in rules:
            applies = evaluate(rule.applies_when, context)
            if applies.status is Status.FALSE:
                continue
            extra: dict[str, str] = {}
            if applies.status is not Status.TRUE:
                outcome = applies
            elif rule.kind == "condition":
                outcome = evaluate(rule.test, context)
            elif rule.kind == "occupation_level":
                outcome, extra = self.occupation_level(rule)
            elif rule.kind == "occupation_list":
                outcome, extra = self.occupation_list(rule, context, country)
            elif rule.kind == "cusma_profession":
                outcome, extra = self.cusma_profession(context)
            elif rule.kind == "cusma_noc_match":
                if self.answers.get("cusma_profession") == NO_PROFESSION:
                    continue  # no profession to compare the code with
                outcome, extra = self.cusma_noc_match()
            else:
                outcome, extra = self.principal_eligible(category)
            reason = self.reason(rule, outcome, base, extra)
            if (
                rule.kind in ("occupation_list", "occupation_level")
                and self.answers.occupation is None
                and outcome.status is Status.UNKNOWN
            ):
                # the rule's own sentence names the occupation, which is not known yet
                reason = attrs.evolve(reason, template=self.content.texts["occupation_unknown"])
            reasons.append(reason)
        verdict, missing = _verdict(reasons, self.content)
        perspective = self.answers.get("perspective") or "worker"
        chosen = [
            self.content.documents[ref.id]
            for ref in category.documents
            if ref.when is None or evaluate(ref.when, context) is TRUE
        ]
        # the person's own documents first; otherwise the content's order
        documents = tuple(
            [document for document in chosen if document.provided_by == perspective]
            + [document for document in chosen if document.provided_by != perspective]
        )
        notes = tuple(
            m.Note(
                _fmt(note.text, base()) if "{" in note.text else note.text, note.source, note.when
            )
            for note in category.notes
            if note.when is None or evaluate(note.when, context) is TRUE
        )
        steps = tuple(
            self.content.steps[ref.id]
            for ref in category.steps
            if ref.when is None or evaluate(ref.when, context) is TRUE
        )
        assumed = tuple(
            sorted(context.defaults_used, key=lambda q: self.content.question_order.get(q, 0))
        )
        return RouteResult(
            category=category,
            agreement=agreement,
            verdict=verdict,
            reasons=tuple(reasons),
            missing=missing,
            documents=documents,
            notes=notes,
            route_country=country,
            steps=steps,
            assumed=assumed,
            read=frozenset(context.read | self.implicit_reads(rules)),
        )

    def implicit_reads(self, rules: tuple[m.Rule, ...]) -> set[str]:
        """Answers a rule kind reads outside any condition (see content.validate)."""
        read = {"citizenship", "permanent_residence"}
        for rule in rules:
            read |= IMPLICIT_READS[rule.kind]
        return read

    def opening_reason(
        self,
        agreement: m.Agreement,
        category: m.Category,
        country: str | None,
        how: str | None,
        values: Callable[[], Mapping[str, str]],
    ) -> Reason:
        texts = self.content.texts
        if country is None:
            return Reason(
                "citizenship",
                Status.UNKNOWN,
                texts["citizenship_unknown"],
                category.source,
                frozenset({"citizenship"}),
                values,
            )
        key = "opened_by_citizenship" if how == "citizen" else "opened_by_residence"
        return Reason("citizenship", Status.TRUE, texts[key], category.source, frozenset(), values)

    def reason(
        self,
        rule: m.Rule,
        outcome: Outcome,
        values: Callable[[], Mapping[str, str]],
        extra: Mapping[str, str],
    ) -> Reason:
        status = outcome.status
        if status is Status.TRUE:
            template = rule.texts.met
        elif status is Status.FALSE:
            template = rule.texts.not_met
        elif status is Status.UNKNOWN:
            template = rule.texts.unknown
        else:
            template = rule.texts.officer or self.content.texts["officer_decides"]
        suffix = " ".join(outcome.officer) if status is Status.OFFICER else ""
        return Reason(
            rule.id, status, template, rule.source, outcome.missing, values, extra, suffix
        )


def _list_outcome(
    content: m.Content,
    occupation_list: m.OccupationList,
    occupation: Occupation,
    context: Context,
    extra: dict[str, str],
) -> tuple[Outcome, dict[str, str]]:
    """Where the occupation stands on an allowed (positive) or excluded (negative) list."""
    full_hits: list[tuple[m.ListItem, Outcome]] = []
    partial_hits: list[m.ListItem] = []
    for item in occupation_list.items:
        full, partial = _item_codes(content, item, occupation.system)
        if occupation.code in full:
            full_hits.append((item, evaluate(item.applies_when, context)))
        elif occupation.code in partial:
            partial_hits.append(item)
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


def _verdict(reasons: list[Reason], content: m.Content) -> tuple[Verdict, tuple[str, ...]]:
    statuses = {reason.status for reason in reasons}
    if Status.FALSE in statuses:
        return Verdict.NOT_ELIGIBLE, ()
    missing: set[str] = set()
    for reason in reasons:
        if reason.status is Status.UNKNOWN:
            missing |= reason.missing
    ordered = tuple(
        sorted(missing, key=lambda q: content.question_order.get(q, len(content.questions)))
    )
    if Status.UNKNOWN in statuses or Status.OFFICER in statuses:
        return Verdict.NEEDS_INFO, ordered
    return Verdict.ELIGIBLE, ()


class _RouteMemo:
    """Route results keyed by everything a route can read.

    A route's result depends only on the answers its rules, documents, notes and steps can
    read (known from the content), the occupation, the date and, for spouse routes, the
    principals' results. The wizard re-assesses after every answer and exhaustive checks
    evaluate huge grids of answers; both repeat most routes' inputs, so results are reused.
    """

    LIMIT = 8192  # bounded: a few MB of results at most

    def __init__(self, content: m.Content) -> None:
        self.content = content
        self.reads = {
            category.route_id: tuple(sorted(category_reads(content, category) - {"noc"}))
            for category in content.categories
        }
        self.results: dict[tuple[object, ...], RouteResult] = {}

    def key(
        self, category: m.Category, answers: Answers, done: Mapping[str, RouteResult]
    ) -> tuple[object, ...]:
        values = answers.values
        principals = tuple(
            (done[route].verdict, done[route].missing) if route in done else None
            for route in category.principal
        )
        return (
            category.route_id,
            answers.application_date,
            answers.occupation,
            principals,
            *[values.get(question) for question in self.reads[category.route_id]],
        )

    def store(self, key: tuple[object, ...], result: RouteResult) -> None:
        if len(self.results) >= self.LIMIT:
            self.results.clear()
        self.results[key] = result


_MEMOS: dict[int, tuple[m.Content, _RouteMemo]] = {}


def _memo_for(content: m.Content) -> _RouteMemo:
    entry = _MEMOS.get(id(content))
    if entry is None or entry[0] is not content:
        if len(_MEMOS) > 8:
            _MEMOS.clear()
        entry = _MEMOS[id(content)] = (content, _RouteMemo(content))
    return entry[1]


def assess(content: m.Content, answers: Answers) -> Assessment:
    """Evaluate every route the answers' citizenship or permanent residence opens.

    With no citizenship answered, every route is listed as needing information. Spouse
    routes are evaluated after the routes of their principals.
    """
    citizenship = answers.get("citizenship")
    residence = answers.get("permanent_residence")
    done: dict[str, RouteResult] = {}
    not_covered: list[NotCoveredRoute] = []
    pending: list[tuple[m.Agreement, m.Category]] = []
    for agreement in content.agreements:
        for category in agreement.categories:
            country, _ = _route_country(category, answers)
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
            pending.append((agreement, category))
    # principals first, so that spouse routes can read their verdicts
    pending.sort(key=lambda pair: bool(pair[1].principal))
    memo = _memo_for(content)
    for agreement, category in pending:
        key = memo.key(category, answers, done)
        result = memo.results.get(key)
        if result is None:
            result = _RouteEvaluator(content, answers, done).route(agreement, category)
            memo.store(key, result)
        done[category.route_id] = result
    order = {category.route_id: index for index, category in enumerate(content.categories)}
    routes = tuple(sorted(done.values(), key=lambda route: order[route.route_id]))
    missing: set[str] = set()
    for route in routes:
        missing |= set(route.missing)
    ordered = tuple(
        sorted(missing, key=lambda q: content.question_order.get(q, len(content.questions)))
    )
    context = Context(content, answers.values, None)
    general = tuple(
        note for note in content.general_notes if evaluate(note.when, context).status is Status.TRUE
    )
    return Assessment(answers, routes, tuple(not_covered), ordered, general)
