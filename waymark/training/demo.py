"""Demo training for Northshire (called by `manage.py seed_demo`): the default levels and cohorts in
each partnership; the county's training menu with the Home Office first responder e-learning; a held
session with its attendance and an upcoming one with a waiting list; registers for the county
council and the integrated care board (their training leads are demo users) with staff trained,
expiring within 90 days and untrained; two awareness events and three materials. Fictional.

Dates are counted from today, so the expiring and upcoming records stay so whenever it is run."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from waymark.accounts.models import User
from waymark.partners.models import Organisation, Partnership

from .compliance import add_months
from .models import (
    AwarenessEvent,
    AwarenessEventKind,
    AwarenessMaterial,
    AwarenessMaterialKind,
    Booking,
    BookingStatus,
    Cohort,
    Completion,
    CompletionSource,
    Course,
    CourseFormat,
    CourseSession,
    SessionStatus,
    StaffMember,
    TrainingLevel,
)
from .services import seed_default_framework

COUNTY = "Northshire Anti-Slavery Partnership"
KETTLEFORD = "Kettleford Anti-Slavery Partnership"
MARSH_VALE = "Marsh Vale Modern Slavery Network"
DOMAIN = "northshire.example"
HOME_OFFICE_COURSE = "Modern slavery first responder e-learning"

COUNCIL = "Northshire County Council"
ICB = "Northshire Integrated Care Board"

# title, provider (an organisation's name, or ("external", name)), level numbers, format, minutes, description
COURSES = [
    (
        "Modern slavery awareness",
        COUNCIL,
        [1],
        CourseFormat.E_LEARNING,
        45,
        "What modern slavery is, the signs to look for and who to tell. For all staff and volunteers.",
    ),
    (
        HOME_OFFICE_COURSE,
        ("external", "Home Office"),
        [3],
        CourseFormat.E_LEARNING,
        90,
        "The Home Office's free course for first responders in four parts: overview, identification, "
        "explanation and referral into the National Referral Mechanism.",
    ),
    (
        "Spotting the signs: identification and referral",
        "Harbourlight Trust",
        [2],
        CourseFormat.CLASSROOM,
        180,
        "Case studies from Northshire, safe questions, and the local referral routes, with a Harbourlight "
        "caseworker and an officer from the police Modern Slavery Unit.",
    ),
    (
        "Modern slavery for leaders and elected members",
        "Office of the Northshire Police and Crime Commissioner",
        [4],
        CourseFormat.WEBINAR,
        90,
        "The partnership's duties, what the data show, and the questions to ask about procurement and supply chains.",
    ),
]

# organisation, name, job title, team, cohort key, training: None (none), "trained", "expiring", "attended"
# (from the held session), "no_show"; leaving (days ago) for a leaver
STAFF = [
    (COUNCIL, "Helen Marsh", "Adult Safeguarding Lead", "Adult Social Care", "first_responders", "trained"),
    (COUNCIL, "Daniel Price", "MASH Social Worker", "Children's Services", "first_responders", "expiring"),
    (COUNCIL, "Amira Hussain", "Housing Options Officer", "Housing", "frontline_regular", "attended"),
    (COUNCIL, "Peter Walsh", "Customer Services Adviser", "Contact Centre", "frontline_regular", None),
    (COUNCIL, "Mark Evans", "Benefits Adviser", "Revenues and Benefits", "frontline_regular", "no_show"),
    (COUNCIL, "Lena Fischer", "Library Assistant", "Libraries", "occasional_contact", None),
    (COUNCIL, "Janet Cole", "Payroll Officer", "Finance", "little_contact", "trained"),
    (COUNCIL, "Robert Tan", "Director of Adult Services", "Adult Social Care", "strategic_leaders", "expiring"),
    (COUNCIL, "Cllr Margaret Byrne", "County Councillor", "Elected members", "elected_members", None),
    (COUNCIL, "Tom Reilly", "Highways Inspector", "Highways", "occasional_contact", "leaver"),
    (ICB, "Dr Samuel Adeyemi", "Designated Safeguarding Nurse", "Safeguarding", "first_responders", "trained"),
    (ICB, "Ola Bakare", "Community Nurse", "Community Services", "frontline_regular", "attended"),
    (
        ICB,
        "Susan Ahmed",
        "Continuing Healthcare Nurse Assessor",
        "Continuing Healthcare",
        "frontline_regular",
        "expiring",
    ),
    (ICB, "Kevin Doyle", "Patient Experience Officer", "Quality", "frontline_regular", None),
    (ICB, "Ruth Kemp", "Receptionist", "Estates", "frontline_regular", None),
    (ICB, "Priya Natarajan", "Commissioning Manager", "Commissioning", "occasional_contact", "trained"),
]
UPCOMING_BOOKED = ["Peter Walsh", "Kevin Doyle", "Lena Fischer", "Susan Ahmed"]
UPCOMING_WAITING = ["Mark Evans", "Ruth Kemp"]

# The course that takes each cohort to its level.
COURSE_FOR_COHORT = {
    "first_responders": HOME_OFFICE_COURSE,
    "frontline_regular": "Spotting the signs: identification and referral",
    "occasional_contact": "Modern slavery awareness",
    "little_contact": "Modern slavery awareness",
    "strategic_leaders": "Modern slavery for leaders and elected members",
    "elected_members": "Modern slavery for leaders and elected members",
}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_training(today: date | None = None) -> int:
    """Create the demo training once; returns how many courses were created (0 if already there)."""
    partnerships = {p.name: p for p in Partnership.objects.filter(name__in=[COUNTY, KETTLEFORD, MARSH_VALE])}
    for partnership in partnerships.values():
        seed_default_framework(partnership=partnership)
    county = partnerships.get(COUNTY)
    if county is None or Course.objects.filter(partnership=county, title=HOME_OFFICE_COURSE).exists():
        return 0
    today = today or timezone.localdate()
    organisations = {o.name: o for o in Organisation.objects.all()}
    users = {u.email: u for u in User.objects.filter(email__endswith=DOMAIN)}
    coordinator = users.get(f"coordinator@county.{DOMAIN}")
    levels = {level.number: level for level in TrainingLevel.objects.filter(partnership=county)}
    cohorts = {cohort.key: cohort for cohort in Cohort.objects.filter(partnership=county)}

    courses = {}
    for title, provider, numbers, course_format, minutes, description in COURSES:
        external = provider[1] if isinstance(provider, tuple) else ""
        course = Course.objects.create(
            partnership=county,
            title=title,
            provider_organisation=None if external else organisations[provider],
            external_provider=external,
            format=course_format,
            duration_minutes=minutes,
            description=description,
            materials_link=f"https://training.{DOMAIN}/courses/{len(courses) + 1}",
        )
        course.levels.set([levels[n] for n in numbers])
        courses[title] = course
    classroom = courses["Spotting the signs: identification and referral"]
    harbourlight = organisations["Harbourlight Trust"]
    held = CourseSession.objects.create(
        course=classroom,
        starts_at=_at(today - timedelta(days=30), 10),
        ends_at=_at(today - timedelta(days=30), 13),
        venue="Northshire County Hall, Committee Room 2",
        capacity=12,
        trainer_name="Chloe Adams",
        trainer_organisation=harbourlight,
        status=SessionStatus.HELD,
        attendance_recorded_at=_at(today - timedelta(days=29), 9),
        attendance_recorded_by=coordinator,
    )
    upcoming = CourseSession.objects.create(
        course=classroom,
        starts_at=_at(today + timedelta(days=21), 10),
        ends_at=_at(today + timedelta(days=21), 13),
        venue="Kettleford Civic Centre, Meeting Room 1",
        online_link=f"https://meet.{DOMAIN}/spotting-the-signs",
        capacity=len(UPCOMING_BOOKED),
        trainer_name="Chloe Adams",
        trainer_organisation=harbourlight,
    )

    staff = {}
    for organisation_name, name, job_title, team, cohort_key, training in STAFF:
        organisation = organisations[organisation_name]
        person = StaffMember.objects.create(
            partnership=county,
            organisation=organisation,
            full_name=name,
            job_title=job_title,
            team=team,
            reference=f"{organisation_name.split()[1][:3].upper()}{len(staff) + 1001}",
            cohort=cohorts[cohort_key],
            cohort_reason="Placed by the training lead",
            start_date=date(2019, 9, 2),
            leaving_date=today - timedelta(days=20) if training == "leaver" else None,
            user=next((u for u in users.values() if u.full_name == name), None),
        )
        staff[name] = person
        course = courses[COURSE_FOR_COHORT[cohort_key]]
        refresh = cohorts[cohort_key].refresh_months or 24
        lead = users.get(
            f"training.lead@county.{DOMAIN}" if organisation_name == COUNCIL else f"icb.safeguarding@icb.{DOMAIN}"
        )
        if training in ("trained", "expiring"):
            # Trained: eight months ago. Expiring: the refresh is due in about a month.
            completed_on = (
                add_months(today, -8) if training == "trained" else add_months(today, -refresh) + timedelta(days=30)
            )
            Completion.objects.create(
                staff_member=person, course=course, completed_on=completed_on, recorded_by=lead, note="Certificate seen"
            )
        if training in ("attended", "no_show"):
            booking = Booking.objects.create(
                session=held,
                staff_member=person,
                status=BookingStatus.ATTENDED if training == "attended" else BookingStatus.DID_NOT_ATTEND,
                booked_at=held.starts_at - timedelta(days=20),
                booked_by=lead,
            )
            if training == "attended":
                Completion.objects.create(
                    staff_member=person,
                    course=classroom,
                    completed_on=timezone.localdate(held.starts_at),
                    source=CompletionSource.ATTENDANCE,
                    booking=booking,
                    recorded_by=coordinator,
                )
    for name in UPCOMING_BOOKED:
        Booking.objects.create(session=upcoming, staff_member=staff[name], booked_at=timezone.now() - timedelta(days=5))
    for position, name in enumerate(UPCOMING_WAITING, start=1):
        Booking.objects.create(
            session=upcoming,
            staff_member=staff[name],
            status=BookingStatus.WAITING_LIST,
            waiting_list_position=position,
            booked_at=timezone.now() - timedelta(days=3 - position),
        )

    _awareness(partnerships, organisations, today, coordinator)
    return len(courses)


def _awareness(
    partnerships: dict[str, Partnership], organisations: dict[str, Organisation], today: date, by: User | None
) -> None:
    county, kettleford = partnerships[COUNTY], partnerships.get(KETTLEFORD)
    seminar = AwarenessEvent.objects.create(
        partnership=county,
        title="Anti-Slavery Day seminar: modern slavery in Northshire",
        kind=AwarenessEventKind.SEMINAR,
        held_on=today - timedelta(days=45),
        audience="Partner staff, councillors and local employers",
        reach=120,
        notes="Talks from the police Modern Slavery Unit and a survivor-led charity; 14 employers signed the pledge.",
        created_by=by,
    )
    seminar.organisations.set(
        [organisations[n] for n in ("Northshire Police", COUNCIL, "Harbourlight Trust", "Fenwick Growers Cooperative")]
    )
    if kettleford is not None:
        market = AwarenessEvent.objects.create(
            partnership=kettleford,
            title="Spot the signs stall at Kettleford market",
            kind=AwarenessEventKind.COMMUNITY,
            held_on=today - timedelta(days=12),
            audience="Shoppers and market traders",
            reach=300,
            notes="Leaflets handed out in English, Polish and Romanian.",
            created_by=by,
        )
        market.organisations.set(
            [
                organisations[n]
                for n in ("Open Door Advocacy", "St Brigid's Church, Kettleford", "Kettleford Community Larder")
            ]
        )
    for title, kind, edition, languages, review_date in [
        (
            "Spot the signs of modern slavery",
            AwarenessMaterialKind.LEAFLET,
            "3.0",
            "English, Polish, Romanian",
            today + timedelta(days=200),
        ),
        (
            "Worried someone is being exploited? Poster",
            AwarenessMaterialKind.POSTER,
            "2.1",
            "English",
            today - timedelta(days=10),
        ),
        (
            "Partners' guide to the NRM and the Duty to Notify",
            AwarenessMaterialKind.GUIDE,
            "1.2",
            "English",
            today + timedelta(days=90),
        ),
    ]:
        AwarenessMaterial.objects.create(
            partnership=county,
            title=title,
            kind=kind,
            edition=edition,
            link=f"https://{DOMAIN}/materials/{kind}",
            languages=languages,
            review_date=review_date,
        )
