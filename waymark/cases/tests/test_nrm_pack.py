"""The NRM referral pack: a case in the Home Office form's own questions, words and order, naming what
is missing; the Duty to Notify keeps an adult who has not consented anonymous; exports are audited."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from waymark.cases import nrm_pack
from waymark.cases.models import Case, CasePerson, Task, TaskStatus
from waymark.cases.nrm_pack import (
    DUTY_TO_NOTIFY,
    NRM,
    CaseData,
    LocalAuthority,
    PersonData,
    TaskData,
    assemble_pack,
    redact,
)
from waymark.cases.tests.factories import open_child_case
from waymark.cases.tests.factories_pack import ZOFIA, ZOFIA_IDENTIFIERS, open_adult_case, open_case_with_facts
from waymark.core.models import AuditEntry

FIELDS = json.loads((nrm_pack.DATA / "nrm-fields.json").read_text(encoding="utf-8"))
PAGES = json.loads((nrm_pack.DATA / "nrm-pages.json").read_text(encoding="utf-8"))

CHILD = {"nation": "england", "age_group": "child"}
AGE_UNKNOWN = {"nation": "england", "age_group": "unknown"}
ADULT_CONSENTS = {"nation": "england", "age_group": "adult", "consents_to_nrm": True}
ADULT_DECLINES = {"nation": "england", "age_group": "adult", "consents_to_nrm": False}
ADULT_DECLINES_COOPERATES = {**ADULT_DECLINES, "cooperates_with_authorities": True}
ADULT_NOT_ASKED = {"nation": "england", "age_group": "adult"}
ROUTES = {
    "child": CHILD,
    "age-unknown": AGE_UNKNOWN,
    "adult-consents": ADULT_CONSENTS,
    "adult-declines": ADULT_DECLINES,
    "adult-declines-cooperates": ADULT_DECLINES_COOPERATES,
    "adult-not-asked": ADULT_NOT_ASKED,
    "no-decision": {},
}
VICTIM = PersonData(
    given_names="Zofia",
    family_name="Quennell-Marsh",
    aliases=("Zosia Q",),
    date_of_birth=date(1990, 7, 14),
    gender="female",
    nationalities=("Polish", "Lithuanian"),
    languages=("Polish",),
    contact="07700 900123, zofia.qm@example.net",
)
NAME_AND_CONTACT_KEYS = {
    "pv-name-first-name",
    "pv-name-last-name",
    "pv-name-nickname",
    "pv-dob",
    "pv-contact-details",
}


def case_data(facts, **fields) -> CaseData:
    return CaseData(**{"reference": "TF-2026-000042", "facts": facts, "nation": "england", "victim": VICTIM, **fields})


def keys(pack) -> list[str]:
    return [q.key for q in pack.questions]


def expected_label(key: str) -> str:
    """The form's wording, read straight from its files."""
    field = FIELDS[key]
    if key == "pv-want-to-submit-nrm":
        return PAGES[key]["header"]
    return field.get("legend") or field.get("label") or PAGES[key]["header"]


def expected_hint(key: str) -> str:
    field = FIELDS[key]
    if "hint" in field:
        return field["hint"]
    # A question with a legend shows its label as guidance under it (what-happened).
    return field["label"] if "legend" in field and "label" in field else ""


# The form's own order and words ----------------------------------------------------------------------


@pytest.mark.parametrize("facts", ROUTES.values(), ids=ROUTES.keys())
def test_sections_follow_the_order_of_the_home_office_form(facts):
    pack = assemble_pack(case_data(facts))
    sections = [s.key for s in pack.sections]
    page_order = list(PAGES)
    assert set(sections) <= set(PAGES), set(sections) - set(PAGES)
    assert sections == sorted(sections, key=page_order.index)
    assert len(sections) == len(set(sections))


@pytest.mark.parametrize("facts", ROUTES.values(), ids=ROUTES.keys())
def test_every_question_is_one_of_the_forms_own_in_its_own_words(facts):
    pack = assemble_pack(case_data(facts))
    for question in pack.questions:
        assert question.key in FIELDS, question.key
        assert question.label == expected_label(question.key), question.key
        assert question.hint == expected_hint(question.key), question.key
    for section in pack.sections:
        titles = (PAGES[section.key].get("header"), PAGES["confirm"]["fields"].get(section.key, {}).get("label"))
        assert section.title in titles, section.key


def test_questions_read_exactly_as_the_home_office_asks_them():
    pack = assemble_pack(case_data(ADULT_CONSENTS, exploitation_types=("forced-to-work",)))
    labels = {q.key: q.label for q in pack.questions}
    assert labels["pv-under-age"] == "Is the potential victim under 18?"
    assert labels["pv-under-age-at-time-of-exploitation"] == "Were they under 18 at any time during the exploitation?"
    assert labels["types-of-exploitation-forced-to-work"] == "Forced to work for nothing or almost nothing"
    assert labels["pv-gender"] == "What is their gender?"
    assert (
        labels["pv-want-to-submit-nrm"] == "Does the potential victim consent to having their case referred to the NRM?"
    )
    assert pack.question("types-of-exploitation-forced-to-work").hint.startswith("Victims may live in isolated areas")
    assert [s.title for s in pack.sections][:2] == ["Is the potential victim under 18?", "What did they say happened?"]


def test_the_pack_carries_the_home_office_attribution():
    assert "UKHomeOffice/modern-slavery" in nrm_pack.SOURCE
    assert "MIT licence, Crown copyright" in nrm_pack.SOURCE
    assert len(FIELDS) == 140
    assert (nrm_pack.DATA / "README.md").read_text().count("MIT licence, Crown copyright") == 1


# What is missing --------------------------------------------------------------------------------------


def test_missing_answers_are_flagged_and_counted():
    without = assemble_pack(case_data(CHILD))
    question = without.question("when-did-the-exploitation-take-place")
    assert question.answer is None and question.missing

    with_it = assemble_pack(case_data(CHILD, when_exploited="From spring 2025 until last month"))
    question = with_it.question("when-did-the-exploitation-take-place")
    assert question.answer == "From spring 2025 until last month" and not question.missing
    assert with_it.missing_count == without.missing_count - 1
    assert without.missing_count == sum(q.missing for q in without.questions) > 0


def test_questions_nothing_in_waymark_answers_are_missing_and_optional_ones_never_are():
    pack = assemble_pack(case_data(ADULT_CONSENTS))
    for key in ("how-did-the-exploitation-start", "why-are-you-making-the-referral", "fr-details-role", "birthplace"):
        assert pack.question(key).missing, key
    nickname_unknown = assemble_pack(case_data(ADULT_CONSENTS, victim=PersonData(given_names="Ana")))
    assert nickname_unknown.question("pv-name-nickname").answer is None
    assert not nickname_unknown.question("pv-name-nickname").missing
    assert not nickname_unknown.question("pv-dob").missing


def test_with_no_type_of_exploitation_the_form_needs_one_so_one_answer_is_missing():
    pack = assemble_pack(case_data(CHILD))
    types = [q for q in pack.questions if q.key.startswith("types-of-exploitation-")]
    assert len(types) == 10
    assert [q.key for q in types if q.missing] == ["types-of-exploitation-forced-to-work"]


# The routes through the form ----------------------------------------------------------------------------


def test_a_child_is_referred_to_the_nrm_without_their_consent():
    pack = assemble_pack(case_data(CHILD))
    assert pack.variant == NRM
    assert pack.title == "NRM referral pack"
    assert pack.answer("pv-under-age") == "Yes"
    assert pack.answer("pv-want-to-submit-nrm") == "Yes"
    assert "their consent is not required" in pack.question("pv-want-to-submit-nrm").note
    assert "local-authority-contacted-about-child" in [s.key for s in pack.sections]
    assert pack.answer("pv-name-first-name") == "Zofia"
    # The form skips these for a child: no under-18-at-the-time question, no support request, no contact route.
    assert not {"pv-under-age-at-time-of-exploitation", "does-pv-need-support", "who-contact"} & set(keys(pack))


def test_someone_whose_age_is_not_known_is_treated_as_a_child():
    pack = assemble_pack(case_data(AGE_UNKNOWN))
    assert pack.variant == NRM
    assert pack.answer("pv-under-age") == "Not Sure"
    assert "local-authority-contacted-about-child-local-authority-name" in keys(pack)


def test_an_adult_who_consents_is_referred_with_their_details():
    pack = assemble_pack(case_data({**ADULT_CONSENTS, "under_18_during_exploitation": True}))
    assert pack.variant == NRM
    assert pack.answer("pv-under-age") == "No"
    assert pack.answer("pv-under-age-at-time-of-exploitation") == "Yes"
    assert pack.answer("pv-want-to-submit-nrm").startswith("Yes - I have explained this to the potential victim")
    assert pack.answer("pv-dob") == "14 July 1990"
    assert pack.answer("pv-contact-details") == "07700 900123, zofia.qm@example.net"
    assert pack.answer("pv-nationality") == "Polish"
    assert pack.answer("pv-nationality-second") == "Lithuanian"
    assert {"does-pv-need-support", "who-contact", "fr-details-first-name"} <= set(keys(pack))
    assert "local-authority-contacted-about-child" not in [s.key for s in pack.sections]
    assert pack.identifying_details_included


@pytest.mark.parametrize("facts", [ADULT_DECLINES, ADULT_NOT_ASKED, {}], ids=["declined", "not-asked", "no-decision"])
def test_an_adult_who_has_not_consented_gets_a_duty_to_notify_with_only_gender_nationality_and_the_facts(facts):
    pack = assemble_pack(case_data(facts, what_happened="Zofia was made to work 14 hours a day at a car wash."))
    assert pack.variant == DUTY_TO_NOTIFY
    assert pack.title == "Duty to Notify pack"
    assert not pack.identifying_details_included
    assert pack.answer("pv-gender") == "Female"
    assert pack.answer("pv-nationality") == "Polish"
    assert pack.answer("what-happened") == "[removed] was made to work 14 hours a day at a car wash."
    assert not NAME_AND_CONTACT_KEYS & set(keys(pack))
    # Nothing about where they live or come from, and nothing only a referral asks.
    sections = {s.key for s in pack.sections}
    assert not sections & {"what-is-their-background", "current-pv-location", "fr-details", "does-pv-need-support"}
    dumped = json.dumps(pack.to_json())
    for identifier in ["Zofia", "Quennell", "Marsh", "Zosia", "1990", "07700", "zofia.qm"]:
        assert identifier not in dumped


def test_the_reason_for_refusing_is_asked_only_of_someone_who_said_no():
    assert "refuse-nrm" in keys(assemble_pack(case_data(ADULT_DECLINES)))
    assert "refuse-nrm" not in keys(assemble_pack(case_data(ADULT_NOT_ASKED)))
    not_asked = assemble_pack(case_data(ADULT_NOT_ASKED)).question("pv-want-to-submit-nrm")
    assert not_asked.missing and "only a Duty to Notify" in not_asked.note


def test_a_duty_to_notify_names_them_and_gives_contact_details_only_if_they_cooperate():
    pack = assemble_pack(case_data(ADULT_DECLINES_COOPERATES, what_happened="Zofia was made to work."))
    assert pack.variant == DUTY_TO_NOTIFY
    assert pack.identifying_details_included
    assert pack.answer("authorities-cooperation") == "Yes"
    assert pack.answer("pv-name-first-name") == "Zofia"
    assert pack.answer("pv-name-last-name") == "Quennell-Marsh"
    assert pack.answer("pv-contact-details") == "07700 900123, zofia.qm@example.net"
    assert pack.answer("what-happened") == "Zofia was made to work."
    # The Duty to Notify form never asks for a date of birth.
    assert "pv-dob" not in keys(pack)
    assert [s.key for s in pack.sections].index("pv-name-dtn") < [s.key for s in pack.sections].index("pv-gender")


def test_someone_recorded_as_anonymous_stays_anonymous_even_when_the_route_allows_names():
    anonymous = PersonData(**{**VICTIM.__dict__, "anonymous": True})
    pack = assemble_pack(case_data(ADULT_DECLINES_COOPERATES, victim=anonymous, what_happened="Zofia said so."))
    assert not pack.identifying_details_included
    assert pack.answer("pv-name-first-name") is None
    assert pack.question("pv-name-first-name").missing
    assert pack.answer("pv-contact-details") is None
    assert pack.answer("what-happened") == "[removed] said so."
    assert "Zofia" not in json.dumps(pack.to_json())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zofia Quennell-Marsh told us.", "[removed] told us."),
        ("QUENNELL-MARSH and zosia q were seen.", "[removed] and [removed] were seen."),
        ("Born 14/07/1990, or 14.7.90, or 1990-07-14.", "Born [removed], or [removed], or [removed]."),
        ("Born on 14th July 1990 (July 14, 1990).", "Born on [removed] ([removed])."),
        ("Call +44 7700 900123 or 07700900123.", "Call [removed] or [removed]."),
        ("Her friend's number is 01632 960 111.", "Her friend's number is [removed]."),
        ("Write to someone@example.org.", "Write to [removed]."),
        ("Picked up by Vasile Pop in a white van in 2025.", "Picked up by Vasile Pop in a white van in 2025."),
        ("Case TF-2026-000042, 14 hours a day.", "Case TF-2026-000042, 14 hours a day."),
    ],
)
def test_free_text_loses_the_potential_victims_names_dates_of_birth_numbers_and_addresses(text, expected):
    assert redact(text, VICTIM) == expected


# Answers taken from the case --------------------------------------------------------------------------


def test_types_of_exploitation_and_indicators_come_from_the_case():
    pack = assemble_pack(
        case_data(
            CHILD,
            exploitation_types=("forced-to-commit-crime", "other"),
            indicators=("ilo-debt-bondage", "signs-isolation"),
        )
    )
    assert pack.answer("types-of-exploitation-forced-to-commit-crime") == "Yes"
    assert pack.answer("types-of-exploitation-prostitution") == "No"
    assert pack.answer("types-of-exploitation-other") == "Yes"
    assert pack.question("other-exploitation-details").missing
    assert pack.answer("modern-slavery-indicators") == "Yes: Debt bondage; Isolation"


@pytest.mark.parametrize(
    ("location", "places", "expected"),
    [
        (
            "uk",
            ("Testford", "Kettleford"),
            {
                "where-exploitation-happened": "UK",
                "where-exploitation-happened-uk-city-1": "Testford",
                "where-exploitation-happened-uk-city-2": "Kettleford",
            },
        ),
        (
            "overseas",
            ("Romania",),
            {"where-exploitation-happened": "Overseas", "where-exploitation-happened-overseas-country-1": "Romania"},
        ),
        (
            "uk_and_overseas",
            ("Testford", "Romania"),
            {
                "where-exploitation-happened": "UK and Overseas",
                "where-exploitation-happened-uk-city-1": None,
                "where-exploitation-happened-overseas-country-1": None,
            },
        ),
        ("", ("Testford",), {"where-exploitation-happened": None, "where-exploitation-happened-uk-city-1": None}),
    ],
    ids=["uk", "overseas", "both", "not-known"],
)
def test_where_they_were_exploited_fills_the_forms_town_and_country_boxes(location, places, expected):
    pack = assemble_pack(case_data(CHILD, exploitation_location=location, locations=places))
    assert {key: pack.answer(key) for key in expected} == expected
    if location in ("uk_and_overseas", ""):
        assert "Testford" in pack.question("where-exploitation-happened-uk-city-1").note


def test_more_than_ten_places_go_in_the_address_or_location_box():
    towns = tuple(f"Town {n}" for n in range(1, 13))
    pack = assemble_pack(case_data(CHILD, exploitation_location="uk", locations=towns))
    assert pack.answer("where-exploitation-happened-uk-city-10") == "Town 10"
    assert pack.answer("where-exploitation-happened-other-uk-other-location") == "Town 11, Town 12"


def police_task(status: str) -> TaskData:
    return TaskData("police_report", "Report to the police", status, status.title(), "Testshire Police", True)


@pytest.mark.parametrize(
    ("status", "answer"), [("done", "Yes"), ("cannot_do", "No"), ("open", None), ("accepted", None)]
)
def test_reported_to_police_comes_from_the_police_report_task(status, answer):
    pack = assemble_pack(case_data(ADULT_CONSENTS, tasks=(police_task(status),)))
    assert pack.answer("reported-to-police") == answer
    if status == "done":
        assert pack.answer("reported-to-police-police-forces") == "Testshire Police"
        assert pack.question("reported-to-police-crime-reference").missing


def test_the_local_authority_is_named_once_childrens_social_care_has_been_contacted():
    la = LocalAuthority(
        name="Testford Council", phone="01632 960 300", email="mash@testford.example", front_door="MASH"
    )
    task = TaskData(
        "children_social_care_referral", "Refer to children's social care", "open", "Open", "Testford Council"
    )
    waiting = assemble_pack(case_data(CHILD, local_authority=la, tasks=(task,)))
    assert waiting.answer("local-authority-contacted-about-child-local-authority-name") is None
    assert "is open" in waiting.question("local-authority-contacted-about-child-local-authority-name").note

    done = assemble_pack(case_data(CHILD, local_authority=la, tasks=(TaskData(**{**task.__dict__, "status": "done"}),)))
    assert done.answer("local-authority-contacted-about-child-local-authority-name") == "Testford Council"
    assert done.answer("local-authority-contacted-about-child-local-authority-phone") == "01632 960 300"
    assert done.answer("local-authority-contacted-about-child-local-authority-email") == "mash@testford.example"


def test_cooperation_other_organisations_and_other_victims_come_from_the_case():
    support = TaskData("support_outside_nrm", "Offer support outside the NRM", "accepted", "Accepted", "Brightway")
    pack = assemble_pack(
        case_data(
            {**ADULT_DECLINES, "cooperates_with_authorities": False},
            referrer="Testford Council",
            tasks=(support,),
            other_victims=2,
            exploiters=(
                PersonData(given_names="Vasile", family_name="Pop", gender="male", nationalities=("Romanian",)),
            ),
        )
    )
    assert pack.answer("authorities-cooperation") == "No"
    assert pack.answer("are-others-involved") == "Yes"
    assert pack.answer("are-others-involved-details") == "Brightway: Offer support outside the NRM (accepted)"
    assert pack.answer("any-other-pvs") == "Yes"
    assert (
        pack.answer("other-potential-victims-yes-details")
        == "2 other potential victims recorded on case TF-2026-000042."
    )
    assert pack.answer("who-exploited-pv") == "Vasile Pop, male, Romanian"


def test_your_organisation_is_the_referrer_as_the_home_office_list_spells_it():
    listed = assemble_pack(case_data(CHILD, referrer="Salvation Army", referrer_listing="The Salvation Army"))
    assert listed.answer("user-organisation") == "The Salvation Army"
    assert listed.answer("fr-location") == "England"
    assert listed.answer("reference") == "TF-2026-000042"

    referral_task = TaskData("nrm_referral", "Make the referral", "open", "Open", "Testshire Police", True)
    not_a_first_responder = assemble_pack(case_data(CHILD, referrer="Brightway", tasks=(referral_task,)))
    question = not_a_first_responder.question("user-organisation")
    assert question.missing
    assert question.note == (
        "Brightway, who referred the case, is not a First Responder Organisation. "
        "The referral task is with Testshire Police."
    )


# The page, the PDF and the JSON -------------------------------------------------------------------------


def pdf_text(content: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed to read the PDF"
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_page_shows_the_forms_sections_with_missing_answers_tagged_and_counted(world, personas, client_for):
    case = open_child_case(world, personas["council_caseworker"], when_exploited="Since March")
    pack = nrm_pack.build_pack(case)
    response = client_for("council_caseworker").get(reverse("cases:nrm-pack", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">NRM referral pack</h1>' in html
    assert f"{pack.missing_count} of {pack.question_count} questions</strong> still need an answer" in html
    assert html.count('govuk-tag--red">Missing</strong>') == pack.missing_count
    assert html.count('<h2 class="govuk-heading-m') == len(pack.sections)
    assert "Is the potential victim under 18?" in html and "Since March" in html
    assert reverse("cases:nrm-pack-pdf", args=[case.pk]) in html
    assert reverse("cases:nrm-pack-json", args=[case.pk]) in html
    assert "MIT licence, Crown copyright" in html
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_is_an_a4_attachment_in_liberation_sans_with_no_links(world, personas, client_for, tmp_path):
    case = open_child_case(world, personas["council_caseworker"])
    response = client_for("council_caseworker").get(reverse("cases:nrm-pack-pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="nrm-pack-{case.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    content = response.content
    assert content.startswith(b"%PDF-")
    assert b"/URI" not in content
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Liberation-Sans" in fonts or "Arial" in fonts
    text = pdf_text(content, tmp_path)
    assert "NRM referral pack" in text and "Is the potential victim under 18?" in text and "MISSING" in text
    assert "Ana" in text and "Testova" in text


def test_the_json_is_an_attachment_with_every_question_by_its_form_key(world, personas, client_for):
    case = open_child_case(world, personas["council_caseworker"])
    response = client_for("council_caseworker").get(reverse("cases:nrm-pack-json", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="nrm-pack-{case.reference}.json"'
    data = json.loads(response.content)
    assert data["variant"] == "nrm" and data["case_reference"] == case.reference
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert data["missing_count"] == sum(q["missing"] for q in questions) and data["question_count"] == len(questions)
    first = questions[0]
    assert first == {
        "key": "pv-under-age",
        "label": "Is the potential victim under 18?",
        "hint": "",
        "answer": "Yes",
        "missing": False,
        "optional": False,
        "note": "",
    }
    assert "UKHomeOffice/modern-slavery" in data["source"]


def test_viewing_is_audited_and_each_export_is_audited_as_an_export(world, personas, client_for):
    case = open_child_case(world, personas["council_caseworker"])
    client = client_for("council_caseworker")
    before = AuditEntry.objects.count()
    client.get(reverse("cases:nrm-pack", args=[case.pk]))
    client.get(reverse("cases:nrm-pack-pdf", args=[case.pk]))
    client.get(reverse("cases:nrm-pack-json", args=[case.pk]))
    entries = list(AuditEntry.objects.order_by("sequence")[before:])
    assert [(e.action, e.detail) for e in entries] == [
        ("view", {"pack": "nrm"}),
        ("export", {"pack": "nrm", "format": "pdf"}),
        ("export", {"pack": "nrm", "format": "json"}),
    ]
    for entry in entries:
        assert (entry.object_type, entry.object_id) == ("cases.Case", str(case.pk))
        assert entry.user_email == "cathy@testford.example"
        assert "nrm-pack" in entry.path


@pytest.mark.parametrize("persona", ["charity_caseworker", "intelligence_officer", "outsider"])
@pytest.mark.parametrize("name", ["cases:nrm-pack", "cases:nrm-pack-pdf", "cases:nrm-pack-json"])
def test_someone_who_cannot_see_the_case_gets_not_found_and_nothing_is_exported(
    world, personas, client_for, persona, name
):
    case = open_child_case(world, personas["council_caseworker"])
    before = AuditEntry.objects.count()
    response = client_for(persona).get(reverse(name, args=[case.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before
    assert b"Testova" not in response.content


def test_an_adult_who_declined_is_not_identified_in_the_page_the_json_or_the_pdf(world, personas, client_for, tmp_path):
    case = open_adult_case(
        world,
        personas["council_caseworker"],
        consents=False,
        what_happened="Zofia Quennell-Marsh (Zosia Q), born 14 July 1990, rang from 07700 900123.",
    )
    client = client_for("council_caseworker")
    page = client.get(reverse("cases:nrm-pack", args=[case.pk])).content.decode()
    exported = client.get(reverse("cases:nrm-pack-json", args=[case.pk])).content.decode()
    pdf = pdf_text(client.get(reverse("cases:nrm-pack-pdf", args=[case.pk])).content, tmp_path)
    for where, text in (("page", page), ("JSON", exported), ("PDF", pdf)):
        assert "Duty to Notify pack" in text, where
        for identifier in ZOFIA_IDENTIFIERS:
            assert identifier.lower() not in text.lower(), f"{identifier!r} is in the {where}"
        assert "Female" in text and "Polish" in text, where
    assert json.loads(exported)["variant"] == "duty_to_notify"


def test_an_adult_who_declined_but_cooperates_is_named_in_all_three(world, personas, client_for, tmp_path):
    case = open_adult_case(world, personas["council_caseworker"], consents=False, cooperates=True)
    client = client_for("council_caseworker")
    page = client.get(reverse("cases:nrm-pack", args=[case.pk])).content.decode()
    exported = client.get(reverse("cases:nrm-pack-json", args=[case.pk])).content.decode()
    pdf = pdf_text(client.get(reverse("cases:nrm-pack-pdf", args=[case.pk])).content, tmp_path)
    for text in (page, exported, pdf):
        assert "Duty to Notify pack" in text
        assert "Zofia" in text and "Quennell-Marsh" in text and "07700 900123" in text
        assert "14 July 1990" not in text and "1990-07-14" not in text


def test_a_task_marked_done_changes_the_pack(world, personas):
    case = open_adult_case(world, personas["council_caseworker"], consents=True)
    assert nrm_pack.build_pack(case).answer("reported-to-police") is None
    Task.objects.filter(case=case, code="police_report").update(status=TaskStatus.DONE)
    pack = nrm_pack.build_pack(case)
    assert pack.answer("reported-to-police") == "Yes"
    assert pack.answer("reported-to-police-police-forces") is None  # the referrer owns the task, not a force


def test_an_age_unknown_case_through_the_service_gets_the_local_authority_from_the_partnership(world, personas):
    case = open_case_with_facts(world, personas["council_caseworker"], {"age_group": "unknown"}, people=[dict(ZOFIA)])
    Task.objects.filter(case=case, code="children_social_care_referral").update(status=TaskStatus.DONE)
    pack = nrm_pack.build_pack(case)
    assert pack.answer("pv-under-age") == "Not Sure"
    assert pack.answer("local-authority-contacted-about-child-local-authority-name") == "Testford Council"
    assert pack.answer("local-authority-contacted-about-child-local-authority-phone") == "01632 960 300"


def test_a_case_from_a_public_report_with_no_decision_yet_discloses_nothing_identifying(world):
    case = Case.objects.create(
        reference="TF-2026-000900",
        partnership=world.testford,
        source="public",
        what_happened="A woman called Zofia works at the car wash every night.",
    )
    CasePerson.objects.create(case=case, **ZOFIA)
    pack = nrm_pack.build_pack(case)
    assert pack.variant == DUTY_TO_NOTIFY
    assert pack.answer("pv-under-age") is None and pack.question("pv-under-age").missing
    assert pack.answer("what-happened") == "A woman called [removed] works at the car wash every night."
    assert "no pathway decision" in pack.notices[0]
    assert pack.question("user-organisation").note.startswith("The case came from a member of the public.")
    for identifier in ZOFIA_IDENTIFIERS:
        assert identifier not in json.dumps(pack.to_json())
