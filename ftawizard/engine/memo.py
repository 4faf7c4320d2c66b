"""What the engine keeps between assessments of one content tree, so that the wizard's
``plan()`` after every answer, and the exhaustive checks, do not work out again what an
earlier answer set already settled.

- ``ExplanationTrie``: each route's explanation, keyed by the inputs its evaluation actually
  looked at (``MemoInputs``): a route that fails on its first rule is reused for every
  answer set with the same answer to that rule. Its size is capped.
- ``ContentMemo``: per content tree, that trie, the routes each citizenship and residence
  open (``openings.OpeningsIndex``) and the general notes by the answers they read.

Every entry is a pure function of its key, so nothing here changes a result: a test compares
results with a fresh evaluation over hundreds of answer sets.
"""

from __future__ import annotations

from collections.abc import Mapping

from ftawizard.content import models as m
from ftawizard.engine.answers import Answers, Occupation
from ftawizard.engine.conditions import Context, Status, evaluate
from ftawizard.engine.explain import Explanation, RouteEvaluator, list_index
from ftawizard.engine.openings import OpenedRoutes, OpeningsIndex, open_routes
from ftawizard.engine.results import OpenedRoute, RouteResult


class _Absent:
    """The memo's value for a question not answered."""

    def __repr__(self) -> str:
        return "<not answered>"


ABSENT = _Absent()


class MemoInputs(dict[str, object]):
    """What a route's explanation can look at, as its memo sees it: the answers (a missing one
    reads as ``ABSENT``), and inputs that are not answers, named with an "@":

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
            self[name] = ABSENT  # not answered
            return ABSENT
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
                index = list_index(self.content, occupation_list, occupation.system)
                value = f"{occupation.system}:{index.kinds.get(occupation.code, 0)}"
            else:
                raise KeyError(name)
        self[name] = value
        return value

    @classmethod
    def opened_by(cls, answers: Answers, content: m.Content, route: OpenedRoute) -> MemoInputs:
        """The inputs of the routes opened the way ``route`` is (same country, same how)."""
        inputs = cls(answers.values, content, answers)
        inputs["@opened"] = "no" if route.country is None else "yes"
        inputs["@country"] = route.country
        inputs["@how"] = route.how
        return inputs


def principals_input(category: m.Category, principals: Mapping[str, RouteResult]) -> str:
    """What a spouse route reads of its principals: their verdicts and missing answers."""
    return ";".join(
        f"{principals[route].verdict.value}:{','.join(principals[route].missing)}"
        if route in principals
        else "-"
        for route in category.principal
    )


class _Node:
    __slots__ = ("ask", "branches")

    def __init__(self, ask: str) -> None:
        self.ask = ask  # the input looked at next
        self.branches: dict[object, object] = {}  # its value -> the next _Node, or the result


class ExplanationTrie:
    """Results of one evaluation function, keyed by the inputs it actually looked at.

    An evaluation is deterministic: which input it looks at next depends only on the values
    of those it has looked at so far. Following the recorded order, value by value, reaches
    the stored result of any earlier evaluation that saw the same values, whatever the
    inputs it never looked at. A route that fails on its first rule is therefore reused for
    every answer set with the same answer to that rule.

    The trie holds at most ``LIMIT`` entries (branching nodes and results); when full, it is
    emptied and starts again, so that a long exhaustive run cannot make it grow without
    bound (and make a garbage collection pass over it slow).
    """

    LIMIT = 20_000  # about 5 MB of nodes at most; a person's whole session needs a few hundred

    def __init__(self) -> None:
        self.roots: dict[str, _Node] = {}
        self.size = 0

    def find(self, key: str, inputs: MemoInputs) -> object:
        """The result stored under ``key`` for these inputs, or None."""
        node: object = self.roots.get(key)
        try:
            while node.__class__ is _Node:
                node = node.branches.get(inputs[node.ask])
        except TypeError:  # an unhashable value (answers built by hand): no memo
            return None
        return node

    def add(self, key: str, order: list[str], inputs: MemoInputs, result: object) -> None:
        """Store ``result`` under ``key``, for the inputs in ``order`` (as looked at)."""
        if not order or result is None:
            return
        if self.size + len(order) >= self.LIMIT:
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
                    self.size += 1
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


class ContentMemo:
    """What the engine keeps for one content tree (see the module's docstring)."""

    OPENED_LIMIT = 4096  # citizenship and residence pairs
    NOTES_LIMIT = 4096  # combinations of the answers the general notes read

    def __init__(self, content: m.Content) -> None:
        self.content = content
        self.openings = OpeningsIndex(content)
        self.opened: dict[tuple[object, object], OpenedRoutes] = {}
        self.explanations = ExplanationTrie()
        self.general_reads = tuple(
            sorted(
                set().union(*(m.condition_questions(note.when) for note in content.general_notes))
            )
        )
        self.general_absent = (ABSENT,) * len(self.general_reads)
        self.general: dict[tuple[object, ...], tuple[m.Note, ...]] = {}
        self.missing_order: dict[frozenset[str], tuple[str, ...]] = {}

    def routes_for(self, values: Mapping[str, object]) -> OpenedRoutes:
        """The routes the answers' citizenship and permanent residence open."""
        citizenship = values.get("citizenship")
        residence = values.get("permanent_residence")
        key = (citizenship, residence)
        opened = self.opened.get(key)
        if opened is None:
            if isinstance(citizenship, str):
                opened = self.openings.open(citizenship, residence)
            else:  # (not answered: every route, as needing it)
                opened = open_routes(self.content, citizenship, residence)
            if len(self.opened) >= self.OPENED_LIMIT:
                self.opened.clear()
            self.opened[key] = opened
        return opened

    def explanation(
        self,
        answers: Answers,
        route: OpenedRoute,
        inputs: MemoInputs,
        principals: Mapping[str, RouteResult],
    ) -> Explanation:
        """The route's explanation for these answers: from the trie, or worked out and kept."""
        route_id = route.category.route_id
        explained = self.explanations.find(route_id, inputs)
        if not isinstance(explained, Explanation):
            evaluator = RouteEvaluator(self.content, answers, route, principals)
            explained = evaluator.explain()
            self.explanations.add(route_id, evaluator.context.order, inputs, explained)
        return explained

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
            if key and len(self.general) < self.NOTES_LIMIT:
                self.general[key] = notes
        return notes

    def in_flow_order(self, missing: frozenset[str]) -> tuple[str, ...]:
        """Questions in the order the wizard asks them."""
        ordered = self.missing_order.get(missing)
        if ordered is None:
            order = self.content.question_order
            last = len(self.content.questions)
            ordered = tuple(sorted(missing, key=lambda q: order.get(q, last)))
            if len(self.missing_order) < self.NOTES_LIMIT:
                self.missing_order[missing] = ordered
        return ordered


_MEMOS: dict[int, tuple[m.Content, ContentMemo]] = {}


def memo_for(content: m.Content) -> ContentMemo:
    """The memo of this content tree (kept alongside it, so that an id is never reused)."""
    entry = _MEMOS.get(id(content))
    if entry is None or entry[0] is not content:
        if len(_MEMOS) > 8:
            _MEMOS.clear()
        entry = _MEMOS[id(content)] = (content, ContentMemo(content))
    return entry[1]


def clear() -> None:
    """Forget everything kept (tests compare a result with a fresh evaluation)."""
    _MEMOS.clear()
