"""Action plan pages: the plans, a plan with its priorities and actions, adding and editing them,
progress updates with evidence (leads update their own actions), the board's progress report with
its XLSX and PDF exports, and importing a plan from a spreadsheet (upload, preview, confirm)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from waymark.accounts.models import User
from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Partnership

from . import access, plan_export, plan_import, services_plans
from .forms_plans import CONFLICT, EditPlanActionForm, ImportForm, PlanActionForm, PlanForm, PriorityForm, ProgressForm
from .models import ActionPlan, PlanAction, Priority, ProgressUpdate

IMPORT_SESSION_KEY = "governance-plan-import-%s"


def _user(request: HttpRequest) -> Any:
    return request.user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


def _people(partnership: Partnership) -> QuerySet[User]:
    """Who may lead an action: active users with a role in the partnership and an organisation."""
    holders = User.objects.filter(
        is_active=True, organisation__isnull=False, role_assignments__partnership=partnership
    ).values("pk")
    return User.objects.filter(pk__in=holders)


def _priority_for(request: HttpRequest, pk: int, *, action: str) -> Priority:
    priority = (
        Priority.objects.filter(plan__in=access.visible_action_plans(_user(request)))
        .select_related("plan", "plan__partnership")
        .filter(pk=pk)
        .first()
    )
    if priority is None:
        raise Http404("No such priority")
    access.get_action_plan_for_user(_user(request), priority.plan_id, action=action)
    return priority


# Plans


def plan_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    plans = access.visible_action_plans(user).select_related("partnership")
    today = timezone.localdate()
    mine = list(
        access.plan_actions_led_by(user)
        .select_related("priority", "priority__plan", "lead_organisation")
        .order_by("priority__plan__title", "priority__order", "order", "id")
    )
    rows = [(action, plan_export.is_overdue(action, today)) for action in mine]
    context = {"plans": plans, "my_actions": rows, "may_add": access.manageable_partnerships(user).exists()}
    return render(request, "governance/plan_list.html", context)


def plan_add(request: HttpRequest) -> HttpResponse:
    partnerships = access.manageable_partnerships(_user(request))
    if not partnerships.exists():
        raise PermissionDenied
    form = PlanForm(_posted(request), partnerships=partnerships)
    if form.is_bound and form.is_valid():
        plan = services_plans.create_plan(by=_user(request), **form.cleaned_data)
        messages.success(request, f"Plan added: {plan.title}. Now add its priorities.")
        return redirect("governance:plan-detail", pk=plan.pk)
    context = {"form": form, "title": "Add an action plan", "button": "Add the plan"}
    return render(request, "governance/plan_form.html", context, status=_status(form))


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_action_plan_for_user(_user(request), pk, action=access.MANAGE)
    form = PlanForm(_posted(request), partnerships=access.manageable_partnerships(_user(request)), plan=plan)
    if form.is_bound and form.is_valid():
        services_plans.update_plan(plan=plan, by=_user(request), **form.cleaned_data)
        messages.success(request, "Plan saved")
        return redirect("governance:plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "title": "Change the plan", "button": "Save the plan"}
    return render(request, "governance/plan_form.html", context, status=_status(form))


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_action_plan_for_user(_user(request), pk)
    report = plan_export.build_report(plan)
    audit.record(action=AuditAction.VIEW, request=request, obj=plan)  # the page names the leads
    context = {"plan": plan, "report": report, "may_manage": access.can_manage(_user(request), plan.partnership_id)}
    return render(request, "governance/plan_detail.html", context)


# Priorities


def priority_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_action_plan_for_user(_user(request), pk, action=access.MANAGE)
    form = PriorityForm(_posted(request))
    if form.is_bound and form.is_valid():
        priority = services_plans.add_priority(plan=plan, by=_user(request), **form.cleaned_data)
        messages.success(request, f"Priority added: {priority.title}")
        return redirect(reverse("governance:plan-detail", args=[plan.pk]) + f"#priority-{priority.pk}")
    context = {"form": form, "plan": plan, "title": "Add a priority", "button": "Add the priority"}
    return render(request, "governance/plan_priority_form.html", context, status=_status(form))


def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _priority_for(request, pk, action=access.MANAGE)
    initial = {"title": priority.title, "description": priority.description}
    form = PriorityForm(_posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        services_plans.update_priority(priority=priority, by=_user(request), **form.cleaned_data)
        messages.success(request, f"Priority saved: {priority.title}")
        return redirect(reverse("governance:plan-detail", args=[priority.plan_id]) + f"#priority-{priority.pk}")
    context = {"form": form, "plan": priority.plan, "title": "Change the priority", "button": "Save the priority"}
    return render(request, "governance/plan_priority_form.html", context, status=_status(form))


@require_POST
def priority_move(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _priority_for(request, pk, action=access.MANAGE)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponse("Choose whether to move the priority up or down", status=400, content_type="text/plain")
    if services_plans.move_priority(priority=priority, up=direction == "up", by=_user(request)):
        messages.success(request, f"Moved {priority.title} {direction}")
    return redirect(reverse("governance:plan-detail", args=[priority.plan_id]) + f"#priority-{priority.pk}")


# Actions


def _action_form_context(plan: ActionPlan) -> dict[str, Any]:
    return {"people": _people(plan.partnership), "meetings": services_plans.upcoming_meetings(plan.partnership_id)}


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _priority_for(request, pk, action=access.MANAGE)
    plan = priority.plan
    form = PlanActionForm(_posted(request), partnership=plan.partnership, **_action_form_context(plan))
    if form.is_bound and form.is_valid():
        action = services_plans.add_action(priority=priority, by=_user(request), **form.action_fields())
        messages.success(request, f"Action added under {priority.title}")
        return redirect(reverse("governance:plan-detail", args=[plan.pk]) + f"#action-{action.pk}")
    context = {"form": form, "plan": plan, "priority": priority, "title": "Add an action", "button": "Add the action"}
    return render(request, "governance/plan_action_form.html", context, status=_status(form))


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    action = access.get_plan_action_for_user(user, pk)
    plan = action.priority.plan
    audit.record(action=AuditAction.VIEW, request=request, obj=action)
    may_update = _may(user, pk, access.UPDATE)
    context = {
        "action": action,
        "plan": plan,
        "overdue": plan_export.is_overdue(action, timezone.localdate()),
        "updates": action.progress_updates.select_related("recorded_by"),
        "may_update": may_update,
        "may_manage": access.can_manage(user, plan.partnership_id),
    }
    return render(request, "governance/plan_action_detail.html", context)


def _may(user: Any, pk: int, what: str) -> bool:
    try:
        access.get_plan_action_for_user(user, pk, action=what)
    except PermissionDenied:
        return False
    return True


def _kept(form_class: type, request: HttpRequest, action: PlanAction, **kwargs: Any) -> Any:
    """The form as the user filled it in, judged against the action as it is now, with the conflict
    message: nothing typed is lost (the evidence file must be chosen again)."""
    data = request.POST.copy()
    data["version"] = str(action.version)
    kept = form_class(data, action=action, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT)
    return kept


def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.get_plan_action_for_user(_user(request), pk, action=access.MANAGE)
    plan = action.priority.plan
    extra = {"partnership": plan.partnership, **_action_form_context(plan)}
    form = EditPlanActionForm(_posted(request), action=action, **extra)
    status = _status(form)
    if form.is_bound and form.is_valid():
        try:
            services_plans.update_action(
                action=action, version=form.cleaned_data["version"], by=_user(request), **form.action_fields()
            )
        except services_plans.StaleAction:
            action.refresh_from_db()
            form, status = _kept(EditPlanActionForm, request, action, **extra), 409
        else:
            messages.success(request, "Action saved")
            return redirect("governance:plan-action-detail", pk=action.pk)
    context = {"form": form, "plan": plan, "priority": action.priority, "action": action}
    context |= {"title": "Change the action", "button": "Save the action", "conflict": status == 409}
    return render(request, "governance/plan_action_form.html", context, status=status)


def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A lead (or a coordinator) records progress and the action's status now."""
    action = access.get_plan_action_for_user(_user(request), pk, action=access.UPDATE)
    form = ProgressForm(_posted(request), request.FILES or None, action=action)
    status = _status(form)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services_plans.record_progress(
                action=action,
                version=data["version"],
                on=data["date"],
                text=data["text"],
                rag=data["rag"],
                evidence=data["evidence"],
                evidence_link=data["evidence_link"],
                by=_user(request),
            )
        except services_plans.StaleAction:
            action.refresh_from_db()
            form, status = _kept(ProgressForm, request, action), 409
        else:
            messages.success(request, "Progress recorded")
            return redirect("governance:plan-action-detail", pk=action.pk)
    context = {"form": form, "action": action, "plan": action.priority.plan, "conflict": status == 409}
    return render(request, "governance/plan_progress_form.html", context, status=status)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    update = (
        ProgressUpdate.objects.filter(plan_action__in=access.visible_plan_actions(_user(request))).filter(pk=pk).first()
    )
    if update is None:
        raise Http404("No such evidence")
    try:
        stored = services_plans.open_evidence(update)
    except FileNotFoundError:
        raise Http404("The file is no longer held") from None
    kind = services_plans.identify_evidence(stored)
    audit.record(action=AuditAction.VIEW, request=request, obj=update, detail={"evidence": True})
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(update.evidence_name, kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# The progress report and its exports


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_action_plan_for_user(_user(request), pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=plan, detail={"report": True})
    return render(request, "governance/plan_report.html", {"plan": plan, "report": plan_export.build_report(plan)})


@require_GET
@never_cache
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_action_plan_for_user(_user(request), pk)
    built = plan_export.build_report(plan)
    content = plan_export.to_xlsx(built)
    audit.record(action=AuditAction.EXPORT, request=request, obj=plan, detail={"format": "xlsx"})
    response = HttpResponse(content, content_type=services_plans.XLSX.content_type)
    response["Content-Disposition"] = f'attachment; filename="{built.filename_stem}.xlsx"'
    return response


@require_GET
@never_cache
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_action_plan_for_user(_user(request), pk)
    built = plan_export.build_report(plan)
    content = plan_export.to_pdf(plan_export.print_html(built))
    audit.record(action=AuditAction.EXPORT, request=request, obj=plan, detail={"format": "pdf"})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{built.filename_stem}.pdf"'
    return response


# Importing a plan


def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the file and keep its checked rows in the session (nothing is saved to the plan yet)."""
    plan = access.get_action_plan_for_user(_user(request), pk, action=access.MANAGE)
    form = ImportForm(_posted(request), request.FILES or None)
    if form.is_bound and form.is_valid():
        people = _people(plan.partnership).values_list("pk", "full_name", "email")
        result = plan_import.parse(
            form.cleaned_data["file"],
            organisations=services_plans.organisation_choices(plan.partnership),
            people=list(people),
        )
        request.session[IMPORT_SESSION_KEY % plan.pk] = {
            "token": secrets.token_urlsafe(16),
            "filename": documents.download_name(request.FILES["file"].name or "", None)[:255],
            "rows": [row.to_json() for row in result.rows],
            "errors": result.errors,
        }
        return redirect("governance:plan-import-preview", pk=plan.pk)
    return render(request, "governance/plan_import.html", {"plan": plan, "form": form}, status=_status(form))


def _stored_import(request: HttpRequest, plan: ActionPlan) -> tuple[dict[str, Any], plan_import.Result] | None:
    stored = request.session.get(IMPORT_SESSION_KEY % plan.pk)
    if not stored:
        return None
    rows = [plan_import.Row.from_json(row) for row in stored["rows"]]
    return stored, plan_import.Result(rows, stored["errors"])


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: each row as it will be imported, with any errors. POST: confirm, and import them all."""
    plan = access.get_action_plan_for_user(_user(request), pk, action=access.MANAGE)
    found = _stored_import(request, plan)
    if found is None:
        messages.info(request, "Upload the plan to import first")
        return redirect("governance:plan-import", pk=plan.pk)
    stored, result = found
    status = 200
    if request.method == "POST":
        if request.POST.get("token") != stored["token"]:
            messages.info(request, "Another file was uploaded meanwhile: check this preview, then import it")
            return redirect("governance:plan-import-preview", pk=plan.pk)
        if result.ok:
            count = services_plans.import_rows(plan=plan, rows=result.rows, by=_user(request))
            del request.session[IMPORT_SESSION_KEY % plan.pk]
            messages.success(request, f"{count} action{'' if count == 1 else 's'} imported from {stored['filename']}")
            return redirect("governance:plan-detail", pk=plan.pk)
        status = 400
    context = {"plan": plan, "result": result, "stored": stored, "notes": [n for r in result.rows for n in r.notes]}
    return render(request, "governance/plan_import_preview.html", context, status=status)
