"""Answers → a verdict for every route (agreement × category) the person's country opens.

The public entry of the engine's evaluation: ``assess``, and the result types it returns
(defined in ``ftawizard.engine.results``). How one route is explained is in
``ftawizard.engine.explain``; which routes a country opens, in ``ftawizard.engine.openings``;
what is kept between assessments, in ``ftawizard.engine.memo``.
"""

from __future__ import annotations

from ftawizard.content import models as m
from ftawizard.engine.answers import Answers
from ftawizard.engine.explain import bind
from ftawizard.engine.memo import MemoInputs, memo_for, principals_input
from ftawizard.engine.results import (
    Assessment,
    NotCoveredRoute,
    OpenedRoute,
    Reason,
    RouteDetails,
    RouteResult,
    Verdict,
)

__all__ = [
    "Assessment",
    "NotCoveredRoute",
    "OpenedRoute",
    "Reason",
    "RouteDetails",
    "RouteResult",
    "Verdict",
    "assess",
]


def assess(content: m.Content, answers: Answers) -> Assessment:
    """Evaluate every route the answers' citizenship or permanent residence opens.

    With no citizenship answered, every route is listed as needing information. Spouse
    routes are evaluated after the routes of their principals (they read their verdicts).
    Each route's explanation comes from the memo when an earlier answer set looked at the
    same answers.
    """
    memo = memo_for(content)
    opened = memo.routes_for(answers.values)
    done: dict[str, RouteResult] = {}
    # the answers as the memo sees them, one per way a route is opened (country, how)
    by_opening: dict[tuple[str | None, str | None], MemoInputs] = {}
    for index in opened.evaluation_order:
        route = opened.routes[index]
        category = route.category
        inputs = by_opening.get((route.country, route.how))
        if inputs is None:
            inputs = by_opening[route.country, route.how] = MemoInputs.opened_by(
                answers, content, route
            )
        principals = {name: done[name] for name in category.principal if name in done}
        if category.principal:
            # (values are only ever added: each spouse route has an input of its own)
            inputs[f"@principals:{category.route_id}"] = principals_input(category, principals)
        explanation = memo.explanation(answers, route, inputs, principals)
        done[category.route_id] = RouteResult(
            route,
            explanation.verdict,
            explanation.missing,
            bind(content, answers, route, explanation),
        )
    routes = tuple(done[route.category.route_id] for route in opened.routes)
    missing = memo.in_flow_order(frozenset().union(*[result.missing for result in routes]))
    return Assessment(
        answers, routes, opened.not_covered, missing, memo.general_notes(answers.values)
    )
