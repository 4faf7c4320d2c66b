"""The explainer: one route, one answer set → every rule's reason, the verdict, documents,
notes and steps.

Pure: no terminal, no files. Each rule of a category becomes one reason (met, not met,
unknown, or "an officer decides"), tied to its source. The verdict follows the reasons:
any rule not met → not eligible; else any unknown or officer-decided → needs information;
else eligible. "Eligible" therefore never comes with an unmet or undecided rule.

``RouteEvaluator.explain()`` gives an ``Explanation`` that does not depend on the wording
of the answers (the sentences keep their placeholders), so that ``ftawizard.engine.memo``
can reuse it for other answer sets that evaluate the same way; ``bind`` puts it in the
words of one answer set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from ftawizard.content import models as m
from ftawizard.content.validate import IMPLICIT_READS
from ftawizard.engine.answers import NO_PROFESSION, Answers, Occupation
from ftawizard.engine.conditions import (
    FALSE,
    TRUE,
    Context,
    Outcome,
    Status,
    combine_all,
    deciding,
    evaluate,
)
from ftawizard.engine.results import OpenedRoute, Reason, RouteDetails, RouteResult, Verdict, fill


def _either(values: Iterable[str]) -> str:
    """ "0", "1", "2" -> "0, 1 or 2"."""
    items = list(values)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


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
        # the words of "{You are}", "{your}", "{you|the worker}"…
        "perspective": "employer" if answers.get("perspective") == "employer" else "worker",
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


# One rule's outcome in words still to be filled in (``bind`` makes it a ``Reason``): (rule id, status, template, source,
# missing answers, extra values, suffix, the answers that decide a rule not met). The same
# parts serve every answer set that evaluates the same way; the placeholders are filled from
# each set's own answers.
ReasonParts = tuple[str, Status, str, str, frozenset[str], Mapping[str, str], str, tuple[str, ...]]


@attrs.frozen
class Explanation:
    """A route's full evaluation, independent of the wording of the answers."""

    verdict: Verdict
    missing: tuple[str, ...]
    parts: tuple[ReasonParts, ...]
    documents: tuple[m.Document, ...]
    notes: tuple[m.Note, ...]  # templates: filled in per answer set
    steps: tuple[m.Step, ...]
    assumed: tuple[str, ...]
    read: frozenset[str]


class RouteEvaluator:
    """Evaluates one route for one answer set.

    Every input it uses goes through its ``Context`` and is noted there in the order first
    looked at: the answers, and the inputs that are not answers ("@country", "@occupation",
    …; see ``memo.MemoInputs``). The memo relies on this: the evaluation is a function of those
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
        """The occupation; ``aspect`` says what of it the caller depends on (see
        ``memo.MemoInputs``)."""
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
    def opening(self) -> ReasonParts:
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
                (),
            )
        key = "opened_by_citizenship" if self.how == "citizen" else "opened_by_residence"
        return (
            "citizenship",
            Status.TRUE,
            texts[key],
            self.category.source,
            frozenset(),
            {},
            "",
            (),
        )

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

    def explain(self) -> Explanation:
        """The whole evaluation: every rule's reason, the documents, notes and steps."""
        self.context.looked_at("@country")
        self.context.looked_at("@how")  # the first reason says how the route is opened
        parts: list[ReasonParts] = [self.opening()]
        outcomes: list[Outcome] = [Outcome(parts[0][1], parts[0][4])]
        unknown_occupation = self.content.texts["occupation_unknown"]
        shown: set[tuple[Status, str, tuple[tuple[str, str], ...], str]] = set()
        for rule, outcome, extra in self.outcomes():
            part = self.part(rule, outcome, extra, unknown_occupation)
            outcomes.append(outcome)
            if part[1] is Status.UNKNOWN:
                # one line per distinct question: rules that wait for the same answer in the
                # same words (the occupation's level and list, before the NOC) are said once
                key = (part[1], part[2], tuple(sorted(part[5].items())), part[6])
                if key in shown:
                    continue
                shown.add(key)
            parts.append(part)
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
        return Explanation(
            verdict, missing, tuple(parts), documents, notes, steps, assumed, frozenset(read)
        )

    def part(
        self, rule: m.Rule, outcome: Outcome, extra: Mapping[str, str], unknown_occupation: str
    ) -> ReasonParts:
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
                extra = {}  # the same words for every such rule: said once (see ``explain``)
        else:
            template = rule.texts.officer or self.content.texts["officer_decides"]
        suffix = " ".join(outcome.officer) if status is Status.OFFICER else ""
        decided_by = self.deciding(rule) if status is Status.FALSE else ()
        return (rule.id, status, template, rule.source, outcome.missing, extra, suffix, decided_by)

    def deciding(self, rule: m.Rule) -> tuple[str, ...]:
        """The answers that decide a rule not met: answered otherwise, they could meet it."""
        context = self.context
        kind = rule.kind
        if kind == "condition":
            return deciding(rule.test, context)
        if kind in ("occupation_level", "cusma_noc_match"):
            return ("noc",)
        if kind == "occupation_list":
            return (rule.lists_by, "noc") if rule.lists_by is not None else ("noc",)
        if kind == "cusma_profession":
            name = context.raw("cusma_profession")
            if name == NO_PROFESSION or not isinstance(name, str):
                return ("cusma_profession",)
            profession = self.content.cusma_by_key[name.casefold()]
            if evaluate(profession.requires, context).status is Status.FALSE:
                return deciding(profession.requires, context)
            return ("cusma_profession", *deciding(profession.credentials, context))
        return ()  # a spouse's route: decided by the principal's route


def _implicit_reads(rules: tuple[m.Rule, ...]) -> set[str]:
    """Answers a rule kind reads outside any condition (see content.validate)."""
    read = {"citizenship", "permanent_residence"}
    for rule in rules:
        read |= IMPLICIT_READS[rule.kind]
    return read


def bind(
    content: m.Content, answers: Answers, route: OpenedRoute, explained: Explanation
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
        Reason(rule, status, template, source, missing, values, extra, suffix, decided_by)
        for rule, status, template, source, missing, extra, suffix, decided_by in explained.parts
    )
    notes = tuple(
        m.Note(fill(note.text, values()), note.source, note.when) if "{" in note.text else note
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
    full_items, partial_hits = list_index(content, occupation_list, occupation.system).items.get(
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
        extra["match"] = fill(texts[f"list_{kind}_{phrase}"], extra)
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
class ListIndex:
    """One occupation list, by code, for one classification (NOC 2021 or 2016)."""

    # code -> (items that cover it fully, items that cover it in part), in the list's order
    items: Mapping[str, tuple[tuple[m.ListItem, ...], tuple[m.ListItem, ...]]]
    # code -> a number shared by the codes the list treats alike (0: codes it does not name)
    kinds: Mapping[str, int]


_LIST_INDEXES: dict[tuple[int, str], tuple[m.OccupationList, ListIndex]] = {}


def list_index(content: m.Content, occupation_list: m.OccupationList, system: str) -> ListIndex:
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
            ListIndex(items, kinds),
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
