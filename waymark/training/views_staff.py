"""The staff register pages: an organisation's register (names for its own training lead only;
everyone else who may see an organisation sees its numbers), adding and changing people, recording
that they leave, placing them in cohorts with the cohort tool (one person, or many at once), and
importing a staff list from a spreadsheet (upload, preview, confirm)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation, Partnership

from . import access, services, services_staff, staff_import
from .forms_framework import ANSWER_FIELDS, CohortToolForm
from .forms_staff import CONFLICT, ChooseCohortForm, ImportForm, LeavingForm, StaffFilterForm, StaffForm
from .models import Cohort, StaffMember

IMPORT_SESSION_KEY = "training-staff-import-%s-%s"

Register = tuple[Partnership, Organisation]


def _user(request: HttpRequest) -> Any:
    return request.user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


# Registers


def _registers(user: Any) -> list[Register]:
    """The registers the user manages: their organisation's, in each partnership where they are a training lead."""
    managed = access.registers_managed_by(user)
    if not managed:
        return []
    partnerships = Partnership.objects.in_bulk([pk for pk, _ in managed])
    organisation = Organisation.objects.get(pk=managed[0][1])
    return sorted(((partnerships[pk], organisation) for pk, _ in managed), key=lambda r: r[0].name)


def _register(request: HttpRequest) -> Register:
    """The register asked for (?register=<partnership id>), or the user's only or first one. A user
    who manages none may not; one they do not manage is not found."""
    registers = _registers(_user(request))
    if not registers:
        raise PermissionDenied
    wanted = request.POST.get("register") or request.GET.get("register")
    if not wanted:
        return registers[0]
    for register in registers:
        if str(register[0].pk) == wanted:
            return register
    raise Http404("No such register")


def _register_url(name: str, register: Register, **params: Any) -> str:
    url = reverse(name) + f"?register={register[0].pk}"
    return url + "".join(f"&{key}={value}" for key, value in params.items())


def _register_counts(user: Any, managed: list[Register]) -> list[dict[str, Any]]:
    """People on each register the user may see in numbers only: staff now, placed in a cohort or not."""
    mine = {(p.pk, o.pk) for p, o in managed}
    rows = (
        StaffMember.objects.current()
        .in_partnerships(access.member_partnership_ids(user))
        .values("partnership_id", "partnership__name", "organisation_id", "organisation__name")
        .annotate(staff=Count("id"), placed=Count("id", filter=Q(cohort__isnull=False)))
        .order_by("partnership__name", "organisation__name")
    )
    return [
        {**row, "not_placed": row["staff"] - row["placed"]}
        for row in rows
        if (row["partnership_id"], row["organisation_id"]) not in mine
        and access.may_see_compliance(user, row["partnership_id"], row["organisation_id"])
    ]


def staff_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_training(user):
        raise PermissionDenied
    registers = _registers(user)
    context: dict[str, Any] = {"registers": registers, "counts": _register_counts(user, registers)}
    if registers:
        register = _register(request)
        partnership, organisation = register
        on_register = access.visible_staff(user).of_organisation(organisation.pk, partnership.pk)
        teams = sorted(set(on_register.exclude(team="").values_list("team", flat=True)))
        cohorts = Cohort.objects.filter(partnership=partnership).order_by("order", "name")
        filtering = any(key in request.GET for key in ("cohort", "team", "include_leavers"))
        form = StaffFilterForm(request.GET if filtering else None, cohorts=cohorts, teams=teams)
        staff = list(form.filter(on_register).select_related("cohort"))
        audit.record_many_viewed(request, staff, object_type="training.StaffMember")
        context |= {"register": register, "form": form, "staff": staff, "filtering": filtering}
        context["total"] = on_register.current().count()
    return render(request, "training/staff_list.html", context)


# One person


def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    staff = access.get_staff_member_for_user(user, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=staff)
    may_manage = access.is_training_lead_for(user, staff.organisation_id, staff.partnership_id)
    completions = staff.completions.select_related("course")  # type: ignore[attr-defined]
    context = {"staff": staff, "may_manage": may_manage, "completions": completions}
    return render(request, "training/staff_detail.html", context)


def staff_add(request: HttpRequest) -> HttpResponse:
    register = _register(request)
    form = StaffForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            staff = services_staff.add_staff_member(
                partnership=register[0], organisation=register[1], by=_user(request), **form.staff_fields()
            )
        except services_staff.AlreadyOnRegister:
            form.add_error("full_name", _already_on_register(form))
        else:
            messages.success(request, f"{staff.full_name} added to the register")
            return redirect("training:staff-detail", pk=staff.pk)
    context = {"form": form, "register": register, "title": "Add a person to the register", "button": "Add them"}
    return render(request, "training/staff_form.html", context, status=_status(form))


def _already_on_register(form: StaffForm) -> str:
    if form.cleaned_data.get("reference"):
        return "Someone on the register already has this staff number or reference"
    return "Someone on the register already has this name and job title: give each a staff number or reference"


def _kept(form_class: type, request: HttpRequest, staff: StaffMember) -> Any:
    """The form as the user filled it in, judged against the person as they are now, with the
    conflict message: nothing typed is lost."""
    data = request.POST.copy()
    data["version"] = str(staff.version)
    kept = form_class(data, staff=staff)
    kept.is_valid()
    kept.add_error(None, CONFLICT)
    return kept


def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.get_staff_member_for_user(_user(request), pk, action=access.MANAGE)
    form = StaffForm(_posted(request), staff=staff)
    status = _status(form)
    if form.is_bound and form.is_valid():
        try:
            services_staff.update_staff_member(
                staff=staff, version=form.cleaned_data["version"], by=_user(request), **form.staff_fields()
            )
        except services_staff.StaleStaffMember:
            staff.refresh_from_db()
            form, status = _kept(StaffForm, request, staff), 409
        except services_staff.AlreadyOnRegister:
            form.add_error("full_name", _already_on_register(form))
        else:
            messages.success(request, f"{form.cleaned_data['full_name']}'s details saved")
            return redirect("training:staff-detail", pk=staff.pk)
    context = {"form": form, "staff": staff, "title": f"Change {staff.full_name}'s details", "button": "Save"}
    return render(request, "training/staff_form.html", context, status=status)


def staff_leaving(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.get_staff_member_for_user(_user(request), pk, action=access.MANAGE)
    form = LeavingForm(_posted(request), staff=staff)
    status = _status(form)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services_staff.record_leaving(
                staff=staff, version=data["version"], leaving_date=data["leaving_date"], by=_user(request)
            )
        except services_staff.StaleStaffMember:
            staff.refresh_from_db()
            form, status = _kept(LeavingForm, request, staff), 409
        else:
            day = data["leaving_date"]
            messages.success(request, f"{staff.full_name}'s last day recorded: {day.day} {day:%B %Y}")
            return redirect("training:staff-detail", pk=staff.pk)
    return render(request, "training/staff_leaving.html", {"form": form, "staff": staff}, status=status)


# Placing people in cohorts with the cohort tool


def staff_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Place one person: answer the questions, see the suggestion, confirm."""
    staff = access.get_staff_member_for_user(_user(request), pk, action=access.MANAGE)
    return _placement(request, [staff], done=reverse("training:staff-detail", args=[staff.pk]))


def staff_place_many(request: HttpRequest) -> HttpResponse:
    """Place the people selected on the register: one questionnaire for them all, a preview of who
    goes where, then confirm."""
    user = _user(request)
    if not access.registers_managed_by(user):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    ids = [int(pk) for pk in source.getlist("staff") if pk.isdigit()]
    people = list(access.visible_staff(user).filter(pk__in=ids).select_related("cohort", "partnership", "organisation"))
    people = [s for s in people if access.is_training_lead_for(user, s.organisation_id, s.partnership_id)]
    if not people:
        messages.info(request, "Select the people to place in a cohort")
        return redirect("training:staff-list")
    if len({(s.partnership_id, s.organisation_id) for s in people}) > 1:
        messages.info(request, "Select people from one register at a time")
        return redirect("training:staff-list")
    register = (people[0].partnership, people[0].organisation)
    return _placement(request, people, done=_register_url("training:staff-list", register))


def _placement(request: HttpRequest, people: list[StaffMember], *, done: str) -> HttpResponse:
    partnership = people[0].partnership
    context: dict[str, Any] = {"people": people, "one": people[0] if len(people) == 1 else None, "done": done}
    posted = request.method == "POST"
    form = CohortToolForm(request.POST if posted else None)
    if not posted or not form.is_valid():
        context["form"] = form
        return render(request, "training/staff_place.html", context, status=_status(form))
    suggested, reason = services.suggest_cohort_for(partnership=partnership, answers=form.answers())
    cohorts = Cohort.objects.filter(partnership=partnership).active().select_related("required_level")
    choose = ChooseCohortForm(request.POST if "cohort" in request.POST else None, cohorts=cohorts)
    chosen = choose.cleaned_data["cohort"] if choose.is_bound and choose.is_valid() else suggested
    if chosen is not None and chosen != suggested:
        because = f"Chosen by the training lead; the cohort tool suggested {suggested or 'no cohort'} ({reason})"
    else:
        because = reason
    status = 400 if choose.is_bound and not choose.is_valid() else 200
    if request.POST.get("step") == "place" and chosen is not None:
        versions = [(s, _int(request.POST.get(f"version-{s.pk}"))) for s in people]
        try:
            moved = _place(request, versions, chosen, because)
        except services_staff.StaleStaffMember as stale:
            messages.error(
                request,
                f"Someone else changed {', '.join(stale.names)} while you were working. Check who goes where, then confirm again.",
            )
            people = list(
                StaffMember.objects.filter(pk__in=[s.pk for s in people]).select_related(
                    "cohort", "partnership", "organisation"
                )
            )
            context["people"] = people
            status = 409
        else:
            messages.success(request, moved)
            return redirect(done)
    if chosen is None:
        choose = ChooseCohortForm(cohorts=cohorts)
    context |= {
        "suggestion": {"cohort": suggested, "reason": reason},
        "chosen": chosen,
        "because": because,
        "answers": form.answer_items(),
        "answer_values": [(name, form.data.get(name, "")) for name in ANSWER_FIELDS],
        "choose": choose,
        "moves": [(s, s.cohort_id != (chosen.pk if chosen else None)) for s in people],
    }
    return render(request, "training/staff_place.html", context, status=status)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _place(request: HttpRequest, versions: list[tuple[StaffMember, int]], cohort: Cohort, because: str) -> str:
    """Save the placement; the message that says what happened."""
    if len(versions) == 1:
        staff, version = versions[0]
        services_staff.place_in_cohort(staff=staff, version=version, cohort=cohort, reason=because, by=_user(request))
        return f"{staff.full_name} placed in {cohort.name}"
    services_staff.place_many_in_cohort(staff_versions=versions, cohort=cohort, reason=because, by=_user(request))
    return f"{len(versions)} people placed in {cohort.name}"


# Importing a staff list


def _import_key(register: Register) -> str:
    return IMPORT_SESSION_KEY % (register[0].pk, register[1].pk)


def staff_import_upload(request: HttpRequest) -> HttpResponse:
    """Read the file and keep its checked rows in the session (nothing is saved to the register yet)."""
    register = _register(request)
    form = ImportForm(_posted(request), request.FILES or None)
    if form.is_bound and form.is_valid():
        result = staff_import.parse(form.cleaned_data["file"])
        request.session[_import_key(register)] = {
            "token": secrets.token_urlsafe(16),
            "filename": documents.download_name(request.FILES["file"].name or "", None)[:255],
            "rows": [row.to_json() for row in result.rows],
            "errors": result.errors,
        }
        return redirect(_register_url("training:staff-import-preview", register))
    context = {"form": form, "register": register, "columns": staff_import.COLUMNS}
    return render(request, "training/staff_import.html", context, status=_status(form))


def staff_import_preview(request: HttpRequest) -> HttpResponse:
    """GET: each person as they will be imported (new, will be updated, no change), with any errors.
    POST: confirm, and import them all."""
    register = _register(request)
    partnership, organisation = register
    stored = request.session.get(_import_key(register))
    if not stored:
        messages.info(request, "Upload the staff list to import first")
        return redirect(_register_url("training:staff-import", register))
    rows = [staff_import.Row.from_json(row) for row in stored["rows"]]
    result = staff_import.match(
        staff_import.Result(rows, stored["errors"]), services_staff.register_people(partnership, organisation)
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("token") != stored["token"]:
            messages.info(request, "Another file was uploaded meanwhile: check this preview, then import it")
            return redirect(_register_url("training:staff-import-preview", register))
        if result.ok:
            added, updated = services_staff.import_rows(
                partnership=partnership,
                organisation=organisation,
                rows=[staff_import.Row.from_json(row) for row in stored["rows"]],
                filename=stored["filename"],
                by=_user(request),
            )
            del request.session[_import_key(register)]
            messages.success(
                request,
                f"Imported from {stored['filename']}: {added} {'person' if added == 1 else 'people'} added, "
                f"{updated} updated",
            )
            return redirect(_register_url("training:staff-list", register))
        status = 400
    context = {
        "register": register,
        "result": result,
        "stored": stored,
        "added": result.count(staff_import.NEW),
        "updated": result.count(staff_import.UPDATE),
        "unchanged": result.count(staff_import.NO_CHANGE),
    }
    return render(request, "training/staff_import_preview.html", context, status=status)
