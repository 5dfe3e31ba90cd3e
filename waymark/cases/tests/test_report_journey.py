"""A practitioner reports a concern: question pages, drafts, check your answers, case and tasks."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.cases.models import Case, ConcernDraft, Task
from waymark.pathways.working_days import add_working_days

CHILD_ANSWERS = [
    ("danger", {"immediate_danger": "no"}),
    ("age", {"under_18": "yes"}),
    ("where", {"nation": "england", "area": "Testford"}),
    (
        "person",
        {
            "given_names": "Ana",
            "family_name": "Testova",
            "gender": "female",
            "nationalities": "Albanian",
            "date_of_birth_0": "4",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2010",
        },
    ),
    ("indicators", {"signs": ["signs-isolation"], "ilo": ["ilo-deception"]}),
    ("exploitation", {"types": ["forced-to-commit-crime"]}),
    (
        "what-happened",
        {
            "what_happened": "Found tending a cannabis farm.",
            "exploitation_location": "uk",
            "places": "Testford, Otherton",
        },
    ),
    ("exploiters", {"names": "Viktor Example", "description": "Drives a white van."}),
]


def start_draft(client) -> ConcernDraft:
    response = client.post(reverse("cases:report-start"))
    assert response.status_code == 302
    return ConcernDraft.objects.latest("created_at")


def answer(client, draft, steps):
    response = None
    for slug, data in steps:
        response = client.post(reverse("cases:report-step", args=[draft.pk, slug]), data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    return response


@pytest.mark.django_db
def test_a_childs_case_gets_childrens_social_care_and_the_nrm_with_due_dates(client_for, world):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    response = answer(client, draft, CHILD_ANSWERS)
    assert response["Location"] == reverse("cases:report-check", args=[draft.pk])
    check = client.get(response["Location"])
    assert b"Check your answers before you submit" in check.content
    assert b"Ana" in check.content and b"4 May 2010" in check.content
    done = client.post(reverse("cases:report-check", args=[draft.pk]), follow=True)
    case = Case.objects.get()
    assert case.reference == f"TF-{timezone.localdate().year}-000001"
    page = done.content.decode()
    assert case.reference in page
    assert "Refer to children&#x27;s social care" in page and "Make the National Referral Mechanism referral" in page
    nrm = case.tasks.get(code="nrm_referral")
    assert nrm.due_date == add_working_days(timezone.localdate(), 2, "england")
    assert nrm.due_date.strftime("%-d %B %Y") in page
    assert case.tasks.get(code="children_social_care_referral").immediately
    assert nrm.owner_organisation == world.council
    assert case.people.get(role="potential_victim").family_name == "Testova"
    assert case.people.get(role="exploiter").family_name == "Example"
    assert case.indicators == ["signs-isolation", "ilo-deception"]
    assert case.locations == ["Testford", "Otherton"]
    decision = case.decisions.get()
    assert decision.facts["age_group"] == "child" and decision.rules_version


@pytest.mark.django_db
def test_an_adult_who_declines_stays_anonymous_and_is_notified(client_for, world):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    answer(
        client,
        draft,
        [
            ("danger", {"immediate_danger": "no"}),
            ("age", {"under_18": "no"}),
            ("exploited-as-child", {"under_18_during_exploitation": "no"}),
            ("where", {"nation": "england", "area": "Testford"}),
            ("consent", {"consents_to_nrm": "no"}),
            ("care-needs", {"care_and_support_needs": "no"}),
            ("co-operation", {"cooperates_with_authorities": "no"}),
        ],
    )
    draft.refresh_from_db()
    assert (
        reverse("cases:report-step", args=[draft.pk, "person-anonymous"])
        in client.get(reverse("cases:report-check", args=[draft.pk]))["Location"]
    )
    assert client.get(reverse("cases:report-step", args=[draft.pk, "person"])).status_code == 404
    answer(
        client,
        draft,
        [
            ("person-anonymous", {"gender": "male", "nationalities": "Vietnamese"}),
            ("indicators", {"signs": ["signs-reluctance"]}),
            ("exploitation", {"types": ["forced-to-work"]}),
            ("what-happened", {"what_happened": "Works in a nail bar for no pay.", "exploitation_location": "uk"}),
            ("exploiters", {}),
        ],
    )
    client.post(reverse("cases:report-check", args=[draft.pk]))
    case = Case.objects.get()
    victim = case.people.get()
    assert victim.anonymous and victim.given_names == "" and victim.nationalities == ["Vietnamese"]
    assert list(case.tasks.values_list("code", flat=True)) == [
        "police_report",
        "duty_to_notify",
        "support_outside_nrm",
        "signpost_helpline",
    ]
    assert case.tasks.get(code="support_outside_nrm").owner_organisation == world.charity
    assert not case.tasks.filter(code="nrm_referral").exists()


@pytest.mark.django_db
def test_immediate_danger_says_call_999_first(client_for):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    response = client.post(
        reverse("cases:report-step", args=[draft.pk, "danger"]), {"immediate_danger": "yes"}, follow=True
    )
    assert b"Call 999 now" in response.content
    response = client.post(reverse("cases:report-step", args=[draft.pk, "call-999"]))
    assert response["Location"] == reverse("cases:report-step", args=[draft.pk, "age"])


@pytest.mark.django_db
def test_errors_are_explained_and_what_was_typed_is_kept_even_after_leaving(client_for):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    answer(client, draft, CHILD_ANSWERS[:3])
    url = reverse("cases:report-step", args=[draft.pk, "person"])
    response = client.post(
        url,
        {
            "family_name": "Testova",
            "estimated_age": "seventeen",
            "date_of_birth_0": "31",
            "date_of_birth_1": "2",
            "date_of_birth_2": "2010",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select their gender" in page
    assert "Estimated age must be a number, like 17" in page
    assert "Date of birth must be a real date" in page
    assert 'value="Testova"' in page and 'value="seventeen"' in page
    # The tab is closed and reopened later: the typed answers are still there.
    again = client.get(url).content.decode()
    assert 'value="Testova"' in again and 'value="31"' in again


@pytest.mark.django_db
def test_a_draft_resumes_at_the_first_unanswered_question(client_for):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    answer(client, draft, CHILD_ANSWERS[:2])
    response = client.get(reverse("cases:report-drafts"))
    assert reverse("cases:report-check", args=[draft.pk]).encode() in response.content
    response = client.get(reverse("cases:report-check", args=[draft.pk]))
    assert response["Location"] == reverse("cases:report-step", args=[draft.pk, "where"])


@pytest.mark.django_db
def test_changing_the_age_changes_the_questions(client_for):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    answer(client, draft, CHILD_ANSWERS)
    response = client.post(reverse("cases:report-step", args=[draft.pk, "age"]), {"under_18": "no"})
    assert response["Location"] == reverse("cases:report-step", args=[draft.pk, "exploited-as-child"])


@pytest.mark.django_db
def test_a_partner_that_is_not_a_first_responder_hands_the_nrm_referral_over(client_for, world):
    client = client_for("charity_caseworker")
    draft = start_draft(client)
    answer(client, draft, CHILD_ANSWERS)
    client.post(reverse("cases:report-check", args=[draft.pk]))
    case = Case.objects.get()
    assert case.tasks.get(code="refer_to_first_responder").owner_organisation == world.charity
    assert case.tasks.get(code="nrm_referral").owner_organisation == world.police


@pytest.mark.django_db
def test_references_count_up_within_the_partnership(client_for):
    client = client_for("council_caseworker")
    for _ in range(2):
        draft = start_draft(client)
        answer(client, draft, CHILD_ANSWERS)
        client.post(reverse("cases:report-check", args=[draft.pk]))
    numbers = sorted(int(re.sub(r".*-", "", r)) for r in Case.objects.values_list("reference", flat=True))
    assert numbers == [1, 2]
    assert Task.objects.filter(code="nrm_referral").count() == 2


@pytest.mark.django_db
def test_someone_in_several_partnerships_chooses_one(client, world):
    from conftest import make_user, sign_in

    user = make_user("multi@police.example", "Mo Multi", world.police, [(world.testford, "caseworker")])
    sign_in(client, user)  # the police are members of Testford and of the county partnership
    page = client.get(reverse("cases:report-start"))
    assert b"Which partnership" in page.content
    response = client.post(reverse("cases:report-start"), {})
    assert response.status_code == 400
    assert b"Select the partnership whose area this is in" in response.content
    response = client.post(reverse("cases:report-start"), {"partnership": world.testford.pk})
    assert ConcernDraft.objects.get(created_by=user).partnership == world.testford


QUESTION_PAGES_WITH_REQUIRED_ANSWERS = [
    "danger",
    "age",
    "where",
    "person",
    "indicators",
    "exploitation",
    "what-happened",
]
ADULT_PAGES_WITH_REQUIRED_ANSWERS = ["exploited-as-child", "consent", "care-needs", "co-operation"]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", QUESTION_PAGES_WITH_REQUIRED_ANSWERS + ADULT_PAGES_WITH_REQUIRED_ANSWERS)
def test_every_question_page_explains_a_missing_answer(client_for, slug):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    if slug in ADULT_PAGES_WITH_REQUIRED_ANSWERS:
        answer(client, draft, [("danger", {"immediate_danger": "no"}), ("age", {"under_18": "no"})])
    response = client.post(reverse("cases:report-step", args=[draft.pk, slug]), {"unrelated": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "govuk-error-message" in page
    assert "<title>Error: " in page
    # Each message in the summary links to its field.
    assert re.search(r'<a href="#id_[a-z0-9_]+">', page)


def test_exploitation_types_map_to_the_home_office_statistics_categories():
    from waymark.cases.vocabulary import statistics_category

    assert statistics_category(["prostitution"]) == "Sexual"
    assert statistics_category(["forced-to-work", "prostitution"]) == "Sexual & Labour"
    assert (
        statistics_category(["forced-to-commit-crime", "unpaid-household-work", "forced-to-work"])
        == "Labour, Domestic & Criminal"
    )
    assert statistics_category(["other"]) == "Not specified or unknown"
    assert statistics_category([]) == "Not specified or unknown"


@pytest.mark.django_db
def test_the_owners_of_new_tasks_are_told_without_the_victims_details(client_for, personas, mailoutbox):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    answer(client, draft, CHILD_ANSWERS)
    client.post(reverse("cases:report-check", args=[draft.pk]))
    case = Case.objects.get()
    assert mailoutbox, "the owning organisations are e-mailed"
    body = "\n".join(m.body for m in mailoutbox)
    assert case.reference in body
    assert "Testova" not in body and "Ana" not in body


@pytest.mark.django_db
def test_submitting_twice_opens_one_case(client_for):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    answer(client, draft, CHILD_ANSWERS)
    first = client.post(reverse("cases:report-check", args=[draft.pk]))
    second = client.post(reverse("cases:report-check", args=[draft.pk]))
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"] == reverse("cases:report-done", args=[Case.objects.get().pk])


@pytest.mark.django_db
def test_an_adult_not_yet_asked_about_consent_who_will_not_co_operate_stays_anonymous(client_for):
    client = client_for("council_caseworker")
    draft = start_draft(client)
    response = answer(
        client,
        draft,
        [
            ("danger", {"immediate_danger": "no"}),
            ("age", {"under_18": "no"}),
            ("exploited-as-child", {"under_18_during_exploitation": "no"}),
            ("where", {"nation": "england", "area": "Testford"}),
            ("consent", {"consents_to_nrm": "not_sure"}),
            ("care-needs", {"care_and_support_needs": "no"}),
            ("co-operation", {"cooperates_with_authorities": "not_sure"}),
        ],
    )
    assert response["Location"] == reverse("cases:report-step", args=[draft.pk, "person-anonymous"])
