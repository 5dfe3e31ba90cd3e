"""Importing people from a file, for a partnership's coordinators: upload (with the partnership and the
organisation that recorded them), a preview of each row as it will be recorded with its possible
matches among the people already recorded and within the file (nothing saved yet), then the import
and a page saying what happened. The checked rows are kept in the session between the steps."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from waymark.cases import documents
from waymark.cases.vocabulary import Gender
from waymark.core import audit
from waymark.partners import access as partners_access
from waymark.partners.models import Organisation, Partnership

from . import records, services, services_import
from .forms_import import ImportForm
from .matching import Comparison, compare, explain
from .models import Person
from .normalise import BirthDateKind
from .person_import import Result, Row
from .search import ALERT_FROM
from .views import IDENTIFIER_LABELS, birth_in_words, describe, percent, reasons_by_kind

KEPT_FILE = "people-import-file"  # a file read well, kept while the user puts another answer right
PREVIEW = "people-import"
DONE = "people-import-done"
PER_PAGE = 25
SHOWN_ERRORS = 10  # in the error summary; the "cannot be imported" list has them all
FILTERS = {
    "all": "All rows",
    "matches": "Likely match already recorded",
    "in_file": "Likely the same person as another row",
    "errors": "Cannot be imported",
}


def _user(request: HttpRequest) -> Any:
    return request.user


def _members(user: Any) -> dict[Partnership, list[Organisation]]:
    """The partnerships the user coordinates, each with its current member organisations. Only
    coordinators import (403 for everyone else): they see every person in their partnerships."""
    partners_access.require_coordinator(user)
    partnerships = Partnership.objects.filter(pk__in=sorted(partners_access.coordinated_partnership_ids(user)))
    return {p: services_import.organisations_for(p) for p in partnerships.order_by("name")}


def _filename(request: HttpRequest) -> str:
    upload: Any = request.FILES["file"]
    return documents.download_name(upload.name or "", None)[:255]


def person_import_upload(request: HttpRequest) -> HttpResponse:
    """Read and check the file, look for each row's possible matches, and keep the rows in the
    session for the preview (nothing is saved to the partnership yet)."""
    members = _members(_user(request))
    if request.method != "POST":
        request.session.pop(KEPT_FILE, None)
    kept = request.session.get(KEPT_FILE)
    posted = request.POST if request.method == "POST" else None
    form = ImportForm(posted, request.FILES or None, members=members, kept_file=kept["filename"] if kept else "")
    if form.is_bound and form.is_valid():
        partnership, organisation = form.chosen()
        result = form.cleaned_data["file"]
        if result is None and kept:
            filename = kept["filename"]
            result = Result([Row.from_json(row) for row in kept["rows"]], [], kept["ignored"])
        else:
            filename = _filename(request)
        services_import.find_matches(partnership.pk, result.rows)
        request.session[PREVIEW] = {
            "token": secrets.token_urlsafe(16),
            "filename": filename,
            "partnership": partnership.pk,
            "organisation": organisation.pk,
            "rows": [row.to_json() for row in result.rows],
            "ignored": result.ignored,
        }
        request.session.pop(KEPT_FILE, None)
        return redirect("people:person-import-preview")
    if form.is_bound and form.cleaned_data.get("file"):
        # The file was read well but another answer is wrong: keep it, so it need not be chosen again.
        result = form.cleaned_data["file"]
        filename = _filename(request)
        request.session[KEPT_FILE] = {
            "filename": filename,
            "rows": [row.to_json() for row in result.rows],
            "ignored": result.ignored,
        }
        form = ImportForm(posted, None, members=members, kept_file=filename)
        form.is_valid()
    context = {"form": form, "columns": _COLUMNS}
    return render(request, "people/import_upload.html", context, status=400 if form.is_bound else 200)


# The columns the file may have, as the upload page lists them (bulk.INPUT_COLUMNS).
_COLUMNS = [
    ("given_name", "given names"),
    ("family_name", "family name (surname)"),
    (
        "full_name",
        "the whole name, where the file does not split it; where it does, a full name written differently "
        "is kept as another name they go by",
    ),
    ("date_of_birth", "a date like 14/03/2001 or 2001-03-14, or a year like 2001"),
    ("gender", "female, male or other (F and M will do), or blank"),
    ("nationality", "as written, for example Albanian"),
    ("address", "the address without the town and postcode"),
    ("town", "the town or city"),
    ("postcode", "a UK postcode, in any case and spacing"),
    ("phone", "a phone number: one without a country code is taken to be a UK number"),
    ("email", "an e-mail address"),
    ("identifier", "a National Insurance number, passport number or other document number"),
    ("id", "your own reference for the row: it names the row in messages, and must not be used twice"),
]


def _stored(request: HttpRequest) -> tuple[dict[str, Any], Partnership, Organisation] | None:
    """The checked file waiting in the session, if it is for a partnership the user still coordinates."""
    stored = request.session.get(PREVIEW)
    if not stored or stored["partnership"] not in partners_access.coordinated_partnership_ids(_user(request)):
        return None
    partnership = Partnership.objects.filter(pk=stored["partnership"]).first()
    organisation = Organisation.objects.filter(pk=stored["organisation"]).first()
    if partnership is None or organisation is None:
        return None
    return stored, partnership, organisation


def person_import_preview(request: HttpRequest) -> HttpResponse:
    """GET: each row as it will be recorded, with its possible matches. POST: import the rows that
    can be imported."""
    partners_access.require_coordinator(_user(request))
    found = _stored(request)
    if found is None:
        messages.info(request, "Upload the file of people to import first")
        return redirect("people:person-import")
    stored, partnership, organisation = found
    rows = [Row.from_json(row) for row in stored["rows"]]
    if request.method == "POST":
        if request.POST.get("token") != stored["token"]:
            messages.info(request, "Another file was uploaded meanwhile: check this preview, then import it")
            return redirect("people:person-import-preview")
        try:
            result = services_import.import_people(
                partnership=partnership, organisation=organisation, rows=rows, by=_user(request)
            )
        except services_import.CannotImport as problem:
            messages.error(request, f"{problem}: nothing was imported. Upload the file again and choose another")
            return redirect("people:person-import")
        del request.session[PREVIEW]
        request.session[DONE] = {
            "partnership": partnership.pk,
            "organisation": organisation.pk,
            "filename": stored["filename"],
            "imported": result.imported,
            "skipped": result.skipped,
            "alerts": result.alerts,
        }
        return redirect("people:person-import-done")
    return _preview_page(request, stored, partnership, organisation, rows)


def _likely(pairs: list[list[float]]) -> bool:
    return any(probability >= ALERT_FROM for _, probability in pairs)


def _filtered(rows: list[Row], show: str) -> list[Row]:
    if show == "matches":
        return [row for row in rows if _likely(row.matches)]
    if show == "in_file":
        return [row for row in rows if _likely(row.same_as)]
    if show == "errors":
        return [row for row in rows if not row.ok]
    return rows


def _preview_page(
    request: HttpRequest, stored: dict[str, Any], partnership: Partnership, organisation: Organisation, rows: list[Row]
) -> HttpResponse:
    user = _user(request)
    show = request.GET.get("show", "all")
    if show not in FILTERS:
        show = "all"
    page = Paginator(_filtered(rows, show), PER_PAGE).get_page(request.GET.get("page"))
    shown: list[Row] = list(page.object_list)
    by_number = {row.number: row for row in rows}
    # The people matched on this page, in a fixed number of queries whatever the number of rows.
    wanted = {int(pk) for row in shown for pk, _ in row.matches}
    people = Person.objects.filter(pk__in=sorted(wanted), merged_into__isnull=True).select_related("organisation")
    described = {record.person.pk: record for record in describe(people, user)}
    frequencies = records.frequencies_for(partnership.pk)  # as the look-up scored them
    audit.record_many_viewed(request, [r.person for r in described.values()], object_type="people.Person")

    def why(comparison: Comparison) -> dict[str, Any]:
        return {
            "percent": percent(comparison.probability),
            "likely": comparison.probability >= ALERT_FROM,
            "reasons": reasons_by_kind(explain(comparison)),
        }

    items = []
    for row in shown:
        facts = row.facts()
        matches = [
            {
                "record": described[int(pk)],
                **why(compare(facts, services.facts_for(described[int(pk)].person), frequencies)),
            }
            for pk, _ in row.matches
            if int(pk) in described
        ]
        same_as = [
            {"row": by_number[int(number)], **why(compare(facts, by_number[int(number)].facts(), frequencies))}
            for number, _ in row.same_as
        ]
        items.append({"row": row, "about": _about(row), "matches": matches, "same_as": same_as})

    skipped = [row for row in rows if not row.ok]
    ready = [row for row in rows if row.ok]
    counts = {
        "all": len(rows),
        "matches": sum(1 for row in ready if _likely(row.matches)),
        "in_file": sum(1 for row in ready if _likely(row.same_as)),
        "errors": len(skipped),
    }
    errors = [
        (f"?show=errors&page={index // PER_PAGE + 1}#row-{row.number}", message)
        for index, row in enumerate(skipped[:SHOWN_ERRORS])
        for message in row.errors
    ]
    # Each likely pair is one alert: with a person recorded, or between two rows (counted once).
    alerts = sum(1 for row in ready for _, p in row.matches if p >= ALERT_FROM)
    alerts += len(
        {(min(row.number, n), max(row.number, n)) for row in ready for n, p in row.same_as if p >= ALERT_FROM}
    )
    context = {
        "stored": stored,
        "partnership": partnership,
        "organisation": organisation,
        "items": items,
        "page": page,
        "query": f"show={show}",
        "show": show,
        "filters": [(key, label, counts[key]) for key, label in FILTERS.items()],
        "ready": len(ready),
        "counts": counts,
        "errors": errors,
        "more_errors": len(skipped) - min(len(skipped), SHOWN_ERRORS),
        "alerts": alerts,
    }
    return render(request, "people/import_preview.html", context)


def _about(row: Row) -> dict[str, Any]:
    """What the person record will say, in words."""
    address = ", ".join(part for part in (row.address, row.town, row.postcode_normalised or row.postcode) if part)
    return {
        "birth": (
            f"{row.date_of_birth_written} (not a date Waymark can read)"
            if row.date_of_birth_written and row.birth_date_kind == BirthDateKind.UNKNOWN
            else birth_in_words(Person(**row.birth_fields()))
        ),
        "gender": dict(Gender.choices).get(row.gender, "Not known"),
        "identifiers": [(IDENTIFIER_LABELS.get(kind, kind), normalised) for kind, _, normalised in row.identifiers],
        "address": address,
    }


def person_import_done(request: HttpRequest) -> HttpResponse:
    """What the import did: people recorded, rows skipped and why, possible matches to review."""
    partners_access.require_coordinator(_user(request))
    done = request.session.get(DONE)
    if not done or done["partnership"] not in partners_access.coordinated_partnership_ids(_user(request)):
        return redirect("people:person-import")
    context = {
        "done": done,
        "partnership": Partnership.objects.filter(pk=done["partnership"]).first(),
        "organisation": Organisation.objects.filter(pk=done["organisation"]).first(),
        "review_url": reverse("people:review"),
    }
    return render(request, "people/import_done.html", context)
