"""The pages that change a person's record, one small page per part of it (names, date of birth,
gender, nationalities and languages, identifiers, addresses), reached by the "Change" links on the
person's page. After a change that can bring up a new match, the person's page says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from waymark.cases import access as cases_access
from waymark.cases.models import CasePerson
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, access_edit, services, services_edit
from .forms_edit import (
    CONFLICT,
    AddressesForm,
    BirthDateForm,
    GenderForm,
    IdentifiersForm,
    NamesForm,
    NationalitiesForm,
    split_list,
)
from .models import Person
from .search import ALERT_FROM
from .views import describe

Form = Any  # a VersionForm or a RowsForm: both have is_valid(), summary_errors() and a version


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _user(request: HttpRequest) -> Any:
    return request.user  # signed in: LoginRequiredMiddleware


def _merged(request: HttpRequest, person: Person) -> HttpResponse:
    messages.info(request, f"Record {person.pk} was merged into this record: make your change here")
    return redirect("people:person-detail", pk=services.live(person).pk)


def _edit(
    request: HttpRequest,
    pk: int,
    *,
    title: str,
    template: str,
    make_form: Callable[[Person, Any], Form],
    save: Callable[[Person, Form], object],
    done: str,
    check_matches: bool = False,
) -> HttpResponse:
    """Every change page: the form for the part of the record; on a valid post, the change saved and
    back to the person's page. A record changed meanwhile gives 409 with what the user typed kept
    and what the record says now; a merged record leads to the record it was merged into."""
    user: Any = request.user
    person = access_edit.get_person_to_edit(user, pk)
    if person.merged_into_id is not None:
        return _merged(request, person)
    form = make_form(person, _posted(request))
    status, current = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save(person, form)
            except services.StalePerson:
                person.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(person.version)  # saving again is a decision made on the record as it is now
                form = make_form(person, data)
                form.is_valid()
                status, current = 409, describe([person], user)[0]
            except services_edit.PersonMerged:
                return _merged(request, person)
            else:
                messages.success(request, done)
                if check_matches:
                    _announce_matches(request, person)
                return redirect("people:person-detail", pk=person.pk)
    errors = form.summary_errors() if form.is_bound else []
    if current is not None:
        errors = [("", CONFLICT), *errors]
    audit.record(action=AuditAction.VIEW, request=request, obj=person, object_repr=f"Person {person.pk}")
    context = {"person": person, "title": title, "form": form, "errors": errors, "current": current}
    return render(request, template, context, status=status)


def person_edit_names(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        title="Change their names",
        template="people/person_edit_names.html",
        make_form=lambda person, data: NamesForm(data, person=person),
        save=lambda person, form: services_edit.change_names(
            person=person, by=_user(request), version=form.version, names=form.entries()
        ),
        done="Names saved",
        check_matches=True,
    )


def person_edit_birth_date(request: HttpRequest, pk: int) -> HttpResponse:
    def save(person: Person, form: BirthDateForm) -> Person:
        data = form.cleaned_data
        return services_edit.change_birth_date(
            person=person,
            by=_user(request),
            version=data["version"],
            kind=data["kind"],
            date_of_birth=data["date_of_birth"],
            birth_year=data["birth_year"],
            estimated_age=data["estimated_age"],
            age_estimated_on=data["age_estimated_on"],
        )

    return _edit(
        request,
        pk,
        title="Change their date of birth",
        template="people/person_edit_birth_date.html",
        make_form=lambda person, data: BirthDateForm(data, person=person),
        save=save,
        done="Date of birth saved",
        check_matches=True,
    )


def person_edit_gender(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        title="Change their gender",
        template="people/person_edit_gender.html",
        make_form=lambda person, data: GenderForm(data, person=person),
        save=lambda person, form: services_edit.change_gender(
            person=person, by=_user(request), version=form.cleaned_data["version"], gender=form.cleaned_data["gender"]
        ),
        done="Gender saved",
    )


def person_edit_nationalities(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        title="Change their nationalities and languages",
        template="people/person_edit_nationalities.html",
        make_form=lambda person, data: NationalitiesForm(data, person=person),
        save=lambda person, form: services_edit.change_nationalities_and_languages(
            person=person,
            by=_user(request),
            version=form.cleaned_data["version"],
            nationalities=split_list(form.cleaned_data["nationalities"]),
            languages=split_list(form.cleaned_data["languages"]),
        ),
        done="Nationalities and languages saved",
    )


def person_edit_identifiers(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        title="Change their identifiers",
        template="people/person_edit_identifiers.html",
        make_form=lambda person, data: IdentifiersForm(data, person=person),
        save=lambda person, form: services_edit.change_identifiers(
            person=person, by=_user(request), version=form.version, identifiers=form.entries()
        ),
        done="Identifiers saved",
        check_matches=True,
    )


def person_edit_addresses(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        title="Change their addresses",
        template="people/person_edit_addresses.html",
        make_form=lambda person, data: AddressesForm(data, person=person),
        save=lambda person, form: services_edit.change_addresses(
            person=person, by=_user(request), version=form.version, addresses=form.entries()
        ),
        done="Addresses saved",
        check_matches=True,
    )


# Telling the user about likely matches after a change


def _matches_url(user: Any, person: Person) -> str | None:
    """The "Possible matches" page of the first of the person's case links the user may use it from
    (the case visible to them, and who the person is)."""
    links = CasePerson.objects.filter(person=person, anonymous=False).select_related("case")
    for link in links.order_by("case__created_at", "pk"):
        if cases_access.may_see(user, link.case) and cases_access.can_see_identifying_details(user, link.case):
            return reverse("people:case-person-matches", args=[link.pk])
    return None


def _announce_matches(request: HttpRequest, person: Person) -> None:
    """A banner on the person's page when the change makes a likely match: how many the user may see,
    with the way to them, and for each record the user may not see only which organisation to ask
    (as the "Possible matches" page says it), with an alert raised for the coordinators."""
    user: Any = request.user
    found = services.candidates_for(person, show_from=ALERT_FROM)
    if not found:
        return
    people = {
        p.pk: p for p in Person.objects.filter(pk__in=[c.person_id for c in found]).select_related("organisation")
    }
    visible = access.visible_person_ids(user, people.values())
    seen = [c for c in found if c.person_id in visible]
    hidden = [c for c in found if c.person_id not in visible]
    url = _matches_url(user, person)
    # Without a matches page to go to, the coordinators review every likely match from their queue.
    services.raise_alerts(person, hidden if url else found, user)
    parts: list[SafeString] = []
    if seen:
        count = f"{len(seen)} likely match{'es' if len(seen) > 1 else ''}"
        there = f"There {'are' if len(seen) > 1 else 'is'} {count} for this person."
        if url:
            link = '<a class="govuk-notification-banner__link" href="{}">Check for matches again</a>'
            parts.append(format_html("{} " + link, there, url))
        elif access.coordinates(user, person):
            link = '<a class="govuk-notification-banner__link" href="{}">Review possible duplicates</a>'
            parts.append(format_html("{} " + link, there, reverse("people:review")))
        else:
            parts.append(format_html("{} Your partnership coordinator has been asked to review it.", there))
    held_by: dict[int, Any] = {}
    for candidate in hidden:
        organisation = people[candidate.person_id].organisation
        held_by.setdefault(organisation.pk, organisation)  # once per organisation, as on the matches page
    for organisation in held_by.values():
        parts.append(
            format_html(
                "A possible match is held by {}: ask them. Your partnership coordinator has been asked to review it.",
                organisation,
            )
        )
    messages.info(request, format_html_join(" ", "{}", ((part,) for part in parts)))
