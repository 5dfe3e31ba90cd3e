"""Which of a case's lists hold anything, found in one query, so the case page does not run a query
(with its joins) for each list that turns out empty: most cases have no notes, documents, consents,
shares, access requests, support episodes or NRM referral yet."""

from __future__ import annotations

from django.db.models import Exists, Model, OuterRef

from .models import (
    AccessRequest,
    AccessRequestStatus,
    Case,
    CaseDocument,
    CaseNote,
    CaseShare,
    ConsentRecord,
    NRMReferral,
    SupportEpisode,
)

_LISTS: dict[str, type[Model]] = {
    "notes": CaseNote,
    "documents": CaseDocument,
    "consents": ConsentRecord,
    "shares": CaseShare,
    "support_episodes": SupportEpisode,
    "nrm": NRMReferral,
}


def note_what_the_case_holds(case: Case) -> None:
    """Look once, for the rest of this request, at which lists of the case have rows."""
    found = {
        f"has_{name}": Exists(model._default_manager.filter(case=OuterRef("pk"))) for name, model in _LISTS.items()
    }
    found["has_pending_access_requests"] = Exists(
        AccessRequest.objects.filter(case=OuterRef("pk"), status=AccessRequestStatus.PENDING)
    )
    case.__dict__["_holds"] = Case.objects.filter(pk=case.pk).values(**found).get()


def holds(case: Case, name: str) -> bool:
    """Whether the case's list `name` may have rows: False only when note_what_the_case_holds found
    it empty in this request."""
    noted = case.__dict__.get("_holds")
    return True if noted is None else bool(noted[f"has_{name}"])
