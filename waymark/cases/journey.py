"""The "Report a concern" journey: which question pages apply, in what order, and what the answers
mean for the pathway facts, the case and the people in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from . import forms_report as f
from .vocabulary import INDICATOR_LABELS, ExploitationLocation, ExploitationType, Gender

YES_NO = {"yes": True, "no": False, "not_sure": None}


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[f.StepForm] | None  # None: an information page with a Continue button

    def applies(self, answers: dict[str, Any]) -> bool:
        rule = APPLIES.get(self.slug)
        return rule(answers) if rule else True


def _get(answers: dict[str, Any], step: str, field: str) -> Any:
    return (answers.get(step) or {}).get(field)


def is_adult(answers: dict[str, Any]) -> bool:
    return _get(answers, "age", "under_18") == "no"


def stays_anonymous(answers: dict[str, Any]) -> bool:
    """An adult who has not consented to the NRM (declined, or not yet asked) and has not agreed to
    co-operate: ask for nothing identifying (DOMAIN.md 1.3, 1.4). The same rule as
    access.potential_victim_is_anonymous, which hides such details from other organisations."""
    return (
        is_adult(answers)
        and _get(answers, "consent", "consents_to_nrm") != "yes"
        and _get(answers, "co-operation", "cooperates_with_authorities") != "yes"
    )


STEPS = [
    Step("danger", "Immediate danger", f.DangerForm),
    Step("call-999", "Call 999 now", None),
    Step("age", "Age", f.AgeForm),
    Step("exploited-as-child", "Under 18 during the exploitation", f.ExploitedAsChildForm),
    Step("where", "Where they are", f.WhereForm),
    Step("consent", "Consent to the NRM", f.ConsentForm),
    Step("care-needs", "Care and support needs", f.CareNeedsForm),
    Step("co-operation", "Co-operation", f.CooperationForm),
    Step("person", "The potential victim", f.PersonForm),
    Step("person-anonymous", "The potential victim", f.AnonymousPersonForm),
    Step("indicators", "Signs and indicators", f.IndicatorsForm),
    Step("exploitation", "Types of exploitation", f.ExploitationTypesForm),
    Step("what-happened", "What happened", f.WhatHappenedForm),
    Step("exploiters", "The people exploiting them", f.ExploitersForm),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}

APPLIES = {
    "call-999": lambda a: _get(a, "danger", "immediate_danger") == "yes",
    "exploited-as-child": is_adult,
    "consent": is_adult,
    "care-needs": is_adult,
    "co-operation": is_adult,
    "person": lambda a: not stays_anonymous(a),
    "person-anonymous": stays_anonymous,
}


def applicable_steps(answers: dict[str, Any]) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def next_step(answers: dict[str, Any], after: str | None = None) -> Step | None:
    """The first applicable page after `after` that has not been answered, else None (check answers)."""
    steps = applicable_steps(answers)
    slugs = [s.slug for s in steps]
    start = slugs.index(after) + 1 if after in slugs else 0
    unanswered = [step for step in steps if step.slug not in answers]
    later = [step for step in unanswered if slugs.index(step.slug) >= start]
    return (later or unanswered or [None])[0]


def is_complete(answers: dict[str, Any]) -> bool:
    return next_step(answers) is None


def form_for(step: Step, answers: dict[str, Any], data: Any = None) -> forms.Form | None:
    if step.form is None:
        return None
    raw = (answers.get("_raw") or {}).get(step.slug)
    initial = answers.get(step.slug) or {}
    if data is None and raw is not None:
        return step.form(raw)  # what was typed last time, errors and all
    return step.form(data, initial=initial)


# What the answers mean.


def facts_json(answers: dict[str, Any], referrer: dict[str, Any], decided_on: date) -> dict[str, Any]:
    adult = is_adult(answers)
    age = {"yes": "child", "no": "adult", "not_sure": "unknown"}[_get(answers, "age", "under_18")]
    facts = {
        "nation": _get(answers, "where", "nation"),
        "age_group": age,
        "immediate_danger": YES_NO[_get(answers, "danger", "immediate_danger")],
        "decided_on": decided_on.isoformat(),
        **referrer,
    }
    if adult:
        facts["under_18_during_exploitation"] = YES_NO[
            _get(answers, "exploited-as-child", "under_18_during_exploitation")
        ]
        facts["consents_to_nrm"] = YES_NO[_get(answers, "consent", "consents_to_nrm")]
        facts["care_and_support_needs"] = YES_NO[_get(answers, "care-needs", "care_and_support_needs")]
        facts["cooperates_with_authorities"] = YES_NO[_get(answers, "co-operation", "cooperates_with_authorities")]
    return facts


def case_fields(answers: dict[str, Any]) -> dict[str, Any]:
    what = answers.get("what-happened") or {}
    indicators = answers.get("indicators") or {}
    return {
        "what_happened": what.get("what_happened", ""),
        "when_exploited": what.get("when_exploited", ""),
        "exploitation_location": what.get("exploitation_location", ""),
        "locations": what.get("places") or [],
        "exploitation_types": (answers.get("exploitation") or {}).get("types") or [],
        "indicators": list(indicators.get("signs") or []) + list(indicators.get("ilo") or []),
    }


def people(answers: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    if stays_anonymous(answers):
        anonymous = answers.get("person-anonymous") or {}
        result.append(
            {
                "role": "potential_victim",
                "anonymous": True,
                "gender": anonymous.get("gender", ""),
                "nationalities": f._list(anonymous.get("nationalities", "")),
            }
        )
    else:
        person = answers.get("person") or {}
        result.append(
            {
                "role": "potential_victim",
                "given_names": person.get("given_names", ""),
                "family_name": person.get("family_name", ""),
                "aliases": f._list(person.get("aliases", "")),
                "date_of_birth": person.get("date_of_birth"),
                "estimated_age": person.get("estimated_age"),
                "gender": person.get("gender", ""),
                "nationalities": f._list(person.get("nationalities", "")),
                "languages": f._list(person.get("languages", "")),
                "contact": person.get("contact", ""),
            }
        )
    exploiters = answers.get("exploiters") or {}
    names = f._list(exploiters.get("names", ""))
    description = exploiters.get("description", "")
    for name in names:
        given, _, family = name.rpartition(" ")
        result.append(
            {
                "role": "exploiter",
                "given_names": given or family,
                "family_name": family if given else "",
                "description": description,
            }
        )
    if description and not names:
        result.append({"role": "exploiter", "description": description})
    return result


# "Check your answers": one row per answer, with the page that changes it.

LABELS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}


def _choice(value: Any, choices: dict[str, str] | None = None) -> str:
    if value in (None, "", []):
        return "Not given"
    if isinstance(value, list):
        return "; ".join((choices or {}).get(v, v) for v in value)
    return (choices or LABELS).get(value, str(value))


def summary_rows(answers: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(question, answer, step slug) for each answer in the journey's order."""
    rows: list[tuple[str, str, str]] = []
    for step in applicable_steps(answers):
        data = answers.get(step.slug) or {}
        if step.form is None:
            continue
        form = step.form()
        for name, field in form.fields.items():
            value = data.get(name)
            choices = dict(getattr(field, "choices", []) or []) or None
            if name == "date_of_birth" and value:
                text = date.fromisoformat(value).strftime("%-d %B %Y")
            elif name in ("signs", "ilo"):
                text = _choice(value, INDICATOR_LABELS)
            elif name == "types":
                text = _choice(value, dict(ExploitationType.choices))
            elif name == "gender":
                text = _choice(value, dict(Gender.choices))
            elif name == "exploitation_location":
                text = _choice(value, dict(ExploitationLocation.choices))
            elif name == "places":
                text = ", ".join(value) if value else "Not given"
            elif choices:
                text = _choice(value, {str(k): str(v) for k, v in choices.items()})
            else:
                text = str(value) if value not in (None, "") else "Not given"
            rows.append((str(field.label), text, step.slug))
    return rows
