"""The application checklist: what a person and their family submit, decided for them.

The five people of the study of IRCC's checklists (tests/personas) each get every item IRCC
asks of them (IMM 5488, IMM 5556, Guide 5487, the Regulations, IRCC's Help Centre), or a
"Check: …" line where the fact could not be confirmed. The application questions change the
checklist, never a verdict; bad answers to them are refused with one clear line.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ftawizard.content import Content
from ftawizard.content.errors import ContentInvalid
from ftawizard.content.loader import load_content
from ftawizard.engine import assess, parse_answers
from ftawizard.engine.application import (
    APPLICATION_QUESTIONS,
    build_plan,
    questions_needed,
)
from ftawizard.engine.flow import plan as flow_plan
from ftawizard.engine.report import assessment_to_dict
from ftawizard.export.checklist import Checklist, build_checklist
from ftawizard.export.text import render_checklist_text

PERSONAS = Path(__file__).resolve().parent / "personas"
MADE_ON = dt.date(2026, 11, 23)


def persona(name: str, **more: object) -> dict[str, object]:
    raw = json.loads((PERSONAS / f"{name}.json").read_text(encoding="utf-8"))
    raw.update(more)
    return dict(raw)


def checklist(content: Content, raw: dict[str, object]) -> Checklist:
    answers = parse_answers(content, raw, today=MADE_ON)
    return build_checklist(content, assess(content, answers), made_on=MADE_ON)


def ids(made: Checklist) -> set[str]:
    return {document.id for document in made.documents}


def text_of(content: Content, raw: dict[str, object]) -> str:
    return render_checklist_text(checklist(content, raw))


# --------------------------------------------------------------------------- acceptance


def test_us_nurse_gets_the_medical_exam_before_a_port_of_entry(content: Content) -> None:
    made = checklist(content, persona("us-registered-nurse"))
    found = ids(made)
    assert {"medical_public_health", "medical_upfront", "medical_before_poe"} <= found
    before = next(d for d in made.documents if d.id == "medical_before_poe")
    assert "panel physician" in before.title and "port-of-entry" in before.title
    assert before.source.id == "irpr_198"  # R198(2)(b)
    # applying at the port of entry is the person's choice: still told, first of all
    made = checklist(content, persona("us-registered-nurse", apply_from="port_of_entry"))
    application = next(group for group in made.groups if group.group == "application")
    assert "medical_before_poe" in [document.id for document in application.documents][:3]


@pytest.mark.parametrize(
    "more",
    [
        {},
        {"apply_from": "port_of_entry", "travel_by": "air"},
        {"apply_from": "outside", "spouse": True, "children_count": 2, "children_14_plus": 1},
    ],
)
def test_no_us_citizen_is_shown_a_biometrics_fee_or_an_eta(
    content: Content, more: dict[str, object]
) -> None:
    raw = persona("us-registered-nurse", **more)
    text = text_of(content, raw)
    assert "eTA" not in text
    assert "Biometrics fee" not in text and "$85" not in text and "$170" not in text
    assert "Biometrics: not required (U.S. nationals" in text
    report = json.dumps(assessment_to_dict(content, assess(content, parse_answers(content, raw))))
    assert "eTA" not in report
    assert "biometrics_fee" not in report and "$85" not in report


def test_a_peruvian_gets_a_visa_with_the_permit_and_applies_online(content: Content) -> None:
    made = checklist(content, persona("peruvian-software-engineer"))
    found = ids(made)
    assert {"apply_online_outside", "entry_visa_required", "passport_to_vac"} <= found
    visa = next(d for d in made.documents if d.id == "entry_visa_required")
    assert "issued with the work permit" in visa.title
    text = text_of(content, persona("peruvian-software-engineer"))
    assert "Apply online to IRCC from outside Canada" in text
    # never the port-of-entry exception list, nor any eTA line
    assert "Among the exceptions" not in text and "exceptions" not in text
    assert "poe_restricted_inside" not in found and "eTA" not in text
    # even when they say they would apply at a port of entry
    made = checklist(content, persona("peruvian-software-engineer", apply_from="port_of_entry"))
    assert "apply_online_outside" in ids(made) and "form_poe" not in ids(made)


def test_a_mexican_is_told_the_2024_rule_not_the_port_of_entry_note(content: Content) -> None:
    text = text_of(content, persona("mexican-civil-engineer-spouse"))
    assert "may still apply at a port of entry" not in text
    assert "Among the exceptions" not in text
    made = checklist(content, persona("mexican-civil-engineer-spouse"))
    assert {"poe_conditional_eta", "entry_conditional_unknown"} <= ids(made)
    flying = persona("mexican-civil-engineer-spouse", travel_by="air", us_visa=True)
    assert "entry_conditional_eta" in ids(checklist(content, flying))
    driving = persona("mexican-civil-engineer-spouse", travel_by="land")
    made = checklist(content, driving)
    assert {"entry_conditional_visa", "passport_to_vac", "apply_online_outside"} <= ids(made)
    # an application before 2024-02-29 gets the rule of its day: visa-exempt, eTA
    before = persona("mexican-civil-engineer-spouse", application_date="2024-01-15")
    made = checklist(content, before)
    assert "entry_eta_with_permit" in ids(made) and "poe_conditional_eta" not in ids(made)


# --------------------------------------------------------------------------- every person


# per person: what IRCC requires (the study's "IRCC requires" column), as item ids
REQUIRED = {
    "peruvian-software-engineer": {
        "apply_online_outside", "form_online", "form_imm5707", "passport",
        "photos_biometrics", "offer_number", "proof_education", "proof_experience",
        "prevailing_wage_evidence", "fee_work_permit", "biometrics_age_unknown",
        "medical_designated_check", "police_certificate", "entry_visa_required",
        "passport_to_vac", "translations_outside",
    },
    "mexican-civil-engineer-spouse": {
        "form_online", "form_imm5707", "photos_biometrics", "passport",
        "proof_cusma_credential", "proof_licence", "proof_experience", "supporting_evidence",
        "prevailing_wage_evidence", "biometrics_age_unknown", "medical_designated_check",
        "entry_conditional_unknown", "poe_conditional_eta", "spouse_owp:spouse",
        "spouse_imm5707:spouse", "spouse_passport", "spouse_biometrics:spouse",
        "proof_of_relationship", "form_imm5409_if", "fee_work_permit:spouse",
        "fee_owp_holder:spouse", "spouse_medical:spouse", "spouse_entry:spouse",
        "translations_outside",
    },
    "us-registered-nurse": {
        "apply_choice", "medical_public_health", "medical_before_poe", "proof_licence",
        "proof_cusma_credential", "passport", "offer_number", "biometrics_us_exempt",
        "entry_us", "fee_work_permit", "form_online", "form_imm5707", "form_poe",
    },
    "german-ceta-service-supplier": {
        "apply_choice", "form_online", "form_imm5707", "photos_biometrics", "passport",
        "proof_education", "proof_experience", "biometrics_age_unknown",
        "entry_eta_with_permit", "eta_before_boarding", "medical_designated_check",
        "translations_outside", "employer_portal_offer", "employer_compliance_fee",
    },
    "korean-ict-manager-spouse": {
        "apply_choice", "form_online", "form_imm5707", "photos_biometrics", "passport",
        "biometrics_age_unknown", "medical_designated_check", "entry_eta_with_permit",
        "translations_outside", "spouse_owp:spouse", "spouse_imm5707:spouse",
        "spouse_biometrics:spouse", "spouse_medical:spouse", "spouse_entry:spouse",
        "fee_work_permit:spouse", "fee_owp_holder:spouse", "children_ask:children",
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_each_person_gets_every_item_irccs_checklists_ask(content: Content, name: str) -> None:
    made = checklist(content, persona(name))
    missing = REQUIRED[name] - ids(made)
    assert not missing, f"{name} lacks {sorted(missing)}"
    for document in made.documents:
        assert document.why and document.source.id in content.sources, document.id
        # an unconfirmed fact always says what to check, and where
        if document.basis == "unverified":
            assert document.check, document.id
    # one identity document when the citizenship opens the routes
    assert "proof_citizenship" not in ids(made)


def test_unconfirmed_points_say_what_to_check_and_where(content: Content) -> None:
    text = text_of(content, persona("korean-ict-manager-spouse"))
    assert "Check: Check the list of designated countries and territories on IRCC's page" in (
        " ".join(text.split())
    )
    made = checklist(content, persona("korean-ict-manager-spouse"))
    assert any("visa office instructions" in document.check for document in made.documents)


def test_answers_decide_the_items(content: Content) -> None:
    base = persona("korean-ict-manager-spouse")
    made = checklist(
        content,
        {
            **base,
            "apply_from": "inside",
            "worker_age": 45,
            "biometrics_given": True,
            "designated_stay": "no",
            "spouse_relationship": "common_law",
            "spouse_age": 44,
            "children_count": 3,
            "children_school_age": 2,
            "children_14_plus": 1,
            "representative": True,
        },
    )
    found = ids(made)
    assert {"apply_chosen_inside", "form_imm5710", "translations_inside"} <= found
    assert {"biometrics_valid", "form_imm5409", "form_imm5476", "medical_none"} <= found
    assert {"children_study:children", "children_visitor:children"} <= found
    assert {"children_biometrics:children", "children_documents:children"} <= found
    assert "form_online" not in found and "form_imm5707" not in found
    assert "marriage_certificate:spouse" not in found
    fees = next(group for group in made.groups if group.group == "fees")
    titles = " ".join(document.title for document in fees.documents)
    # the spouse and one child aged 14+ give biometrics: 2 × $85 = $170 (the family maximum)
    assert "Biometrics fee (the family): $170 CAD" in titles
    assert "Study permit processing fee, per child (the children)" in titles
    # $155 + $155 + $100 + $170, the study permits left to check
    assert made.fee_total == 580
    assert "fee_total" in ids(made)
    # a worker over 79 gives no biometrics
    old = checklist(content, {**base, "worker_age": 80})
    assert "biometrics_age_exempt" in ids(old)


def test_a_borderline_occupation_asks_and_then_decides(content: Content) -> None:
    # NOC 30010 managers in health care: may or may not be public-health work
    raw = persona("korean-ict-manager-spouse", noc="30010")
    assessment = assess(content, parse_answers(content, raw, today=MADE_ON))
    if not [route for route in assessment.routes if route.verdict.value != "not_eligible"]:
        pytest.skip("no open route for this occupation")
    assert "public_health_job" in questions_needed(content, assessment)
    assert "medical_public_health_ask" in {item.id for item in build_plan(
        content, assessment, assessment.routes).items}  # fmt: skip
    raw["public_health_job"] = True
    assessment = assess(content, parse_answers(content, raw, today=MADE_ON))
    found = {item.id for item in build_plan(content, assessment, assessment.routes).items}
    assert "medical_public_health" in found


# --------------------------------------------------------------------------- questions


def test_application_questions_come_after_the_eligibility_ones(content: Content) -> None:
    raw = persona("us-registered-nurse", permanent_residence="")
    current = flow_plan(content, raw, today=MADE_ON)
    assert current.next is not None and current.next.id == "apply_from"
    steps = [question.id for question in current.steps]
    first = steps.index("apply_from")
    assert all(content.questions_by_id[q].step == "application" for q in steps[first:])
    # a U.S. citizen is never asked about biometrics, nor about a U.S. visa
    assert "biometrics_given" not in steps and "us_visa" not in steps
    # a Mexican flying in is asked the conditional-eTA facts
    mexican = persona("mexican-civil-engineer-spouse", permanent_residence="", travel_by="air")
    steps = [question.id for question in flow_plan(content, mexican, today=MADE_ON).steps]
    assert {"travel_by", "us_visa"} <= set(steps)
    # once answered, the checklist follows: a port-of-entry application by air needs an eTA
    german = persona("german-ceta-service-supplier", apply_from="port_of_entry", travel_by="air")
    assert "eta_before_boarding" in ids(checklist(content, german))
    assert "entry_eta_with_permit" not in ids(checklist(content, german))


def test_no_application_question_while_no_route_is_open(content: Content) -> None:
    raw = persona("peruvian-software-engineer", permanent_residence="", experience_years=0)
    raw["education_level"] = "secondary"
    assessment = assess(content, parse_answers(content, raw, today=MADE_ON))
    if any(route.verdict.value != "not_eligible" for route in assessment.routes):
        pytest.skip("a route is still open on these answers")
    assert questions_needed(content, assessment) == ()


def test_application_questions_never_change_a_verdict(content: Content) -> None:
    from test_exhaustive import Design

    design = Design(content, False)
    extra: dict[str, object] = {
        "apply_from": "port_of_entry",
        "travel_by": "land",
        "us_visa": True,
        "canadian_visa_10y": False,
        "worker_age": 80,
        "biometrics_given": True,
        "public_health_job": True,
        "designated_stay": "six_months",
        "stay_over_6_months": True,
        "spouse_relationship": "common_law",
        "spouse_age": 30,
        "children_count": 2,
        "children_school_age": 1,
        "children_14_plus": 1,
        "representative": True,
    }
    assert set(extra) | {"spouse"} == set(APPLICATION_QUESTIONS)
    checked = 0
    for number, raw in enumerate(design.rows()):
        try:
            answers = parse_answers(content, raw, today=MADE_ON)
        except Exception:
            continue
        plain = assess(content, answers)
        more = assess(content, parse_answers(content, {**raw, **extra}, today=MADE_ON))
        assert [(r.route_id, r.verdict, r.missing) for r in plain.routes] == [
            (r.route_id, r.verdict, r.missing) for r in more.routes
        ], raw
        checked += 1
        if number % 50 == 0:
            build_plan(content, more, more.routes)  # never fails on any answer set
    assert checked > 1000


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("worker_age", -1, "worker_age: must not be negative"),
        ("worker_age", 300, "worker_age: must be at most 120"),
        ("apply_from", "moon", "apply_from: 'moon' is not one of"),
        ("children_count", "two", "children_count: must be a number"),
    ],
)
def test_bad_application_answers_exit_2_with_one_line(
    tmp_path: Path, key: str, value: object, said: str
) -> None:
    raw = persona("us-registered-nurse", **{key: value})
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(raw), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ftawizard", "assess", "--answers", str(answers)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.stderr


def test_assess_help_lists_the_application_questions() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ftawizard", "assess", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for question in APPLICATION_QUESTIONS:
        assert question in result.stdout, question


# --------------------------------------------------------------------------- content check


def _rejected(tree: Path) -> str:
    with pytest.raises(ContentInvalid) as error:
        load_content(tree)
    return str(error.value)


def test_content_check_rejects_a_country_without_an_entry_status(content_copy: Path) -> None:
    path = content_copy / "countries.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("PE,"))
    lines[number] = lines[number].replace(",visa_required,", ",,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = _rejected(content_copy)
    assert f"countries.csv:{number + 1}: country 'PE' has no entry-document status" in said


def test_content_check_rejects_an_item_or_document_without_a_source(
    content_copy: Path,
) -> None:
    path = content_copy / "application.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[items.form_imm5409]")
    cut = text.index('source = "imm5488"\n', start)
    path.write_text(text[:cut] + text[cut + len('source = "imm5488"\n') :], encoding="utf-8")
    line = text[:start].count("\n") + 1
    said = _rejected(content_copy)
    assert f"application.toml:{line}: items.form_imm5409: has no source" in said
    documents = content_copy / "documents.toml"
    text = documents.read_text(encoding="utf-8")
    start = text.index("[documents.proof_licence]")
    cut = text.index('source = "regulated_occupations"\n', start)
    documents.write_text(text[:cut] + text[cut + len('source = "regulated_occupations"\n') :])
    said = _rejected(content_copy)
    assert "documents.toml:" in said and "documents.proof_licence" in said and "source" in said


def test_content_check_rejects_a_form_no_step_uses(content_copy: Path) -> None:
    path = content_copy / "application.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text
        + '\n[items.form_imm9999]\ngroup = "application"\ntitle = "Form IMM 9999"\n'
        + 'why = "Nothing uses it."\nsource = "imm5488"\n',
        encoding="utf-8",
    )
    line = text.count("\n") + 2
    said = _rejected(content_copy)
    assert f"application.toml:{line}: item 'form_imm9999' is not used by the checklist" in said
