"""Writes that set up a partnership's training framework, and the cohort tool applied to its own
cohorts. Pages built on top add their services here (or in services_<section>.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Partnership

from . import cohort_rules
from .models import Cohort, PublicContact, TrainingLevel

if TYPE_CHECKING:
    from waymark.accounts.models import User


@transaction.atomic
def seed_default_framework(*, partnership: Partnership, by: User | None = None) -> tuple[int, int]:
    """Create the default levels and cohorts (cohort_rules.DEFAULT_LEVELS and DEFAULT_COHORTS) that
    the partnership does not have yet. Idempotent: levels are matched by number and cohorts by key,
    so a partnership's edits to them are kept. Returns (levels created, cohorts created)."""
    levels: dict[int, TrainingLevel] = {}
    levels_created = 0
    for level_default in cohort_rules.DEFAULT_LEVELS:
        level, created = TrainingLevel.objects.get_or_create(
            partnership=partnership,
            number=level_default.number,
            defaults={
                "name": level_default.name,
                "description": level_default.description,
                "learning_outcomes": level_default.learning_outcomes,
                "is_standalone": level_default.is_standalone,
            },
        )
        levels[level_default.number] = level
        levels_created += created
    cohorts_created = 0
    has_elected_members = Cohort.objects.filter(partnership=partnership, is_elected_members=True).exists()
    for order, default in enumerate(cohort_rules.DEFAULT_COHORTS, start=1):
        if default.is_elected_members and has_elected_members:
            continue  # the partnership already has its own elected members' cohort
        _, created = Cohort.objects.get_or_create(
            partnership=partnership,
            key=default.key.value,
            defaults={
                "name": default.name,
                "description": default.description,
                "role_types": [role.value for role in default.role_types],
                "public_contact": PublicContact(default.public_contact.value) if default.public_contact else "",
                "required_level": levels[default.required_level],
                "refresh_months": default.refresh_months,
                "is_elected_members": default.is_elected_members,
                "order": order,
            },
        )
        cohorts_created += created
    if levels_created or cohorts_created:
        audit.record(
            action=AuditAction.CREATE,
            user=by,
            obj=partnership,
            detail={"training_framework": "defaults", "levels": levels_created, "cohorts": cohorts_created},
        )
    return levels_created, cohorts_created


def _need(level: TrainingLevel) -> str:
    return f"the {level.name.lower()} level" if level.is_standalone else f"level {level.number}"


def suggest_cohort_for(*, partnership: Partnership, answers: cohort_rules.Answers) -> tuple[Cohort | None, str]:
    """The cohort tool on the partnership's own cohorts: the suggested cohort (None if the
    partnership has no cohort with the suggested key) and the reason, naming the level that cohort
    requires here. Elected members go to the partnership's elected members' cohort, whatever its key."""
    cohorts = list(Cohort.objects.filter(partnership=partnership).active().select_related("required_level"))
    needs = {c.key: _need(c.required_level) for c in cohorts if c.key}
    for cohort in cohorts:
        if cohort.is_elected_members:
            needs[cohort_rules.CohortKey.ELECTED_MEMBERS.value] = _need(cohort.required_level)
    suggestion = cohort_rules.suggest_cohort(answers, needs)
    if suggestion.cohort_key == cohort_rules.CohortKey.ELECTED_MEMBERS:
        chosen = next((c for c in cohorts if c.is_elected_members), None)
    else:
        chosen = next((c for c in cohorts if c.key == suggestion.cohort_key), None)
    return chosen, suggestion.reason
