"""The public report journey: anyone, without signing in, tells a partnership what they saw."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from waymark.partners.models import Partnership

from . import services_public
from .forms_public import ChooseAreaForm, PublicReportForm
from .models import new_receipt
from .vocabulary import SPOT_THE_SIGNS

# Where the receipt waits between sending the report and the confirmation page.
RECEIPT_SESSION_KEY = "public_report_receipt"

SIGNS = [(heading, signs.split("; ")) for heading, signs in SPOT_THE_SIGNS.values()]


def _form_data(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@login_not_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    partnerships = list(Partnership.objects.order_by("name"))
    form = ChooseAreaForm(_form_data(request)) if len(partnerships) > 1 else None
    if form is not None and form.is_valid():
        return redirect("public:report", pk=form.cleaned_data["area"].pk)
    only = partnerships[0] if len(partnerships) == 1 else None
    return render(request, "cases/public/start.html", {"form": form, "only": only, "signs": SIGNS})


def _too_many_reports(request: HttpRequest) -> HttpResponse:
    response = render(request, "cases/public/too_many_reports.html", status=429)
    response["Retry-After"] = str(int(services_public.RATE_LIMIT_WINDOW.total_seconds()))
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    sender = services_public.sender_hash(services_public.client_address(request))
    # Checked before the form is shown too, so nobody types a long report only to have it refused.
    if services_public.too_many_reports(sender):
        return _too_many_reports(request)
    form = PublicReportForm(_form_data(request))
    if form.is_valid():
        if form.is_from_a_robot():
            receipt = new_receipt()  # a robot sees what a person sees; nothing is stored
        else:
            receipt = services_public.submit_public_report(
                partnership=partnership, sender=sender, **form.answers()
            ).receipt
        request.session[RECEIPT_SESSION_KEY] = receipt
        return redirect("public:sent")
    return render(request, "cases/public/report_form.html", {"form": form, "partnership": partnership})


@login_not_required
@require_GET
@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    """Shown only straight after a report, in the browser that sent it; not found otherwise."""
    receipt = request.session.get(RECEIPT_SESSION_KEY)
    if not receipt:
        raise Http404("No report sent from this browser")
    return render(request, "cases/public/sent.html", {"receipt": receipt})
