"""Who may use the consent, sharing, access request and lead role pages (rows for
test_permission_matrix). Empty posts to each form are checked in test_sharing.py.

The case is a child's, referred and led by Testford Council: its users and the coordinator see it;
everyone else gets 404, so its existence is not disclosed.
"""

from django.utils import timezone

from waymark.cases.models import AccessRequest, CaseShare, ConsentPurpose, ConsentRecord, LawfulBasis
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import everyone


def _case(world, personas):
    case = open_child_case(world, personas["council_caseworker"])
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.council, status="open")
    return case


def _case_pk(world, personas):
    return {"pk": _case(world, personas).pk}


def _consent(world, personas):
    case = _case(world, personas)
    consent = ConsentRecord.objects.create(
        case=case,
        purpose=ConsentPurpose.NRM_REFERRAL,
        given_on=timezone.localdate(),
        how="In person",
        recorded_by=personas["council_caseworker"],
    )
    return {"pk": consent.pk}


def _share_with_the_charity(world, personas):
    share = CaseShare.objects.create(
        case=_case(world, personas),
        organisation=world.charity,
        reason="Safe house",
        lawful_basis=LawfulBasis.SAFEGUARDING,
        shared_by=personas["council_caseworker"],
    )
    return {"pk": share.pk}


def _request_from_the_charity(world, personas):
    access_request = AccessRequest.objects.create(
        case=_case(world, personas),
        organisation=world.charity,
        requested_by=personas["charity_caseworker"],
        reason="We support her",
    )
    return {"pk": access_request.pk}


def _no_kwargs(world, personas):
    return {}


def those_who_see_the_case(status: int = 200, **others: int) -> dict[str, int]:
    return {**everyone(404), "coordinator": status, "council_caseworker": status, **others}


EXPECTATIONS = {
    "cases:consent-add": ("get", _case_pk, those_who_see_the_case()),
    "cases:consent-withdraw": ("get", _consent, those_who_see_the_case()),
    "cases:share-add": ("get", _case_pk, those_who_see_the_case()),
    # The charity sees the case through the share, but only the lead or referrer may stop it.
    "cases:share-revoke": ("get", _share_with_the_charity, those_who_see_the_case(charity_caseworker=403)),
    "cases:lead-transfer": ("get", _case_pk, those_who_see_the_case()),
    "cases:access-request": ("get", _no_kwargs, everyone(200)),
    "cases:access-request-sent": ("get", _no_kwargs, everyone(200)),
    "cases:access-request-list": ("get", _no_kwargs, everyone(200)),
    "cases:access-request-decide": ("get", _request_from_the_charity, those_who_see_the_case()),
}
