"""A person's page; "Possible matches" for someone on a case (link them, or say they are not the same
person); and for coordinators the review queue of possible duplicates, merging and undoing merges."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from waymark.cases import access as cases_access
from waymark.cases.models import Case, CasePerson
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners import access as partners_access

from . import access, access_edit, services
from . import records as records_module
from .forms import CONFLICT, KEEP_FIRST, NOT_SAME, CandidateForm, PairDecisionForm, UndoMergeForm
from .matching import Reason, compare, explain
from .models import AlertStatus, MatchAlert, Merge, NameKind, Person, PersonAddress, PersonIdentifier, PersonName
from .normalise import BirthDateKind
from .search import ALERT_FROM

PER_PAGE = 50
IDENTIFIER_LABELS = {
    "passport": "Passport",
    "ni_number": "National Insurance number",
    "phone": "Phone",
    "email": "E-mail",
    "social": "Social media",
    "other": "Other document",
}


# What the pages show of a person


@dataclass
class Record:
    person: Person
    name: str
    aliases: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    cases: list[tuple[Case, str]] = field(default_factory=list)  # the cases the user may see, with the role

    @property
    def birth(self) -> str:
        return birth_in_words(self.person)


def birth_in_words(person: Person) -> str:
    if person.birth_date_kind == BirthDateKind.EXACT and person.date_of_birth:
        return f"{person.date_of_birth.day} {person.date_of_birth:%B %Y}"
    if person.birth_date_kind == BirthDateKind.YEAR and person.birth_year:
        return f"{person.birth_year} (the year only)"
    if person.birth_date_kind == BirthDateKind.ESTIMATED and person.estimated_age is not None:
        on = person.age_estimated_on
        when = f" on {on.day} {on:%B %Y}" if on else ""
        return f"Not known: thought to be about {person.estimated_age}{when}"
    return "Not known"


def describe(people: Iterable[Person], user: Any) -> list[Record]:
    """Names, identifiers, addresses and the visible cases of several people, in a few queries."""
    people = list(people)
    ids = [p.pk for p in people]
    names: dict[int, list[PersonName]] = {}
    for name in PersonName.objects.filter(person_id__in=ids).order_by("id"):
        names.setdefault(name.person_id, []).append(name)
    records = {}
    for person in people:
        own = sorted(names.get(person.pk, []), key=lambda n: n.kind != NameKind.PRIMARY)
        primary = own[0] if own and own[0].kind == NameKind.PRIMARY else None
        records[person.pk] = Record(
            person=person,
            name=str(primary) if primary else "No name recorded",
            aliases=[
                f"{n} (previous name)" if n.kind == NameKind.PREVIOUS else str(n) for n in own if n is not primary
            ],
        )
    for identifier in PersonIdentifier.objects.filter(person_id__in=ids).order_by("id"):
        label = IDENTIFIER_LABELS.get(identifier.kind, identifier.kind)
        records[identifier.person_id].identifiers.append((label, identifier.value))
    for address in PersonAddress.objects.filter(person_id__in=ids).order_by("-current", "id"):
        records[address.person_id].addresses.append(str(address) + ("" if address.current else " (previous)"))
    loaded: dict[int, Case] = {}
    for link in CasePerson.objects.filter(person_id__in=ids).select_related("case").order_by("case__created_at"):
        case = loaded.setdefault(link.case_id, link.case)
        if link.person_id is not None and cases_access.may_see(user, case):
            records[link.person_id].cases.append((case, link.get_role_display()))
    return [records[pk] for pk in ids]


def percent(probability: float) -> str:
    """A match probability as people read it: never 0% or 100%, since neither is ever certain."""
    return f"{max(1, min(99, math.floor(probability * 100)))}%"


def reasons_by_kind(reasons: Iterable[Reason]) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {"Agrees": [], "Partly agrees": [], "Differs": []}
    for reason in reasons:
        kind = "Agrees" if reason.agrees is True else "Differs" if reason.agrees is False else "Partly agrees"
        groups[kind].append(str(reason))
    return [(kind, lines) for kind, lines in groups.items() if lines]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _record_viewed(request: HttpRequest, people: Iterable[Person]) -> None:
    audit.record_many_viewed(request, people, object_type="people.Person")


# A person's page


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    person = access.get_person_for_user(user, pk)
    if person.merged_into_id is not None:
        messages.info(request, f"Record {person.pk} was merged into this record")
        return redirect("people:person-detail", pk=services.live(person).pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=person, object_repr=f"Person {person.pk}")
    merges = person.merges_in.select_related("merged__organisation", "merged_by", "undone_by").order_by("-merged_at")
    return render(
        request,
        "people/person_detail.html",
        {
            "record": describe([person], user)[0],
            "merges": merges,
            "can_undo": access.coordinates(user, person),
            "can_edit": access_edit.may_edit_person(user, person),
        },
    )


# Possible matches for someone on a case


def case_person_matches(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case_person = access.get_case_person_for_user(user, pk)
    person = services.person_from_case_person(case_person, user)
    return _matches_page(request, case_person, person)


def _matches_page(
    request: HttpRequest, case_person: CasePerson, person: Person, *, form: CandidateForm | None = None
) -> HttpResponse:
    """Each candidate the user may see in full, with the score and what agrees and differs; for the
    others only who to ask, and an alert for the coordinators to review."""
    user: Any = request.user
    found = services.candidates_for(person)
    people = {
        p.pk: p for p in Person.objects.filter(pk__in=[c.person_id for c in found]).select_related("organisation")
    }
    visible = access.visible_person_ids(user, people.values())
    # A record the user may not see is disclosed (as "ask this organisation") only when the match
    # is likely: weak candidates would tell who holds records on whom, for little gain.
    found = [c for c in found if c.person_id in visible or c.probability >= ALERT_FROM]
    services.raise_alerts(person, [c for c in found if c.person_id not in visible], user)
    records = {r.person.pk: r for r in describe([p for pk, p in people.items() if pk in visible], user)}
    rows: list[dict[str, Any]] = []
    ask: set[int] = set()
    for candidate in found:
        if candidate.person_id in visible:
            reasons = reasons_by_kind(explain(candidate.comparison))
            rows.append(
                {
                    "record": records[candidate.person_id],
                    "percent": percent(candidate.probability),
                    "likely": candidate.probability >= ALERT_FROM,
                    "reasons": reasons,
                }
            )
        elif (organisation := people[candidate.person_id].organisation).pk not in ask:
            ask.add(organisation.pk)  # once per organisation: how many records it holds is not for the user to know
            rows.append({"held_by": organisation})
    _record_viewed(request, [person, *(records[pk].person for pk in records)])
    return render(
        request,
        "people/matches.html",
        {
            "case": case_person.case,
            "case_person": case_person,
            "own": describe([person], user)[0],
            "rows": rows,
            "can_merge": access.coordinates(user, person),
            "form": form,
        },
        status=400 if form is not None else 200,
    )


def _chosen(request: HttpRequest, person: Person) -> tuple[CandidateForm, Person | None]:
    """The record the user chose on the matches page, if it is one they may see and may link to."""
    form = CandidateForm(request.POST)
    if not form.is_valid():
        return form, None
    candidate = (
        Person.objects.filter(pk=form.cleaned_data["candidate"], partnership_id=person.partnership_id)
        .exclude(pk=person.pk)
        .first()
    )
    if candidate is None or not access.may_see_person(request.user, candidate):  # type: ignore[arg-type]
        form.add_error(None, "Select a possible match from the list")
        return form, None
    return form, candidate


@require_POST
def case_person_link(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case_person = access.get_case_person_for_user(user, pk)
    person = services.person_from_case_person(case_person, user)
    form, candidate = _chosen(request, person)
    if candidate is None:
        return _matches_page(request, case_person, person, form=form)
    try:
        services.link(case_person, candidate, user)
    except (services.NoLongerPossible, services.CannotMerge) as problem:
        messages.info(request, str(problem))
        return redirect("people:case-person-matches", pk=case_person.pk)
    messages.success(request, "Linked: they are the same person as the record you chose")
    return redirect(reverse("cases:case-detail", args=[case_person.case.pk]) + "#people")


@require_POST
def case_person_not_same(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case_person = access.get_case_person_for_user(user, pk)
    person = services.person_from_case_person(case_person, user)
    form, candidate = _chosen(request, person)
    if candidate is None:
        return _matches_page(request, case_person, person, form=form)
    try:
        services.not_same_person(person, services.live(candidate), "", user)
    except services.CannotMerge as problem:
        messages.info(request, str(problem))
    else:
        messages.success(request, "Noted: not the same person. That record will not be suggested again")
    return redirect("people:case-person-matches", pk=case_person.pk)


# Coordinators: the review queue, merging and undoing


def review_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    partners_access.require_coordinator(user)
    alerts = access.review_alerts(user).order_by("-score", "raised_at", "pk")
    page = Paginator(alerts, PER_PAGE).get_page(request.GET.get("page"))
    shown: list[MatchAlert] = list(page.object_list)
    roots = services.live_ids({a.person_id for a in shown} | {a.candidate_id for a in shown})
    people = Person.objects.filter(pk__in=set(roots.values())).select_related("organisation")
    records = {r.person.pk: r for r in describe(people, user)}
    rows = [
        {
            "alert": alert,
            "first": records[roots[alert.person_id]],
            "second": records[roots[alert.candidate_id]],
            "percent": percent(alert.score),
        }
        for alert in shown
    ]
    _record_viewed(request, [r.person for r in records.values()])
    return render(request, "people/review_list.html", {"page": page, "rows": rows})


def review_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = access.get_alert_for_user(request.user, pk)  # type: ignore[arg-type]
    if alert.status != AlertStatus.OPEN:
        messages.info(request, f"This possible match has been reviewed already: {alert.get_status_display().lower()}")
        return redirect("people:review")
    first, second = services.live(alert.person), services.live(alert.candidate)
    if first.pk == second.pk:
        messages.info(request, "These records have been merged already")
        return redirect("people:review")
    return _pair_page(request, first, second, alert=alert)


def merge_pair(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    first, second = access.get_pair_for_user(request.user, pk, other)  # type: ignore[arg-type]
    if first.merged_into_id or second.merged_into_id:
        messages.info(request, "One of these records has been merged into another record")
        return redirect("people:person-detail", pk=services.live(first).pk)
    return _pair_page(request, first, second, alert=None)


def _labels(first: Record, second: Record) -> tuple[str, str]:
    return (
        f"Record 1: {first.name}, recorded by {first.person.organisation}",
        f"Record 2: {second.name}, recorded by {second.person.organisation}",
    )


def _pair_page(request: HttpRequest, first: Person, second: Person, *, alert: MatchAlert | None) -> HttpResponse:
    """Two records side by side, why they may be one person, and the coordinator's decision."""
    user: Any = request.user
    records = describe([first, second], user)
    labels = _labels(*records)
    action = request.POST.get("action")
    form = PairDecisionForm(_posted(request), first=first, second=second, labels=labels, action=action)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == NOT_SAME:
                    services.not_same_person(first, second, data["reason"], user)
                    messages.success(
                        request, "Noted: they are not the same person. The pair will not be suggested again"
                    )
                    return redirect("people:review")
                keep_first = data["keep"] == KEEP_FIRST
                survivor, merged = (first, second) if keep_first else (second, first)
                services.merge(
                    survivor,
                    merged,
                    data["reason"],
                    user,
                    survivor_version=data["first_version" if keep_first else "second_version"],
                    merged_version=data["second_version" if keep_first else "first_version"],
                )
            except services.StalePerson:
                first.refresh_from_db()
                second.refresh_from_db()
                if first.merged_into_id or second.merged_into_id:
                    messages.info(request, "One of these records has been merged into another record meanwhile")
                    return redirect("people:person-detail", pk=services.live(first).pk)
                records = describe([first, second], user)
                data = request.POST.copy()
                data["first_version"], data["second_version"] = str(first.version), str(second.version)
                form = PairDecisionForm(data, first=first, second=second, labels=_labels(*records), action=action)
                form.is_valid()
                form.add_error(None, CONFLICT)
                status = 409
            except services.CannotMerge as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, f"Records merged: record {merged.pk} is now part of this record")
                return redirect("people:person-detail", pk=survivor.pk)
    frequencies = records_module.frequencies_for(first.partnership_id)  # as the search scores them
    comparison = compare(services.facts_for(first), services.facts_for(second), frequencies)
    _record_viewed(request, [first, second])
    context = {
        "alert": alert,
        "first": records[0],
        "second": records[1],
        "percent": percent(comparison.probability),
        "reasons": reasons_by_kind(explain(comparison)),
        "form": form,
    }
    return render(request, "people/pair.html", context, status=status)


def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    merge = access.get_merge_for_user(user, pk)
    survivor = merge.survivor
    if merge.undone_at is not None:
        messages.info(request, "This merge has been undone already")
        return redirect("people:person-detail", pk=survivor.pk)
    form = UndoMergeForm(_posted(request), survivor=survivor)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.undo_merge(
                    merge, form.cleaned_data["reason"], user, survivor_version=form.cleaned_data["version"]
                )
            except services.StalePerson:
                survivor.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(survivor.version)
                form = UndoMergeForm(data, survivor=survivor)
                form.is_valid()
                form.add_error(None, CONFLICT)
                status = 409
            except services.CannotUndo as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, f"Merge undone: record {merge.merged_id} is a record of its own again")
                return redirect("people:person-detail", pk=survivor.pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=merge)
    return render(
        request,
        "people/merge_undo.html",
        {"merge": merge, "moved": _moved_in_words(merge), "form": form},
        status=status,
    )


def _moved_in_words(merge: Merge) -> list[str]:
    moved = merge.moved or {}
    counts = [
        (len(moved.get("names", [])), "name", "names"),
        (len(moved.get("identifiers", [])), "identifier", "identifiers"),
        (len(moved.get("addresses", [])), "address", "addresses"),
        (len(moved.get("case_people", [])), "case link", "case links"),
    ]
    return [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
