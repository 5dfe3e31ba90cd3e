"""`python manage.py seed_demo`: the fictional county of Northshire, for demonstrations and trials.

Idempotent: running it again changes nothing that is already there. Refused unless DEMO_MODE is on,
because demo accounts have published passwords and two-factor secrets.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from waymark.accounts.models import User
from waymark.accounts.services import set_demo_device
from waymark.partners.models import Area, AreaKind, Membership, Organisation, Partnership, Role, RoleAssignment

DEMO_PASSWORD = "Northshire-demo-2026"
COUNTY = "Northshire Anti-Slavery Partnership"
KETTLEFORD = "Kettleford Anti-Slavery Partnership"
MARSH_VALE = "Marsh Vale Modern Slavery Network"

# name, kind, first responder, public authority (s52), e-mail domain, partnerships and membership kind
ORGANISATIONS = [
    (
        "Northshire Police",
        "police_force",
        True,
        True,
        "police",
        {COUNTY: "statutory", KETTLEFORD: "statutory", MARSH_VALE: "statutory"},
    ),
    ("Northshire County Council", "local_authority", True, True, "county", {COUNTY: "statutory"}),
    (
        "Kettleford Borough Council",
        "local_authority",
        True,
        True,
        "kettleford",
        {COUNTY: "statutory", KETTLEFORD: "statutory"},
    ),
    (
        "Marsh Vale District Council",
        "local_authority",
        True,
        True,
        "marshvale",
        {COUNTY: "statutory", MARSH_VALE: "statutory"},
    ),
    ("Northshire Integrated Care Board", "nhs_body", False, False, "icb", {COUNTY: "statutory"}),
    ("Kettleford Hospitals NHS Foundation Trust", "nhs_body", False, False, "hospitals", {KETTLEFORD: "statutory"}),
    (
        "Office of the Northshire Police and Crime Commissioner",
        "commissioners_office",
        False,
        False,
        "opcc",
        {COUNTY: "statutory"},
    ),
    ("Northern Labour Standards Unit", "government_agency", True, True, "labour", {COUNTY: "associate"}),
    (
        "Harbourlight Trust",
        "charity",
        True,
        False,
        "harbourlight",
        {COUNTY: "voluntary", KETTLEFORD: "voluntary", MARSH_VALE: "voluntary"},
    ),
    ("Open Door Advocacy", "charity", False, False, "opendoor", {KETTLEFORD: "voluntary"}),
    ("Safe Passage Refuge", "charity", False, False, "safepassage", {MARSH_VALE: "voluntary"}),
    ("St Brigid's Church, Kettleford", "faith_group", False, False, "stbrigids", {KETTLEFORD: "voluntary"}),
    ("Marsh Vale Mosque Welfare Committee", "faith_group", False, False, "mosque", {MARSH_VALE: "voluntary"}),
    ("Kettleford Community Larder", "community_group", False, False, "larder", {KETTLEFORD: "voluntary"}),
    ("Northshire Polish and Romanian Welcome Group", "community_group", False, False, "welcome", {COUNTY: "voluntary"}),
    ("Fenwick Growers Cooperative", "business", False, False, "fenwick", {MARSH_VALE: "associate"}),
    ("Northshire Victims' Hub", "other", False, False, "victimshub", {COUNTY: "voluntary"}),
]

# e-mail local part, full name, job title, organisation domain, [(partnership, role), ...]
USERS = [
    ("coordinator", "Priya Shah", "Anti-Slavery Partnership Coordinator", "county", [(COUNTY, "coordinator")]),
    (
        "kettleford.coordinator",
        "Tom Brennan",
        "Community Safety Manager",
        "kettleford",
        [(KETTLEFORD, "coordinator"), (KETTLEFORD, "board_member")],
    ),
    (
        "marshvale.coordinator",
        "Aisha Okafor",
        "Safeguarding Partnerships Officer",
        "marshvale",
        [(MARSH_VALE, "coordinator")],
    ),
    (
        "safeguarding.lead",
        "Helen Marsh",
        "Adult Safeguarding Lead",
        "county",
        [(COUNTY, "caseworker"), (COUNTY, "board_member")],
    ),
    (
        "childrens.mash",
        "Daniel Price",
        "MASH Social Worker",
        "county",
        [(COUNTY, "caseworker"), (COUNTY, "first_responder")],
    ),
    ("housing.officer", "Grace Lin", "Housing Options Officer", "kettleford", [(KETTLEFORD, "first_responder")]),
    ("kettleford.caseworker", "Marcus Bell", "Community Safety Officer", "kettleford", [(KETTLEFORD, "caseworker")]),
    (
        "marshvale.caseworker",
        "Sofia Nowak",
        "Early Help Worker",
        "marshvale",
        [(MARSH_VALE, "caseworker"), (MARSH_VALE, "first_responder")],
    ),
    (
        "intel.officer",
        "DC Rachel Forde",
        "Intelligence Officer, Modern Slavery Unit",
        "police",
        [(COUNTY, "intelligence_officer")],
    ),
    (
        "ds.khan",
        "DS Imran Khan",
        "Detective Sergeant, Modern Slavery Unit",
        "police",
        [(COUNTY, "intelligence_officer"), (COUNTY, "first_responder"), (COUNTY, "caseworker")],
    ),
    (
        "spoc",
        "PC Laura Wilde",
        "Modern Slavery Single Point of Contact",
        "police",
        [(KETTLEFORD, "first_responder"), (MARSH_VALE, "first_responder")],
    ),
    ("superintendent", "Supt. Gareth Ellis", "Superintendent, Public Protection", "police", [(COUNTY, "board_member")]),
    ("grants.officer", "Nadia Rahman", "Commissioning and Grants Officer", "opcc", [(COUNTY, "grants_officer")]),
    (
        "opcc.ceo",
        "Martin Hale",
        "Chief Executive and Monitoring Officer",
        "opcc",
        [(COUNTY, "board_member"), (COUNTY, "read_only"), (COUNTY, "chief_executive")],
    ),
    (
        "opcc.cfo",
        "Elaine Cho",
        "Chief Finance Officer",
        "opcc",
        [(COUNTY, "grants_officer"), (COUNTY, "read_only"), (COUNTY, "chief_finance_officer")],
    ),
    ("commissioner", "Helen Carter", "Police and Crime Commissioner", "opcc", [(COUNTY, "commissioner")]),
    ("deputy.commissioner", "Omar Farouk", "Deputy Police and Crime Commissioner", "opcc", [(COUNTY, "commissioner")]),
    (
        "icb.safeguarding",
        "Dr Samuel Adeyemi",
        "Designated Safeguarding Nurse",
        "icb",
        [(COUNTY, "board_member"), (COUNTY, "training_lead")],
    ),
    (
        "hospital.safeguarding",
        "Fiona Grant",
        "Named Nurse for Safeguarding Adults",
        "hospitals",
        [(KETTLEFORD, "caseworker")],
    ),
    (
        "labour.inspector",
        "Owen Pritchard",
        "Labour Standards Inspector",
        "labour",
        [(COUNTY, "intelligence_officer"), (COUNTY, "first_responder")],
    ),
    (
        "harbourlight.caseworker",
        "Chloe Adams",
        "Victim Care Caseworker",
        "harbourlight",
        [(COUNTY, "caseworker"), (COUNTY, "first_responder")],
    ),
    (
        "harbourlight.manager",
        "Ben Osei",
        "Services Manager",
        "harbourlight",
        [(KETTLEFORD, "caseworker"), (MARSH_VALE, "caseworker")],
    ),
    ("advocate", "Joanna Kowalczyk", "Independent Modern Slavery Advocate", "opendoor", [(KETTLEFORD, "caseworker")]),
    ("refuge.manager", "Ruth Ndlovu", "Refuge Manager", "safepassage", [(MARSH_VALE, "caseworker")]),
    ("stbrigids", "Father Michael Dunne", "Parish Priest", "stbrigids", [(KETTLEFORD, "read_only")]),
    ("mosque.welfare", "Yusuf Hamid", "Welfare Officer", "mosque", [(MARSH_VALE, "read_only")]),
    ("larder", "Kerry Walsh", "Volunteer Coordinator", "larder", [(KETTLEFORD, "read_only")]),
    ("welcome.group", "Andrei Popescu", "Community Link Worker", "welcome", [(COUNTY, "read_only")]),
    ("fenwick.hr", "Lucy Fenwick", "HR Director", "fenwick", [(MARSH_VALE, "board_member")]),
    ("training.lead", "Ian Moss", "Workforce Development Lead", "county", [(COUNTY, "training_lead")]),
    ("victimshub", "Sarah Oduya", "Hub Manager", "victimshub", [(COUNTY, "caseworker")]),
]


def demo_email(local: str, domain: str) -> str:
    return f"{local}@{domain}.northshire.example"


class Command(BaseCommand):
    help = "Creates the fictional Northshire partnerships, organisations and demo users (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data has published passwords: set DEMO_MODE=1 to create it.")
        with transaction.atomic():
            partnerships = self._partnerships()
            organisations = self._organisations(partnerships)
            for partnership in partnerships.values():
                partnership.refresh_from_db()
            created = self._users(partnerships, organisations)
            from waymark.cases.demo import seed_cases  # the cases app builds on the partners app

            cases = seed_cases()
            from waymark.governance.demo import seed_governance  # so does governance

            groups = seed_governance()
            from waymark.training.demo import seed_training  # and training

            courses = seed_training()
            from waymark.funding.demo import seed_funding  # and funding

            grants = seed_funding()
        self.stdout.write(
            f"Northshire demo ready: {len(partnerships)} partnerships, {len(organisations)} organisations, "
            f"{len(USERS)} users ({created} new), {cases} new demo cases and public reports, "
            f"{groups} new governance groups, {courses} new training courses, {grants} new grants. "
            f"Password for every demo user: {DEMO_PASSWORD}"
        )

    def _partnerships(self) -> dict[str, Partnership]:
        police_area, _ = Area.objects.get_or_create(name="Northshire", kind=AreaKind.POLICE_FORCE)
        kettleford_area, _ = Area.objects.get_or_create(name="Kettleford", kind=AreaKind.LOCAL_AUTHORITY)
        marsh_vale_area, _ = Area.objects.get_or_create(name="Marsh Vale", kind=AreaKind.LOCAL_AUTHORITY)
        county_area, _ = Area.objects.get_or_create(name="Northshire County", kind=AreaKind.LOCAL_AUTHORITY)
        common = {
            "police_force_area": police_area,
            "police_single_point_of_contact": "Northshire Police Modern Slavery Unit, 01632 960 101",
            "adult_safeguarding_contact": "Northshire Adult Social Care, 01632 960 200",
        }
        county, _ = Partnership.objects.get_or_create(
            name=COUNTY,
            defaults={
                **common,
                "childrens_social_care_front_door": "Northshire MASH, 01632 960 300",
                "ictg_service_operates": True,
                "local_support_service": "Harbourlight Trust advocacy service, 01632 960 400",
            },
        )
        county.local_authority_areas.add(county_area, kettleford_area, marsh_vale_area)
        kettleford, _ = Partnership.objects.get_or_create(
            name=KETTLEFORD,
            defaults={
                **common,
                "parent": county,
                "childrens_social_care_front_door": "Northshire MASH, 01632 960 300",
                "ictg_service_operates": True,
                "local_support_service": "Open Door Advocacy, 01632 960 500",
            },
        )
        kettleford.local_authority_areas.add(kettleford_area)
        marsh_vale, _ = Partnership.objects.get_or_create(
            name=MARSH_VALE,
            defaults={
                **common,
                "parent": county,
                "childrens_social_care_front_door": "Northshire MASH, 01632 960 300",
                "local_support_service": "Safe Passage Refuge, 01632 960 600",
            },
        )
        marsh_vale.local_authority_areas.add(marsh_vale_area)
        return {COUNTY: county, KETTLEFORD: kettleford, MARSH_VALE: marsh_vale}

    def _organisations(self, partnerships: dict[str, Partnership]) -> dict[str, Organisation]:
        by_domain = {}
        for name, kind, fro, authority, domain, memberships in ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "is_first_responder": fro,
                    "is_public_authority": authority,
                    "email": f"enquiries@{domain}.northshire.example",
                    "phone": "01632 960 000",
                },
            )
            for partnership_name, membership_kind in memberships.items():
                Membership.objects.get_or_create(
                    organisation=organisation,
                    partnership=partnerships[partnership_name],
                    defaults={"kind": membership_kind, "since": date(2024, 4, 1)},
                )
            by_domain[domain] = organisation
        self._task_owners(partnerships, by_domain)
        return by_domain

    def _task_owners(self, partnerships: dict[str, Partnership], by_domain: dict[str, Organisation]) -> None:
        """Who owns each kind of pathway task in each partnership."""
        owners = {
            COUNTY: ("NS", "harbourlight"),
            KETTLEFORD: ("KT", "opendoor"),
            MARSH_VALE: ("MV", "safepassage"),
        }
        # Children's and adult social care are county council services (upper tier).
        for name, (prefix, support) in owners.items():
            Partnership.objects.filter(pk=partnerships[name].pk, case_reference_prefix="").update(
                case_reference_prefix=prefix,
                childrens_social_care_organisation=by_domain["county"],
                adult_social_care_organisation=by_domain["county"],
                police_organisation=by_domain["police"],
                first_responder_organisation=by_domain["police"],
                local_support_organisation=by_domain[support],
            )

    def _users(self, partnerships: dict[str, Partnership], organisations: dict[str, Organisation]) -> int:
        created_count = 0
        for local, full_name, job_title, domain, roles in USERS:
            email = demo_email(local, domain)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=full_name, job_title=job_title, organisation=organisations[domain]
                )
                created_count += 1
            set_demo_device(user)
            for partnership_name, role in roles:
                assert role in Role.values, role
                RoleAssignment.objects.get_or_create(user=user, partnership=partnerships[partnership_name], role=role)
        admin_email = "admin@northshire.example"
        if not User.objects.filter(email=admin_email).exists():
            admin = User.objects.create_superuser(admin_email, DEMO_PASSWORD, full_name="Waymark Administrator")
            set_demo_device(admin)
            created_count += 1
        return created_count
