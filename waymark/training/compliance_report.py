"""What the compliance pages and the export show: a register's counts by cohort (one organisation's
or the whole partnership's), and each member of staff's status with the date their training expires.
The counting is compliance_data's and compliance's; callers check access first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from waymark.partners.models import Membership, Organisation, Partnership

from . import compliance, compliance_data
from .models import Cohort, StaffMember, TrainingLevel

STATUS_LABELS = {
    compliance.Status.TRAINED: "Trained",
    compliance.Status.EXPIRING: "Trained, expiring in the next 90 days",
    compliance.Status.UNTRAINED: "Untrained",
    compliance.Status.NOT_PLACED: "Not in a cohort yet",
    compliance.Status.LEFT: "Left",
}


def share_text(share: Decimal | None) -> str:
    """62.5% or 50% (no trailing .0); "No staff" for an empty cohort."""
    if share is None:
        return "No staff"
    return f"{share.normalize():f}%" if share == share.to_integral() else f"{share}%"


@dataclass
class CohortRow:
    cohort: Cohort
    counts: compliance.CohortCompliance

    @property
    def share_text(self) -> str:
        return share_text(self.counts.share)


@dataclass
class Register:
    """Counts by cohort for one organisation's register, or for the whole partnership (organisation None)."""

    partnership: Partnership
    organisation: Organisation | None
    rows: list[CohortRow]
    not_placed: int

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "Whole partnership"

    @property
    def total(self) -> compliance.CohortCompliance:
        total = compliance.CohortCompliance()
        for row in self.rows:
            total.add(row.counts)
        return total

    @property
    def total_share_text(self) -> str:
        return share_text(self.total.share)


@dataclass
class NamedStatus:
    staff: StaffMember
    status: compliance.Status
    expires_on: date | None  # for the trained: the last day their training counts (None: never expires)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def organisations_in(partnership: Partnership, today: date) -> list[Organisation]:
    """Its current member organisations, and any other with someone on a register in it."""
    with_staff = StaffMember.objects.filter(partnership=partnership).current(today).values("organisation_id")
    members = Membership.current_q("memberships__") & Q(memberships__partnership=partnership)
    return list(Organisation.objects.filter(members | Q(pk__in=with_staff)).distinct().order_by("name"))


def register_for(partnership: Partnership, organisation: Organisation | None, today: date) -> Register:
    summary = compliance_data.summary_for(
        partnership_id=partnership.pk, organisation_id=organisation.pk if organisation else None, today=today
    )
    cohorts = Cohort.objects.filter(pk__in=list(summary.cohorts)).select_related("required_level").in_bulk()
    ordered = sorted(summary.cohorts, key=lambda pk: (cohorts[pk].order, cohorts[pk].name))  # type: ignore[index]
    rows = [CohortRow(cohorts[pk], summary.cohorts[pk]) for pk in ordered]  # type: ignore[index]
    return Register(partnership, organisation, rows, summary.not_placed)


def named_statuses(partnership: Partnership, organisation: Organisation, today: date) -> list[NamedStatus]:
    """Each current member of the organisation's register with their status: for its own training
    lead only (access.may_see_staff_names)."""
    statuses = compliance_data.statuses_for(partnership_id=partnership.pk, organisation_id=organisation.pk, today=today)
    trained = [staff for staff, status in statuses if status in (compliance.Status.TRAINED, compliance.Status.EXPIRING)]
    standalone = frozenset(
        TrainingLevel.objects.filter(partnership=partnership, is_standalone=True).values_list("number", flat=True)
    )
    expiry = {
        record.key: compliance.best_expiry(record, today, standalone)[1]
        for record in compliance_data.staff_records(trained, today)
    }
    return [NamedStatus(staff, status, expiry.get(staff.pk)) for staff, status in statuses]
