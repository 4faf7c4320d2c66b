"""The JSON shape of an assessment (the contract of ``ftawizard assess --format json``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ftawizard import __version__, clock
from ftawizard.content.models import Content, Document, Step
from ftawizard.content.rules_age import rules_age
from ftawizard.engine.evaluate import Assessment, RouteResult


def _source(content: Content, source_id: str) -> dict[str, Any]:
    source = content.sources[source_id]
    return {
        "id": source.id,
        "title": source.title,
        "url": source.url,
        "date": source.date.isoformat() if source.date else None,
        "checked": source.checked.isoformat() if source.checked else None,
    }


def _document(content: Content, document: Document, route_source: str = "") -> dict[str, Any]:
    """A route's document; one shared by every agreement cites the route's own page."""
    source = document.source
    if route_source and content.application is not None:
        if document.id in content.application.route_sourced:
            source = route_source
    elif route_source:
        from ftawizard.content.application import application_for

        if document.id in application_for(content).route_sourced:
            source = route_source
    return {
        "id": document.id,
        "title": document.title,
        "provided_by": document.provided_by,
        "why": document.why,
        "source": _source(content, source),
    }


def _step(content: Content, step: Step) -> dict[str, Any]:
    fee = step.fee
    return {
        "id": step.id,
        "title": step.title,
        "who": step.who,
        "text": step.text,
        "fee": None
        if fee is None
        else {
            "amount": fee.amount,
            "currency": fee.currency,
            "per": fee.per,
            "checked": fee.checked.isoformat(),
        },
        "source": _source(content, step.source),
    }


def route_to_dict(
    content: Content, route: RouteResult, assessment: Assessment | None = None
) -> dict[str, Any]:
    category = route.category
    return {
        "id": route.route_id,
        "agreement": route.agreement.short,
        "agreement_name": route.agreement.name,
        "category": category.name,
        "exemption_code": category.exemption_code,
        "former_codes": [
            {"code": former.code, "until": former.until.isoformat()}
            for former in category.former_codes
        ],
        "verdict": route.verdict.value,
        "route_country": route.route_country,
        "reasons": [
            {
                "rule": reason.rule,
                "met": reason.met,
                "officer_decides": reason.officer_decides,
                "text": reason.text,
                "source": _source(content, reason.source),
                "missing": sorted(reason.missing, key=lambda q: content.question_order.get(q, 0)),
            }
            for reason in route.reasons
        ],
        "missing": list(route.missing),
        "assumed": list(route.assumed),
        "max_initial_duration_months": category.max_initial_duration_months,
        "duration": None
        if category.duration is None
        else {
            "initial": category.duration.initial,
            "extensions": category.duration.extensions,
            "total": category.duration.total,
            "total_months": category.duration.total_months,
            "source": _source(content, category.duration.source),
        },
        "apply_at": _apply_at(content, category.apply_at),
        "spouse_routes": [spouse.route_id for spouse in content.spouse_routes(route.route_id)],
        "documents": [
            _document(content, document, category.source) for document in route.documents
        ],
        "notes": [
            {"text": note.text, "source": _source(content, note.source)} for note in route.notes
        ],
        "steps": [_step(content, step) for step in _steps(content, route, assessment)],
    }


def _steps(content: Content, route: RouteResult, assessment: Assessment | None) -> tuple[Step, ...]:
    """The route's steps, without the biometrics fee for a citizenship exempt from it."""
    from ftawizard.engine.application import BIOMETRICS_STEP, situation

    if assessment is None or not any(step.id == BIOMETRICS_STEP for step in route.steps):
        return route.steps
    if content.application is None and "apply_from" not in content.questions_by_id:
        return route.steps
    facts = situation(content, assessment, (route,))
    if facts.biometrics_exempt:
        return tuple(step for step in route.steps if step.id != BIOMETRICS_STEP)
    return route.steps


def _apply_at(content: Content, place_id: str) -> dict[str, Any] | None:
    place = content.apply_at.get(place_id)
    if place is None:
        return None
    return {
        "id": place.id,
        "title": place.title,
        "text": place.text,
        "source": _source(content, place.source),
    }


def assessment_to_dict(
    content: Content, assessment: Assessment, today: dt.date | None = None
) -> dict[str, Any]:
    """The JSON-ready result. ``as_of`` is the application date the rules were applied for;
    ``rules_as_of`` the date of the rules themselves (the newest date a source was checked),
    and ``rules_notice`` says, when the application date or ``today`` (default: the
    application date) is more than 6 months past it, that the rules may have changed."""
    answers = assessment.answers
    age = rules_age(content, assessment.as_of, today or assessment.as_of)
    return {
        "ftawizard_version": __version__,
        "content_version": content.version,
        "as_of": assessment.as_of.isoformat(),
        "rules_as_of": age.as_of.isoformat() if age.as_of else None,
        "rules_notice": age.notice,
        "occupation": None
        if answers.occupation is None
        else {
            "code": answers.occupation.code,
            "classification": "NOC 2021" if answers.occupation.system == "noc2021" else "NOC 2016",
            "title": answers.occupation.title,
            "level": answers.occupation.level_label,
        },
        "routes": [route_to_dict(content, route, assessment) for route in assessment.routes],
        "not_covered": [
            {
                "route": entry.category.route_id,
                "agreement": entry.agreement.short,
                "category": entry.category.name,
                "reason": entry.text,
                "source": _source(content, entry.source),
            }
            for entry in assessment.not_covered
        ],
        "missing": list(assessment.missing),
        "general_notes": [
            {"text": note.text, "source": _source(content, note.source)}
            for note in assessment.general_notes
        ],
        "warnings": list(answers.warnings),
        "application": application_to_dict(content, assessment),
    }


def application_to_dict(content: Content, assessment: Assessment) -> dict[str, Any] | None:
    """The application checklist for the routes a checklist covers (the eligible routes, or
    else those that need information): every item by group, for whom, why, its source and
    what to check where a fact is not confirmed; the fees and the family's total. ``None``
    when no route is open."""
    from ftawizard.engine.application import GROUP_HEADINGS, GROUPS, build_plan
    from ftawizard.engine.evaluate import Verdict

    routes = tuple(route for route in assessment.routes if route.verdict is Verdict.ELIGIBLE)
    if not routes:
        routes = tuple(route for route in assessment.routes if route.verdict is Verdict.NEEDS_INFO)
    if not routes:
        return None
    plan = build_plan(content, assessment, routes)
    facts = plan.situation
    return {
        "routes": [route.route_id for route in routes],
        "entry_document_status": facts.status,
        "entry_document_basis": facts.basis,
        "apply_from": facts.place,
        "groups": [
            {
                "id": group,
                "heading": GROUP_HEADINGS[group],
                "items": [
                    {
                        "id": item.id,
                        "person": item.person,
                        "title": item.title,
                        "why": item.why,
                        "basis": item.basis,
                        "check": item.check or None,
                        "amount": item.amount,
                        "count": item.count,
                        "source": _source(content, item.source),
                    }
                    for item in plan.group(group)
                ],
            }
            for group in GROUPS
            if plan.group(group)
        ],
        "fee_total": plan.fee_total,
        "fee_total_currency": "CAD",
        "fee_unknown": list(plan.fee_unknown),
    }


def assess_to_dict(answers: Mapping[str, object], content: Content | None = None) -> dict[str, Any]:
    """Raw answers → the JSON-ready result. Raises ``AnswerError`` for bad answers."""
    from ftawizard.content.loader import load_default_content
    from ftawizard.engine.answers import parse_answers
    from ftawizard.engine.evaluate import assess

    tree = content if content is not None else load_default_content()
    return assessment_to_dict(tree, assess(tree, parse_answers(tree, answers)), clock.today())
