"""Organisations, partnerships, the areas they cover, memberships and users' roles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from waymark.accounts.models import User


class OrganisationKind(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS_BODY = "nhs_body", "NHS body"
    COMMISSIONERS_OFFICE = "commissioners_office", "Police and Crime Commissioner's office"
    GOVERNMENT_AGENCY = "government_agency", "Government agency"
    CHARITY = "charity", "Charity"
    FAITH_GROUP = "faith_group", "Faith group"
    COMMUNITY_GROUP = "community_group", "Community group"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def in_partnerships(self, partnerships: models.QuerySet[Partnership]) -> OrganisationQuerySet:
        return self.filter(Membership.current_q("memberships__"), memberships__partnership__in=partnerships).distinct()


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    is_first_responder = models.BooleanField(
        "First Responder Organisation",
        default=False,
        help_text="May refer potential victims into the National Referral Mechanism.",
    )
    is_public_authority = models.BooleanField(
        "Public authority under the Duty to Notify",
        default=False,
        help_text="Must notify the Home Office under section 52 of the Modern Slavery Act 2015.",
    )
    email = models.EmailField("Contact e-mail", blank=True)
    phone = models.CharField("Contact phone number", max_length=40, blank=True)
    address = models.TextField("Address", blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField("Active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class AreaKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority area"
    POLICE_FORCE = "police_force", "Police force area"


class Area(models.Model):
    """Reference data: a local authority area or a police force area."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_area_name_kind")]

    def __str__(self) -> str:
        return self.name


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def with_descendants(self) -> PartnershipQuerySet:
        """These partnerships and every partnership below them (a county over its local ones)."""
        return Partnership.objects.filter(id__in=Partnership.objects.descendant_ids(self.values_list("id", flat=True)))

    def descendant_ids(self, ids: Iterable[int]) -> frozenset[int]:
        """`ids` and the ids of every partnership below them, from one query (the whole tree is a
        few hundred rows at most: one per local partnership in the country)."""
        found = set(ids)
        if not found:
            return frozenset()
        children: dict[int, list[int]] = {}
        for pk, parent_id in Partnership.objects.filter(parent__isnull=False).values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        frontier = list(found)
        while frontier:
            below = [child for parent in frontier for child in children.get(parent, []) if child not in found]
            found.update(below)
            frontier = below
        return frozenset(found)


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    local_authority_areas = models.ManyToManyField(
        Area, blank=True, related_name="partnerships", limit_choices_to={"kind": AreaKind.LOCAL_AUTHORITY}
    )
    police_force_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="police_partnerships",
        limit_choices_to={"kind": AreaKind.POLICE_FORCE},
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="A county-level partnership over this one, if there is one.",
    )
    # Local settings that the referral pathway and case coordination use.
    childrens_social_care_front_door = models.CharField(
        "Children's social care front door",
        max_length=300,
        blank=True,
        help_text="For example the Multi-Agency Safeguarding Hub (MASH), with its phone number.",
    )
    adult_safeguarding_contact = models.CharField(max_length=300, blank=True)
    police_single_point_of_contact = models.CharField(max_length=300, blank=True)
    ictg_service_operates = models.BooleanField(
        "An Independent Child Trafficking Guardian service operates here", default=False
    )
    local_support_service = models.CharField("Local support or advocate service", max_length=300, blank=True)
    # Which organisation owns each kind of pathway task here (see waymark/pathways: OWNERS).
    childrens_social_care_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Owns children's social care referrals and age assessments.",
    )
    adult_social_care_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Receives adult safeguarding concerns.",
    )
    police_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Receives police reports.",
    )
    first_responder_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Takes NRM referrals from partners that are not First Responder Organisations.",
    )
    local_support_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Supports adults who decline the NRM.",
    )
    case_reference_prefix = models.CharField(
        max_length=6,
        blank=True,
        help_text="Starts this partnership's case references, for example NS for NS-2026-000123.",
    )

    objects = PartnershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipKind(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    VOLUNTARY = "voluntary", "Voluntary"
    ASSOCIATE = "associate", "Associate"


class Membership(models.Model):
    """An organisation's membership of a partnership, from `since` until `until` (open if blank)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    kind = models.CharField(max_length=20, choices=MembershipKind.choices, default=MembershipKind.VOLUNTARY)
    since = models.DateField(default=date.today)
    until = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "partnership", "since"], name="unique_membership_start")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"

    @staticmethod
    def current_q(prefix: str = "") -> Q:
        today = timezone.localdate()
        return Q(**{f"{prefix}since__lte": today}) & (
            Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": today})
        )

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.since <= today and (self.until is None or self.until >= today)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    CASEWORKER = "caseworker", "Caseworker"
    FIRST_RESPONDER = "first_responder", "First responder"
    INTELLIGENCE_OFFICER = "intelligence_officer", "Intelligence officer"
    BOARD_MEMBER = "board_member", "Board member"
    GRANTS_OFFICER = "grants_officer", "Grants officer"
    TRAINING_LEAD = "training_lead", "Training lead"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive and monitoring officer"
    CHIEF_FINANCE_OFFICER = "chief_finance_officer", "Chief finance officer"
    COMMISSIONER = "commissioner", "Commissioner or deputy"
    READ_ONLY = "read_only", "Read only"


ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.COORDINATOR: "Runs the partnership: organisations, users, roles and the audit log.",
    Role.CASEWORKER: "Works cases and tasks for their organisation.",
    Role.FIRST_RESPONDER: "Makes National Referral Mechanism referrals for their organisation.",
    Role.INTELLIGENCE_OFFICER: "Records and reads graded intelligence.",
    Role.BOARD_MEMBER: "Sits on the partnership's board: plans, risks and reports.",
    Role.GRANTS_OFFICER: "Manages funds, grants and decision reports.",
    Role.TRAINING_LEAD: "Runs the training framework for their organisation.",
    Role.CHIEF_EXECUTIVE: "Approves decision reports as monitoring officer, and signs off their redactions.",
    Role.CHIEF_FINANCE_OFFICER: "Approves decision reports as chief finance officer.",
    Role.COMMISSIONER: "Agrees or disagrees decision reports, as the commissioner or their deputy.",
    Role.READ_ONLY: "Sees the partnership's pages but changes nothing.",
}


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def for_user(self, user: User) -> RoleAssignmentQuerySet:
        return self.filter(user=user)


class RoleAssignment(models.Model):
    """A user's role in a partnership. A user may hold several roles in several partnerships."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership__name", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "partnership", "role"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} in {self.partnership}"
