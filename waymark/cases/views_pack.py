"""A case's NRM referral pack (see nrm_pack.py) as a page, a PDF and JSON. Viewing it and exporting it
are both written to the audit trail."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from waymark.core import audit
from waymark.core.models import AuditAction

from . import access
from .models import Case
from .nrm_pack import SOURCE, Pack, build_pack


def _load(request: HttpRequest, pk: int) -> tuple[Case, Pack]:
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    return case, build_pack(case)


def _filename(case: Case, extension: str) -> str:
    return f"nrm-pack-{case.reference}.{extension}"


@require_GET
@never_cache
def nrm_pack(request: HttpRequest, pk: int) -> HttpResponse:
    case, pack = _load(request, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=case, detail={"pack": pack.variant})
    return render(request, "cases/pack/nrm_pack.html", {"case": case, "pack": pack, "source": SOURCE})


@require_GET
@never_cache
def nrm_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case, pack = _load(request, pk)
    html = render_to_string(
        "cases/pack/nrm_pack_print.html",
        {"case": case, "pack": pack, "source": SOURCE, "generated_at": timezone.now()},
    )
    pdf = _render_pdf(html)
    audit.record(action=AuditAction.EXPORT, request=request, obj=case, detail={"pack": pack.variant, "format": "pdf"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(case, "pdf")}"'
    return response


@require_GET
@never_cache
def nrm_pack_json(request: HttpRequest, pk: int) -> HttpResponse:
    case, pack = _load(request, pk)
    data: dict[str, Any] = {**pack.to_json(), "generated_at": timezone.now().isoformat(timespec="seconds")}
    audit.record(action=AuditAction.EXPORT, request=request, obj=case, detail={"pack": pack.variant, "format": "json"})
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{_filename(case, "json")}"'
    return response


def _render_pdf(html: str) -> bytes:
    """The PDF is built from the template alone: WeasyPrint may not fetch anything, local or remote."""
    # Imported here: loading Pango is slow and only this view needs it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"The NRM pack PDF loads no resources ({url})")

    return HTML(string=html, url_fetcher=NoFetching()).write_pdf()
