"""POST /api/v1/pathway/decide: the pathway decision for a set of facts."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from waymark.api.access import api_partnerships
from waymark.api.models import Scope
from waymark.pathways import FactsError, decide
from waymark.pathways.facts import Facts

from .pathway import local_settings_for

EXAMPLE_FACTS = {
    "nation": "england",
    "age_group": "child",
    "immediate_danger": False,
    "consents_to_nrm": None,
    "care_and_support_needs": None,
    "cooperates_with_authorities": None,
    "under_18_during_exploitation": None,
    "referrer_is_first_responder": True,
    "referrer_is_public_authority": True,
    "ictg_service_in_area": True,
    "decided_on": "2026-11-23",
}


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    parameters=[
        OpenApiParameter("partnership", int, description="Use this partnership's local contacts (default: your own)")
    ],
    examples=[OpenApiExample("A child in an area with a guardian service", value=EXAMPLE_FACTS, request_only=True)],
)
@api_view(["POST"])
def decide_pathway(request: Request) -> Response:
    """The statutory route for a potential victim: ordered actions, each with its owner, legal basis,
    due date (working days, UK bank holidays) and explanation. Unknown facts are an error; a missing
    optional fact means "not known"."""
    try:
        facts = Facts.from_json(request.data)
    except FactsError as error:
        return Response({name: [message] for name, message in error.errors.items()}, status=400)
    partnerships = api_partnerships(request).order_by("name")
    chosen = request.query_params.get("partnership")
    if chosen:
        partnership = partnerships.filter(pk=chosen).first() if chosen.isdigit() else None
        if partnership is None:
            raise Http404("No such partnership")
    else:
        partnership = partnerships.first()
    return Response(decide(facts, local_settings_for(partnership)).to_json())


decide_pathway.cls.required_scopes = [Scope.PATHWAY_DECIDE]  # type: ignore[attr-defined]
