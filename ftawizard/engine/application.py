"""The application checklist: what this person and their family submit besides the evidence of
their route, decided from their answers.

Pure: content and an assessment in, frozen items out. Every sentence comes from
``content/application.toml`` (with its source); this module only decides which ones apply,
from the entry-document status of the citizenship (``countries.csv``, dated), where the person
applies, the occupation's medical group, ages and family. It never names a country.

``questions_needed`` says which of the application questions change the checklist on the
answers so far; the flow asks exactly those, after the eligibility questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ftawizard.content import models as m
from ftawizard.content.application import application_for
from ftawizard.engine.answers import Answers
from ftawizard.engine.evaluate import Assessment, RouteResult, Verdict

GROUP_HEADINGS: dict[str, str] = {
    "application": "Application: where, forms, photos, translations",
    "identity": "Identity and travel",
    "evidence": "Eligibility evidence",
    "medical": "Medical exam and biometrics",
    "family": "Family",
    "employer": "From the employer",
    "fees": "Fees and totals",
}
GROUPS: tuple[str, ...] = m.APPLICATION_GROUPS

# the application questions, in the order they are asked (content/questions.toml, step
# "application"); a tree without them gets no application questions
APPLICATION_QUESTIONS: tuple[str, ...] = (
    "apply_from",
    "travel_by",
    "us_visa",
    "canadian_visa_10y",
    "worker_age",
    "biometrics_given",
    "public_health_job",
    "designated_stay",
    "stay_over_6_months",
    "spouse",
    "spouse_relationship",
    "spouse_age",
    "children_count",
    "children_school_age",
    "children_14_plus",
    "representative",
)
# route steps whose fees the fees group states per person, with the family's totals
FEE_STEPS = frozenset(
    {"work_permit_fee", "biometrics_fee", "spouse_work_permit_fee", "open_work_permit_holder_fee"}
)
BIOMETRICS_STEP = "biometrics_fee"  # a route step that an exempt citizenship never sees
# the plan's passport lines keep the id of the passport document (ticks carry over)
PASSPORT_ITEMS = frozenset({"passport_one", "passport_one_us"})
POE_STATUSES = frozenset({"visa_exempt", "us", "check"})  # may apply at a port of entry


@attrs.frozen
class Item:
    """One line of the application checklist, for one person (or the family)."""

    id: str
    group: str
    title: str
    why: str
    source: str  # a source id
    person: str = "worker"  # "worker", "spouse", "children", "family", "employer"
    basis: str = "confirmed"  # "confirmed", "secondary", "unverified"
    check: str = ""  # what to check and where
    amount: float | None = None  # fees: the amount per person
    count: int = 1  # fees: how many people pay it
    routes: tuple[str, ...] = ()  # route ids it belongs to; empty: the application as a whole

    @property
    def total(self) -> float | None:
        return None if self.amount is None else self.amount * self.count


@attrs.frozen
class Situation:
    """What the answers say about the application, worked out once."""

    citizenship: str | None
    status: str  # an entry-document status (m.ENTRY_STATUSES), on the application date
    basis: str  # "official", "secondary", "unverified"
    place: str | None  # "outside", "port_of_entry", "inside" or unanswered
    eta_eligible: bool | None  # conditional eTA: decided, or None while unknown
    public_health: bool | None  # the job needs a medical: yes / no / ask
    public_health_borderline: bool
    agricultural: bool
    agricultural_borderline: bool
    biometrics_exempt: bool
    spouse: bool
    spouse_route: bool  # a spousal open work permit route is open
    children: int | None

    @property
    def poe_possible(self) -> bool:
        return self.status in POE_STATUSES and self.place in (None, "port_of_entry")


@attrs.frozen
class ApplicationPlan:
    situation: Situation
    items: tuple[Item, ...]
    fee_total: float  # the family's fees of known amount (the worker's side)
    fee_unknown: tuple[str, ...]  # titles of fees whose amount is not known here

    def group(self, group: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.group == group)


# --------------------------------------------------------------------------- situation


def _open(routes: Iterable[RouteResult]) -> tuple[RouteResult, ...]:
    return tuple(route for route in routes if route.verdict is not Verdict.NOT_ELIGIBLE)


def _in_group(
    content: m.Content, answers: Answers, group_id: str
) -> tuple[bool, bool]:  # (clearly in it, borderline)
    group = content.groups.get(group_id)
    occupation = answers.occupation
    if group is None or occupation is None:
        return False, False
    if occupation.system == "noc2021":
        return occupation.code in group.noc2021, occupation.code in group.borderline2021
    return occupation.code in group.noc2016, occupation.code in group.borderline2016


def _number(answers: Answers, question: str) -> int | None:
    value = answers.get(question)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _flag(answers: Answers, question: str) -> bool | None:
    value = answers.get(question)
    return value if isinstance(value, bool) else None


def situation(
    content: m.Content, assessment: Assessment, routes: Sequence[RouteResult] | None = None
) -> Situation:
    application = application_for(content)
    answers = assessment.answers
    citizenship = answers.get("citizenship")
    code = citizenship if isinstance(citizenship, str) and citizenship else None
    status = application.status_on(code, assessment.as_of) if code else "check"
    basis = application.entry_basis.get(code, "unverified") if code else "unverified"
    place = answers.get("apply_from")
    eta: bool | None = None
    if status == "eta_conditional":
        travel = answers.get("travel_by")
        us_visa = _flag(answers, "us_visa")
        canadian = _flag(answers, "canadian_visa_10y")
        if travel == "land" or (us_visa is False and canadian is False):
            eta = False
        elif travel == "air" and (us_visa or canadian):
            eta = True
    clear, borderline = _in_group(content, answers, application.public_health_group)
    public_health: bool | None = clear or None
    if not clear:
        asked = _flag(answers, "public_health_job")
        public_health = asked if borderline else False
        if borderline and asked is None:
            public_health = None
    agri, agri_borderline = _in_group(content, answers, application.agricultural_group)
    opened = _open(routes if routes is not None else assessment.routes)
    spouse_route = any(route.category.principal for route in opened)
    return Situation(
        citizenship=code,
        status=status,
        basis=basis,
        place=place if isinstance(place, str) and place else None,
        eta_eligible=eta,
        public_health=public_health,
        public_health_borderline=borderline,
        agricultural=agri,
        agricultural_borderline=agri_borderline,
        biometrics_exempt=status in application.biometrics_exempt_statuses,
        spouse=answers.get("spouse") is True or spouse_route,
        spouse_route=spouse_route,
        children=_number(answers, "children_count"),
    )


# --------------------------------------------------------------------------- questions


def questions_needed(content: m.Content, assessment: Assessment) -> tuple[str, ...]:
    """The application questions whose answer changes the checklist now (none while no route
    is eligible or needs information, or when the tree has no application questions)."""
    known = content.questions_by_id
    if "apply_from" not in known or not _open(assessment.routes):
        return ()
    answers = assessment.answers
    facts = situation(content, assessment)
    if facts.status == "canadian":
        return ()
    application = application_for(content)
    need: list[str] = ["apply_from"]
    if facts.status == "visa_exempt" and facts.place == "port_of_entry":
        need.append("travel_by")
    if facts.status == "eta_conditional" and facts.place != "inside":
        need.append("travel_by")
        if answers.get("travel_by") == "air":
            need.append("us_visa")
            if answers.get("us_visa") is False:
                need.append("canadian_visa_10y")
    if not facts.biometrics_exempt:
        need.append("worker_age")
        age = _number(answers, "worker_age")
        if age is None or application.biometrics_min_age <= age <= application.biometrics_max_age:
            need.append("biometrics_given")
    if facts.public_health_borderline:
        need.append("public_health_job")
    if facts.public_health is not True:
        need.append("designated_stay")
        if answers.get("designated_stay") == "six_months" and not facts.agricultural:
            need.append("stay_over_6_months")
    need.append("spouse")
    if facts.spouse:
        need += ["spouse_relationship", "spouse_age"]
    need.append("children_count")
    if facts.children:
        need += ["children_school_age", "children_14_plus"]
    need.append("representative")
    return tuple(question for question in need if question in known)


# --------------------------------------------------------------------------- the plan


class _Items:
    def __init__(self, application: m.ApplicationContent) -> None:
        self.application = application
        self.items: list[Item] = []

    def add(
        self,
        item_id: str,
        person: str = "worker",
        *,
        amount: float | None = None,
        count: int = 1,
        title: str | None = None,
        routes: tuple[str, ...] = (),
    ) -> None:
        found = self.application.items[item_id]
        shown_id = "passport" if item_id in PASSPORT_ITEMS else item_id
        self.items.append(
            Item(
                id=shown_id if person == "worker" else f"{item_id}:{person}",
                group=found.group,
                title=title if title is not None else found.title,
                why=found.why,
                source=found.source,
                person=person,
                basis=found.basis,
                check=found.check,
                amount=amount,
                count=count,
                routes=routes,
            )
        )


def _fee(content: m.Content, step_id: str) -> float | None:
    step = content.steps.get(step_id)
    return step.fee.amount if step is not None and step.fee is not None else None


def build_plan(
    content: m.Content, assessment: Assessment, routes: Sequence[RouteResult]
) -> ApplicationPlan:
    """Every application item for this person and their family, for the chosen routes."""
    application = application_for(content)
    answers = assessment.answers
    facts = situation(content, assessment, routes)
    out = _Items(application)
    add = out.add
    status, place = facts.status, facts.place

    # ------------------------------------------------ where to apply and the forms
    online = True  # the online (or IMM 1295) application is the way in
    if place == "inside":
        add("apply_chosen_inside")
        online = False
    elif status == "visa_required" or (status == "eta_conditional" and facts.eta_eligible is False):
        add("apply_online_outside")
    elif status == "eta_conditional":
        add("poe_conditional_eta")
    elif place == "outside":
        add("apply_chosen_outside")
    elif place == "port_of_entry":
        add("apply_chosen_poe")
        online = False
    else:
        add("apply_choice")
    if status in ("visa_exempt", "us", "check") and place != "outside":
        add("poe_restricted_inside")
    medical_required = _medical_required(facts, answers)
    if medical_required and facts.poe_possible:
        add("medical_before_poe")
    if place == "inside":
        add("form_imm5710")
    elif online:
        add("form_online")
    if (facts.poe_possible and place is None) or (place == "port_of_entry" and facts.poe_possible):
        add("form_poe")
    if place == "port_of_entry" and facts.poe_possible:
        add("form_imm5707_poe")
    elif place != "inside":
        add("form_imm5707")
    if facts.spouse:
        relationship = answers.get("spouse_relationship")
        if relationship == "common_law":
            add("form_imm5409")
        elif relationship is None:
            add("form_imm5409_if")
    representative = _flag(answers, "representative")
    if representative is True:
        add("form_imm5476")
        add("form_imm5475")
    elif representative is None:
        add("form_imm5476_if")
    else:
        add("form_imm5475")
    biometrics = _worker_biometrics(application, facts, answers)
    add("photos_biometrics" if biometrics in ("biometrics_required", "biometrics_age_unknown")
        else "photos_paper")  # fmt: skip
    add("translations_inside" if place == "inside" else "translations_outside")
    add("police_certificate")

    # ------------------------------------------------ identity and travel
    add("passport_one_us" if status == "us" else "passport_one")
    visa = False
    if status == "visa_required":
        add("entry_visa_required")
        visa = True
    elif status == "visa_exempt":
        if place != "inside":
            if place != "port_of_entry":
                add("entry_eta_with_permit")
            travel = answers.get("travel_by")
            if place in (None, "port_of_entry") and travel != "land":
                add("eta_before_boarding")
            if place == "port_of_entry" and travel == "land":
                add("eta_land")
    elif status == "eta_conditional":
        if facts.eta_eligible is True:
            add("entry_conditional_eta")
        elif facts.eta_eligible is False:
            add("entry_conditional_visa")
            visa = True
        else:
            add("entry_conditional_unknown")
    elif status == "us":
        add("entry_us")
    elif status == "check":
        add("entry_check")
    if facts.basis == "secondary":
        add("entry_secondary")
    if assessment.as_of < application.read_from:
        add("entry_old_date")
    if visa:
        add("passport_to_vac")

    # ------------------------------------------------ medical exam and biometrics
    add(biometrics)
    _medical(out, facts, answers)

    # ------------------------------------------------ family
    spouse_routes = tuple(route.route_id for route in _open(routes) if route.category.principal)
    if facts.spouse:
        if facts.spouse_route:
            add("spouse_owp", "spouse", routes=spouse_routes)
        else:
            add("spouse_no_owp", "spouse")
        if place != "inside":
            add("spouse_imm5707", "spouse")
        add("spouse_entry", "spouse")
        add("spouse_biometrics", "spouse")
        add("spouse_medical", "spouse")
        if answers.get("spouse_relationship") != "common_law" and not facts.spouse_route:
            add("marriage_certificate", "spouse")  # a spouse route lists its own proof
    children = facts.children
    school = _number(answers, "children_school_age")
    older = _number(answers, "children_14_plus")
    if children is None:
        add("children_ask", "children")
    elif children > 0:
        if school is None or school > 0:
            add("children_study", "children")
        if school is None or school < children:
            add("children_visitor", "children")
        add("children_documents", "children")
        if older is None or older > 0:
            if not facts.biometrics_exempt:
                add("children_biometrics", "children")
            add("children_imm5707", "children")

    # ------------------------------------------------ fees
    total, unknown = _fees(out, content, application, facts, answers, biometrics, visa, routes)
    return ApplicationPlan(
        situation=facts, items=tuple(out.items), fee_total=total, fee_unknown=unknown
    )


def _medical_required(facts: Situation, answers: Answers) -> bool:
    designated = answers.get("designated_stay")
    stay = _flag(answers, "stay_over_6_months")
    return bool(
        facts.public_health is True
        or (designated == "six_months" and stay is not False)
        or (facts.agricultural and designated in ("six_months", "shorter"))
    )


def _medical(out: _Items, facts: Situation, answers: Answers) -> None:
    add = out.add
    designated = answers.get("designated_stay")
    stay = _flag(answers, "stay_over_6_months")
    shown = False
    if facts.public_health is True:
        add("medical_public_health")
        shown = True
    else:
        if facts.public_health is None:
            add("medical_public_health_ask")
        if facts.agricultural and designated in ("six_months", "shorter"):
            add("medical_agricultural")
            shown = True
        elif (facts.agricultural or facts.agricultural_borderline) and designated in (
            None,
            "unsure",
        ):
            add("medical_agricultural_check")
        if designated == "six_months" and stay is not False and not facts.agricultural:
            add("medical_designated")
            shown = True
        elif designated in (None, "unsure"):
            add("medical_designated_check")
        elif facts.public_health is False and not shown:
            add("medical_none")
    if shown or facts.public_health is None:
        add("medical_upfront")


def _worker_biometrics(
    application: m.ApplicationContent, facts: Situation, answers: Answers
) -> str:
    if facts.biometrics_exempt:
        return "biometrics_us_exempt"
    age = _number(answers, "worker_age")
    if age is not None and not (
        application.biometrics_min_age <= age <= application.biometrics_max_age
    ):
        return "biometrics_age_exempt"
    if answers.get("biometrics_given") is True:
        return "biometrics_valid"
    return "biometrics_required" if age is not None else "biometrics_age_unknown"


def _fees(
    out: _Items,
    content: m.Content,
    application: m.ApplicationContent,
    facts: Situation,
    answers: Answers,
    biometrics: str,
    visa: bool,
    routes: Sequence[RouteResult],
) -> tuple[float, tuple[str, ...]]:
    add = out.add
    start = len(out.items)
    work_permit = _fee(content, "work_permit_fee")
    add("fee_work_permit", amount=work_permit)
    if facts.spouse and facts.spouse_route:
        spouse_routes = tuple(route.route_id for route in _open(routes) if route.category.principal)
        fee = _fee(content, "spouse_work_permit_fee")
        add("fee_work_permit", "spouse", amount=fee, routes=spouse_routes)
        holder = _fee(content, "open_work_permit_holder_fee")
        add("fee_owp_holder", "spouse", amount=holder, routes=spouse_routes)
    school = _number(answers, "children_school_age")
    if facts.children and (school is None or school > 0):
        add("fee_study_permit", "children", count=school or 1)
    if not facts.biometrics_exempt:
        people = 1 if biometrics in ("biometrics_required", "biometrics_age_unknown") else 0
        spouse_age = _number(answers, "spouse_age")
        if facts.spouse and (
            spouse_age is None
            or application.biometrics_min_age <= spouse_age <= application.biometrics_max_age
        ):
            people += 1
        older = _number(answers, "children_14_plus")
        if facts.children and older:
            people += older
        if people:
            amount = min(
                application.fee_biometrics_person * people, application.fee_biometrics_family_max
            )
            add("fee_biometrics", "family" if people > 1 else "worker", amount=amount, count=1)
    if visa or (facts.status == "eta_conditional" and facts.eta_eligible is None):
        add("fee_visa_waived")
    if facts.status == "visa_exempt" or (
        facts.status == "eta_conditional" and facts.eta_eligible is not False
    ):
        add("fee_eta_waived")
    add("fee_caveat", "family")
    add("fee_employer", "employer", amount=_fee(content, "employer_compliance_fee"))
    fees = out.items[start:]
    total = sum(
        item.total or 0.0 for item in fees if item.person != "employer" and item.total is not None
    )
    unknown = tuple(
        item.title
        for item in fees
        if item.amount is None and item.id.split(":")[0] in ("fee_study_permit",)
    )
    return total, unknown
