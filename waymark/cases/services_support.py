"""Support episodes outside the NRM and feedback from the person supported.

Each change is one transaction: it checks the organisation, checks the version the user started from
(edits and endings), writes the audit trail and the case timeline. Neither the audit trail nor the
timeline carries personal text: outcomes and the person's own words stay on the records themselves.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Partnership

from . import timeline
from .models import Case, CasePerson, EventKind, SupportEpisode, SupportFeedback
from .nrm_rules import long_date

if TYPE_CHECKING:
    from waymark.accounts.models import User


class StaleSupportEpisode(Exception):
    """Someone else saved the support episode after this user opened their form."""


def _check_people(*, case: Case, by: User, advocate: User | None, person: CasePerson | None) -> None:
    if by.organisation_id is None:
        raise PermissionDenied("Only a user of an organisation may record support")
    if advocate is not None and advocate.organisation_id != by.organisation_id:
        raise ValueError("The advocate must be a user of the supporting organisation")
    if person is not None and person.case_id != case.pk:
        raise ValueError("The person supported must be named in the case")


def _episode_detail(episode: SupportEpisode) -> dict[str, Any]:
    """What the audit trail and timeline keep: codes, dates and ids, never free text."""
    return {
        "episode": episode.pk,
        "organisation": episode.organisation_id,
        "advocate": episode.advocate_id,
        "person": episode.person_id,
        "started_on": episode.started_on.isoformat(),
        "ended_on": episode.ended_on.isoformat() if episode.ended_on else None,
        "needs": list(episode.needs),
        "services": list(episode.services),
        "outcomes_recorded": bool(episode.outcomes),
    }


@transaction.atomic
def start_episode(
    *,
    case: Case,
    by: User,
    advocate: User | None,
    person: CasePerson | None,
    started_on: date,
    needs: list[str],
    services: list[str],
    outcomes: str = "",
) -> SupportEpisode:
    """Support from the user's own organisation begins."""
    _check_people(case=case, by=by, advocate=advocate, person=person)
    organisation_id: int = by.organisation_id  # type: ignore[assignment]  # checked above
    episode = SupportEpisode.objects.create(
        case=case,
        organisation_id=organisation_id,
        advocate=advocate,
        person=person,
        started_on=started_on,
        needs=list(needs),
        services=list(services),
        outcomes=outcomes,
        created_by=by,
    )
    detail = _episode_detail(episode)
    audit.record(action=AuditAction.CREATE, user=by, obj=episode, detail=detail)
    timeline.record(
        case,
        EventKind.STATUS,
        f"Support from {by.organisation} started on {long_date(started_on)}",
        by=by,
        **detail,
    )
    return episode


def _claim(episode: SupportEpisode, *, by: User, expected_version: int) -> None:
    """Only the supporting organisation changes its episode, and only from the version it last saw.
    The conditional update is the check: of two saves from the same version, one wins."""
    if by.organisation_id is None or by.organisation_id != episode.organisation_id:
        raise PermissionDenied("Only the supporting organisation may change its support episode")
    claimed = SupportEpisode.objects.filter(pk=episode.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        raise StaleSupportEpisode
    episode.version = expected_version + 1


@transaction.atomic
def update_episode(
    *,
    episode: SupportEpisode,
    by: User,
    expected_version: int,
    advocate: User | None,
    person: CasePerson | None,
    started_on: date,
    ended_on: date | None,
    needs: list[str],
    services: list[str],
    outcomes: str,
) -> SupportEpisode:
    _check_people(case=episode.case, by=by, advocate=advocate, person=person)
    if ended_on is not None and ended_on < started_on:
        raise ValueError("Support cannot end before it started")
    _claim(episode, by=by, expected_version=expected_version)
    episode.advocate = advocate
    episode.person = person
    episode.started_on = started_on
    episode.ended_on = ended_on
    episode.needs = list(needs)
    episode.services = list(services)
    episode.outcomes = outcomes
    episode.save()
    detail = _episode_detail(episode)
    audit.record(action=AuditAction.UPDATE, user=by, obj=episode, detail=detail)
    timeline.record(episode.case, EventKind.STATUS, f"Support from {episode.organisation} updated", by=by, **detail)
    return episode


@transaction.atomic
def end_episode(
    *, episode: SupportEpisode, by: User, expected_version: int, ended_on: date, outcomes: str
) -> SupportEpisode:
    if ended_on < episode.started_on:
        raise ValueError("Support cannot end before it started")
    _claim(episode, by=by, expected_version=expected_version)
    episode.ended_on = ended_on
    episode.outcomes = outcomes
    episode.save(update_fields=["ended_on", "outcomes", "version"])
    detail = _episode_detail(episode)
    audit.record(action=AuditAction.UPDATE, user=by, obj=episode, detail={**detail, "ended": True})
    timeline.record(
        episode.case,
        EventKind.STATUS,
        f"Support from {episode.organisation} ended on {long_date(ended_on)}",
        by=by,
        **detail,
    )
    return episode


@transaction.atomic
def record_feedback(
    *,
    episode: SupportEpisode,
    by: User,
    given_on: date,
    felt_safe: int | None,
    felt_listened_to: int | None,
    got_help_needed: int | None,
    would_recommend: bool | None,
    in_their_words: str,
    consent_to_use_in_reports: bool,
) -> SupportFeedback:
    """What the person said about the support, recorded by the organisation that gave it."""
    if by.organisation_id is None or by.organisation_id != episode.organisation_id:
        raise PermissionDenied("Only the supporting organisation may record feedback on its support")
    for rating in (felt_safe, felt_listened_to, got_help_needed):
        if rating is not None and not 1 <= rating <= 5:
            raise ValueError("Ratings run from 1 to 5")
    feedback = SupportFeedback.objects.create(
        episode=episode,
        given_on=given_on,
        felt_safe=felt_safe,
        felt_listened_to=felt_listened_to,
        got_help_needed=got_help_needed,
        would_recommend=would_recommend,
        in_their_words=in_their_words,
        consent_to_use_in_reports=consent_to_use_in_reports,
        recorded_by=by,
    )
    detail = {
        "episode": episode.pk,
        "given_on": given_on.isoformat(),
        "felt_safe": felt_safe,
        "felt_listened_to": felt_listened_to,
        "got_help_needed": got_help_needed,
        "would_recommend": would_recommend,
        "words_recorded": bool(in_their_words),
        "consent_to_use_in_reports": consent_to_use_in_reports,
    }
    audit.record(action=AuditAction.CREATE, user=by, obj=feedback, detail=detail)
    timeline.record(
        episode.case,
        EventKind.STATUS,
        f"Feedback on support from {episode.organisation} recorded",
        by=by,
        **detail,
    )
    return feedback


def feedback_for_reports(partnership: Partnership) -> QuerySet[SupportFeedback]:
    """Feedback the people supported agreed may be used in the partnership's reports (and those of the
    partnerships below it), and nothing else. Cases since anonymised are left out."""
    partnerships = Partnership.objects.filter(pk=partnership.pk).with_descendants()
    return (
        SupportFeedback.objects.filter(
            consent_to_use_in_reports=True,
            episode__case__partnership__in=partnerships,
            episode__case__anonymised_at__isnull=True,
        )
        .select_related("episode__organisation", "episode__case")
        .order_by("-given_on", "-id")
    )
