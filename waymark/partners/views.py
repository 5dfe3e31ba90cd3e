"""Pages for the partnership directory, and for coordinators to manage organisations, users and roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from waymark.accounts import services as account_services
from waymark.accounts.models import Invitation, User
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, services
from .first_responders import first_responder_listing
from .forms import (
    AddMemberForm,
    AssignRoleForm,
    EndMembershipForm,
    InviteUserForm,
    NewOrganisationForm,
    OrganisationForm,
    PartnershipSettingsForm,
)
from .models import ROLE_DESCRIPTIONS, Membership, Role, RoleAssignment


def organisation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()
    organisations = access.visible_organisations(user).prefetch_related(  # type: ignore[arg-type]
        Prefetch("memberships", queryset=Membership.objects.select_related("partnership"))
    )
    if query:
        organisations = organisations.filter(name__icontains=query)
    return render(
        request,
        "partners/organisation_list.html",
        {
            "organisations": organisations,
            "partnerships": access.user_partnerships(user).order_by("name"),  # type: ignore[arg-type]
            "query": query,
            "can_add": access.can_add_organisation(user),  # type: ignore[arg-type]
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk)  # type: ignore[arg-type]
    can_edit = access.manageable_organisations(request.user).filter(pk=pk).exists()  # type: ignore[arg-type]
    users = None
    if can_edit:
        users = list(organisation.users.order_by("full_name"))
        audit.record_many_viewed(request, users, object_type="accounts.User")
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("partnership"),
            "users": users,
            "can_edit": can_edit,
            "fro_listing": first_responder_listing(organisation.name),
        },
    )


def organisation_add(request: HttpRequest) -> HttpResponse:
    access.require_coordinator(request.user)  # type: ignore[arg-type]
    form = NewOrganisationForm(request.POST or None, partnerships=access.coordinated_partnerships(request.user))  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(by=request.user, **form.service_kwargs())  # type: ignore[arg-type]
        notes = []
        if form.cleaned_data["is_first_responder"] == "":
            notes.append(
                "It is on the Home Office list of First Responder Organisations"
                if organisation.is_first_responder
                else "It is not on the Home Office list of First Responder Organisations"
            )
        messages.success(request, f"{organisation.name} added. {'. '.join(notes)}".strip())
        return redirect("partners:organisation-detail", pk=organisation.pk)
    return render(request, "partners/organisation_add.html", {"form": form})


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk, action="edit")  # type: ignore[arg-type]
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        organisation.refresh_from_db()
        services.update_organisation(organisation=organisation, by=request.user, **fields)  # type: ignore[arg-type]
        messages.success(request, f"{organisation.name} updated")
        return redirect("partners:organisation-detail", pk=organisation.pk)
    return render(request, "partners/organisation_edit.html", {"form": form, "organisation": organisation})


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk)  # type: ignore[arg-type]
    members = partnership.memberships.filter(Membership.current_q()).select_related("organisation")
    return render(
        request,
        "partners/partnership_detail.html",
        {
            "partnership": partnership,
            "members": members,
            "children": partnership.children.all(),
            "can_edit": pk in access.coordinated_partnership_ids(request.user),  # type: ignore[arg-type]
        },
    )


def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk, action="edit")  # type: ignore[arg-type]
    form = PartnershipSettingsForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        partnership.refresh_from_db()
        services.update_partnership_settings(partnership=partnership, by=request.user, **fields)  # type: ignore[arg-type]
        messages.success(request, "Local settings saved")
        return redirect("partners:partnership-detail", pk=partnership.pk)
    return render(request, "partners/partnership_edit.html", {"form": form, "partnership": partnership})


def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk, action="edit")  # type: ignore[arg-type]
    form = AddMemberForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        membership = services.add_member(partnership=partnership, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, f"{membership.organisation} is now a member of {partnership}")
        return redirect("partners:partnership-detail", pk=partnership.pk)
    return render(request, "partners/membership_add.html", {"form": form, "partnership": partnership})


def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.get_membership_for_user(request.user, pk)  # type: ignore[arg-type]
    form = EndMembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        services.end_membership(membership=membership, until=form.cleaned_data["until"], by=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            f"{membership.organisation}'s membership of {membership.partnership} ends on {membership.until:%-d %B %Y}",
        )
        return redirect("partners:partnership-detail", pk=membership.partnership_id)
    return render(request, "partners/membership_end.html", {"form": form, "membership": membership})


def user_list(request: HttpRequest) -> HttpResponse:
    access.require_coordinator(request.user)  # type: ignore[arg-type]
    query = request.GET.get("q", "").strip()
    users = (
        access.manageable_users(request.user)
        .select_related("organisation")
        .prefetch_related(  # type: ignore[arg-type]
            Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("partnership"))
        )
        .order_by("full_name")
    )
    if query:
        users = users.filter(
            Q(full_name__icontains=query) | Q(email__icontains=query) | Q(organisation__name__icontains=query)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    audit.record_many_viewed(request, page.object_list, object_type="accounts.User")
    invitations = Invitation.objects.pending().filter(partnership__in=access.coordinated_partnerships(request.user))  # type: ignore[arg-type]
    return render(
        request,
        "partners/user_list.html",
        {
            "page": page,
            "query": f"q={query}" if query else "",
            "search": query,
            "invitations": invitations.select_related("organisation"),
        },
    )


def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_user_for_user(request.user, pk)  # type: ignore[arg-type]
    audit.record(action=AuditAction.VIEW, request=request, obj=target)
    form = AssignRoleForm(partnerships=access.coordinated_partnerships(request.user), user=target)  # type: ignore[arg-type]
    return _render_user_detail(request, target, form)


def _render_user_detail(request: HttpRequest, target: User, form: AssignRoleForm, status: int = 200) -> HttpResponse:
    coordinated = access.coordinated_partnerships(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "partners/user_detail.html",
        {
            "target": target,
            "roles": target.role_assignments.select_related("partnership").filter(partnership__in=coordinated),
            "other_roles": target.role_assignments.select_related("partnership").exclude(partnership__in=coordinated),
            "form": form,
            "is_self": target.pk == request.user.pk,
            "is_locked_out": account_services.is_locked_out(target),
        },
        status=status,
    )


@require_POST
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_user_for_user(request.user, pk, action="assign_role")  # type: ignore[arg-type]
    form = AssignRoleForm(request.POST, partnerships=access.coordinated_partnerships(request.user), user=target)  # type: ignore[arg-type]
    if not form.is_valid():
        return _render_user_detail(request, target, form, status=400)
    assignment = services.assign_role(
        user=target,
        partnership=form.cleaned_data["partnership"],
        role=form.cleaned_data["role"],
        by=request.user,  # type: ignore[arg-type]
    )
    messages.success(
        request, f"{target.full_name} is now {assignment.get_role_display().lower()} in {assignment.partnership}"
    )
    return redirect("partners:user-detail", pk=target.pk)


@require_POST
def role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.get_role_assignment_for_user(request.user, pk)  # type: ignore[arg-type]
    target = assignment.user
    label = f"{assignment.get_role_display().lower()} in {assignment.partnership}"
    services.remove_role(assignment=assignment, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{target.full_name} is no longer {label}")
    return redirect("partners:user-detail", pk=target.pk)


@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_user_for_user(request.user, pk, action="deactivate")  # type: ignore[arg-type]
    services.deactivate_user(user=target, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{target.full_name} can no longer sign in")
    return redirect("partners:user-detail", pk=target.pk)


@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_user_for_user(request.user, pk, action="reset_two_factor")  # type: ignore[arg-type]
    account_services.reset_two_factor(user=target, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{target.full_name} will set up a new authenticator app when they next sign in")
    return redirect("partners:user-detail", pk=target.pk)


@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_user_for_user(request.user, pk, action="unlock")  # type: ignore[arg-type]
    account_services.unlock(user=target, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{target.full_name} can try to sign in again")
    return redirect("partners:user-detail", pk=target.pk)


@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_user_for_user(request.user, pk, action="deactivate")  # type: ignore[arg-type]
    services.reactivate_user(user=target, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{target.full_name} can sign in again")
    return redirect("partners:user-detail", pk=target.pk)


def user_invite(request: HttpRequest) -> HttpResponse:
    access.require_coordinator(request.user)  # type: ignore[arg-type]
    form = InviteUserForm(
        request.POST or None,
        partnerships=access.coordinated_partnerships(request.user),  # type: ignore[arg-type]
        organisations=access.manageable_organisations(request.user).active().order_by("name"),  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        invitation, _link = account_services.invite_user(by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(
            request, f"Invitation sent to {invitation.email}. It expires on {invitation.expires_at:%-d %B %Y}"
        )
        return redirect("partners:user-list")
    return render(
        request,
        "partners/user_invite.html",
        {
            "form": form,
            "role_descriptions": [(Role(r).label, t) for r, t in ROLE_DESCRIPTIONS.items()],
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


@require_POST
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_user(request.user, pk)  # type: ignore[arg-type]
    account_services.withdraw_invitation(invitation=invitation, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"Invitation to {invitation.email} withdrawn")
    return redirect("partners:user-list")
