"""A person known to a partnership, across referrals, cases and agencies: names as written and
normalised, aliases, date of birth (exact, a year, or an estimated age), identifiers, addresses; the
cases they appear in (through cases.CasePerson); the keys that find them at intake; merges (kept
whole so they can be undone), "not the same person" decisions, and match alerts for coordinators.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from waymark.cases.vocabulary import Gender

from .normalise import BirthDateKind, IdentifierKind


class Person(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="people")
    # The organisation that recorded the person: for an adult who has not consented, only it may see
    # who they are (DOMAIN.md 1.3, 1.4; cases.access.can_see_identifying_details).
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="people")
    birth_date_kind = models.CharField(
        max_length=10, choices=[(k.value, k.value) for k in BirthDateKind], default=BirthDateKind.UNKNOWN
    )
    date_of_birth = models.DateField(null=True, blank=True)  # exact
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)  # exact or year only
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_estimated_on = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    nationalities = models.JSONField(default=list, blank=True)  # as written, e.g. ["Albanian"]
    languages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A merged record points to the record it was merged into and drops out of lists and matching;
    # undoing the merge clears it (Merge keeps what moved).
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")
    version = models.PositiveIntegerField(default=1)
    # Everything matching compares, normalised, in one value (matching.Facts.to_json): scoring a
    # hundred candidates at intake then costs one query, not one per name, identifier and address.
    match_facts = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords(excluded_fields=["match_facts"])

    class Meta:
        indexes = [models.Index(fields=["partnership", "merged_into"], name="person_partnership_live")]

    def __str__(self) -> str:
        name = self.names.filter(kind=NameKind.PRIMARY).first() if self.pk else None
        return str(name) if name else f"Person {self.pk}"


class NameKind(models.TextChoices):
    PRIMARY = "primary", "Name"
    ALIAS = "alias", "Also known as"
    PREVIOUS = "previous", "Previous name"


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=NameKind.choices, default=NameKind.PRIMARY)
    given_names = models.CharField(max_length=200, blank=True)  # as written
    family_name = models.CharField(max_length=200, blank=True)
    # Folded words (normalise.name_tokens), space-separated, for display of what was compared.
    given_tokens = models.CharField(max_length=300, blank=True)
    family_tokens = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person", "kind", "id"]

    def __str__(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part) or "No name"


class PersonIdentifier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=12, choices=[(k.value, k.value) for k in IdentifierKind])
    value = models.CharField(max_length=200)  # as written
    normalised = models.CharField(max_length=200, blank=True, db_index=True)
    country = models.CharField(max_length=60, blank=True)  # a passport's issuing country

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class PersonAddress(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address = models.TextField(blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)  # as written
    postcode_normalised = models.CharField(max_length=8, blank=True, db_index=True)
    current = models.BooleanField(default=True)

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address, self.town, self.postcode) if part)


class MatchKey(models.Model):
    """One blocking key of a live person (matching.keys): the index that finds candidates at intake
    in a few milliseconds among a million people."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    partnership_id = models.IntegerField()  # copied from the person: the look-up stays in one index
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="unique_person_match_key")]
        # The person is in the index too, so finding and ranking candidates reads the index alone.
        indexes = [models.Index(fields=["partnership_id", "key", "person"], name="match_key_postings")]

    def __str__(self) -> str:
        return self.key


class NotSamePerson(models.Model):
    """A reviewed pair judged to be two people: never proposed again."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_not_same_pair"),
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="not_same_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"Person {self.person_a_id} is not person {self.person_b_id}"


class Merge(models.Model):
    """`merged` was merged into `survivor`. `moved` records what was moved (names, identifiers,
    addresses, case links by id) so that undoing puts each back exactly."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_in")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_out")
    reason = models.TextField(blank=True)
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Person {self.merged_id} merged into person {self.survivor_id}"


class AlertStatus(models.TextChoices):
    OPEN = "open", "To review"
    MERGED = "merged", "Merged"
    NOT_SAME = "not_same", "Not the same person"


class AlertSource(models.TextChoices):
    INTAKE = "intake", "Found when the person was entered"
    BATCH = "batch", "Found by the duplicate check across the partnership"
    IMPORT = "import", "Found when people were imported"


class MatchAlert(models.Model):
    """A possible match for the partnership's coordinators to review: one the person entering a
    record could not see in full (the candidate is on a case their organisation may not see), or a
    probable duplicate found by the batch check (the review queue)."""

    source = models.CharField(max_length=10, choices=AlertSource.choices, default=AlertSource.INTAKE)
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="match_alerts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    explanation = models.JSONField(default=list)  # matching.Explanation lines
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "candidate"], name="unique_match_alert")]
        indexes = [models.Index(fields=["partnership", "status"], name="match_alert_queue")]

    def __str__(self) -> str:
        return f"Possible match: person {self.person_id} and person {self.candidate_id}"


class MatchingFrequencies(models.Model):
    """How common each name, town and nationality is among a partnership's people (matching.Frequencies),
    worked out by the batch job (records.refresh_frequencies) and read by every look-up."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    total = models.PositiveIntegerField(default=0)
    names = models.JSONField(default=dict)
    towns = models.JSONField(default=dict)
    nationalities = models.JSONField(default=dict)
    # nationality -> name -> people of that nationality holding the name (matching.Frequencies)
    names_by_nationality = models.JSONField(default=dict, blank=True)
    # Each comparison level's m and u, learnt from these people (training.estimate_levels); empty
    # until there are enough people to learn from, and then the defaults in matching.LEVELS apply.
    levels = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Frequencies of {self.total} people in partnership {self.partnership_id}"
