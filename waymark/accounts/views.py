"""Signing in (password, then a code), setting up two-factor, invitations and your account."""

from __future__ import annotations

from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import RoleAssignment

from . import services
from .forms import AcceptInvitationForm, CodeForm, SetupCodeForm, SignInForm

SETUP_DEVICE_SESSION_KEY = "waymark_setup_device_id"


def _next_url(request: HttpRequest, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        auth.login(request, form.user)
        target = "accounts:verify" if user_has_device(form.user) else "accounts:setup"
        return redirect(f"{reverse(target)}?next={_next_url(request)}")
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app or a backup code."""
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("accounts:setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            audit.record(action=AuditAction.SIGN_IN, request=request, obj=user)
            if isinstance(device, StaticDevice):
                remaining = device.token_set.count()
                messages.warning(request, f"You used a backup code. You have {remaining} left.")
            return redirect(_next_url(request))
        form.add_error("code", "The code is not right. Check your app and try again with the newest code")
    return render(request, "accounts/verify.html", {"form": form, "next": request.GET.get("next", "")})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, then prove it works with one code."""
    user = request.user
    if user_has_device(user) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:verify")
    device = None
    device_id = request.session.get(SETUP_DEVICE_SESSION_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = services.new_totp_device(user)  # type: ignore[arg-type]
        request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = services.confirm_totp_device(device=device, user=user)  # type: ignore[arg-type]
            del request.session[SETUP_DEVICE_SESSION_KEY]
            otp_login(request, device)
            audit.record(action=AuditAction.SIGN_IN, request=request, obj=user)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", "The code is not right. Check the app shows Waymark and try the newest code")
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": request.GET.get("next", ""),
        },
    )


@require_POST
def new_backup_codes(request: HttpRequest) -> HttpResponse:
    codes = services.issue_backup_codes(request.user)  # type: ignore[arg-type]
    audit.record(
        action=AuditAction.UPDATE, request=request, obj=request.user, detail={"two_factor": "new backup codes"}
    )
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request, "accounts:profile")}
    )


def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = RoleAssignment.objects.filter(user=user).select_related("partnership")
    devices = list(devices_for_user(user))
    backup = next((d for d in devices if isinstance(d, StaticDevice)), None)
    return render(
        request,
        "accounts/profile.html",
        {"roles": roles, "backup_codes_left": backup.token_set.count() if backup else 0},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(action=AuditAction.SIGN_OUT, request=request, obj=request.user)
    auth.logout(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:login")


sign_out.login_required = False  # type: ignore[attr-defined]


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None or invitation.status != "Waiting":
        return render(
            request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410 if invitation else 404
        )
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation=invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except services.InvitationError as error:
            form.add_error(None, str(error))
        else:
            auth.login(request, user, backend="waymark.accounts.backends.UserAndOrganisationBackend")
            messages.success(request, "Your account is ready. Now set up two-factor authentication")
            return redirect("accounts:setup")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})
