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


def _document(content: Content, document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "provided_by": document.provided_by,
        "why": document.why,
        "source": _source(content, document.source),
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


def route_to_dict(content: Content, route: RouteResult) -> dict[str, Any]:
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
        "documents": [_document(content, document) for document in route.documents],
        "notes": [
            {"text": note.text, "source": _source(content, note.source)} for note in route.notes
        ],
        "steps": [_step(content, step) for step in route.steps],
    }


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
        "routes": [route_to_dict(content, route) for route in assessment.routes],
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
    }


def assess_to_dict(answers: Mapping[str, object], content: Content | None = None) -> dict[str, Any]:
    """Raw answers → the JSON-ready result. Raises ``AnswerError`` for bad answers."""
    from ftawizard.content.loader import load_default_content
    from ftawizard.engine.answers import parse_answers
    from ftawizard.engine.evaluate import assess

    tree = content if content is not None else load_default_content()
    return assessment_to_dict(tree, assess(tree, parse_answers(tree, answers)), clock.today())
