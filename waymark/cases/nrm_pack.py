"""The NRM referral pack: a case mapped onto the Home Office's online NRM and Duty to Notify form, in
the form's own questions, words and page order, naming what is still missing (DOMAIN.md 1.3, 1.4, 3).

`build_pack(case)` reads the case into plain data (`case_data`); `assemble_pack(data)` does all the
mapping without touching the database, so the rules can be read and tested on their own.

Which questions appear follows the form's own route (UKHomeOffice/modern-slavery, apps/nrm/index.js):
a child, or someone whose age is not known, is referred without consent; an adult who consents is
referred; for an adult who has not consented the form becomes a Duty to Notify, which carries their
gender, nationality and the facts of the exploitation, and their name and contact details only if they
will co-operate with public authorities (s52(3) Modern Slavery Act 2015). Questions asked only after
an answer Waymark does not know (for example the journey details after "were they taken somewhere?")
are left out; everything else the form asks is listed, answered or marked missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .vocabulary import INDICATOR_LABELS, Gender

if TYPE_CHECKING:
    from .models import Case

DATA = Path(__file__).parent / "data"

NRM = "nrm"
DUTY_TO_NOTIFY = "duty_to_notify"
TITLES = {NRM: "NRM referral pack", DUTY_TO_NOTIFY: "Duty to Notify pack"}
SOURCE = (
    "Questions, hints and options from the Home Office's online NRM and Duty to Notify form: "
    "UKHomeOffice/modern-slavery, apps/nrm/translations/src/en. MIT licence, Crown copyright."
)

# Questions the form lets you leave blank (its validators, apps/nrm/fields/index.js). The rest are
# required: when Waymark has no answer they are missing.
OPTIONAL = frozenset(
    {
        "local-authority-contacted-about-child-local-authority-first-name",
        "local-authority-contacted-about-child-local-authority-last-name",
        "details-last-contact",
        "where-exploitation-happened-other-uk-other-location",
        "where-exploitation-happened-other-overseas-other-location",
        *(f"where-exploitation-happened-uk-city-{n}" for n in range(2, 11)),
        *(f"where-exploitation-happened-overseas-country-{n}" for n in range(2, 11)),
        "other-potential-victims-yes-details",
        "authorities-cooperation-details",
        "refuse-nrm",
        "pv-name-nickname",
        "pv-dob",
        "pv-nationality-second",
        "fr-alternative-contact",
    }
)

# fields.json gives this question another question's legend ("Do they have a crime reference
# number?"); the form shows its page heading, which is the question really asked.
LABEL_FROM_PAGE = {"pv-want-to-submit-nrm": "pv-want-to-submit-nrm"}

TYPES_OF_EXPLOITATION = (
    "forced-to-work",
    "wages-taken",
    "forced-to-commit-fraud",
    "prostitution",
    "child-exploitation",
    "taken-somewhere",
    "forced-to-commit-crime",
    "organs-removed",
    "unpaid-household-work",
    "other",
)
MAX_PLACES = 10  # the form has ten boxes for towns and ten for countries
FORM_GENDER = {Gender.FEMALE.value: "female", Gender.MALE.value: "male", Gender.OTHER.value: "unknown"}
FORM_NATION = {"england": "england", "wales": "wales", "scotland": "scotland", "northern_ireland": "northern-ireland"}
REMOVED = "[removed]"


# The Home Office form's own words ------------------------------------------------------------------


@cache
def form_fields() -> dict[str, dict[str, Any]]:
    return json.loads((DATA / "nrm-fields.json").read_text(encoding="utf-8"))


@cache
def form_pages() -> dict[str, dict[str, Any]]:
    return json.loads((DATA / "nrm-pages.json").read_text(encoding="utf-8"))


@cache
def page_order() -> dict[str, int]:
    return {key: index for index, key in enumerate(form_pages())}


def form_label(key: str) -> str:
    """The question as the form asks it: the field's legend or label, else its page's heading, else
    the label of its row on the form's "Check your answers" page."""
    if key in LABEL_FROM_PAGE:
        return form_pages()[LABEL_FROM_PAGE[key]]["header"]
    field_text = form_fields()[key]
    for text in (field_text.get("legend"), field_text.get("label"), form_pages().get(key, {}).get("header")):
        if text:
            return text
    return form_pages()["confirm"]["fields"].get(key, {}).get("label", key)


def form_hint(key: str) -> str:
    field_text = form_fields()[key]
    if field_text.get("hint"):
        return field_text["hint"]
    if field_text.get("legend") and field_text.get("label"):
        return field_text["label"]  # e.g. what-happened: the label is the guidance under the question
    return ""


def page_title(page: str) -> str:
    return form_pages()[page].get("header") or form_pages()["confirm"]["fields"].get(page, {}).get("label", page)


def option_text(key: str, value: str) -> str:
    option = form_fields()[key]["options"][value]
    return option["label"] if isinstance(option, dict) else option


# Plain data about a case ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    given_names: str = ""
    family_name: str = ""
    aliases: tuple[str, ...] = ()
    date_of_birth: date | None = None
    estimated_age: int | None = None
    gender: str = ""
    nationalities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    contact: str = ""
    description: str = ""
    anonymous: bool = False


@dataclass(frozen=True)
class TaskData:
    code: str
    title: str
    status: str  # a TaskStatus value
    status_label: str
    owner: str
    owner_is_police: bool = False


@dataclass(frozen=True)
class LocalAuthority:
    """The partnership's children's social care: its organisation and its front door."""

    name: str = ""
    phone: str = ""
    email: str = ""
    front_door: str = ""


@dataclass(frozen=True)
class CaseData:
    reference: str
    facts: Mapping[str, Any]  # the pathway decision's facts; empty when there is no decision
    nation: str = ""
    what_happened: str = ""
    when_exploited: str = ""
    exploitation_types: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    exploitation_location: str = ""
    victim: PersonData | None = None
    other_victims: int = 0
    exploiters: tuple[PersonData, ...] = ()
    tasks: tuple[TaskData, ...] = ()
    referrer: str = ""
    referrer_listing: str | None = None  # its name on the Home Office list of First Responder Organisations
    referrer_is_first_responder: bool = False
    local_authority: LocalAuthority = field(default_factory=LocalAuthority)


# The pack -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    hint: str
    answer: str | None
    missing: bool
    optional: bool = False
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str  # the form's page
    title: str
    questions: tuple[Question, ...]

    @property
    def missing_count(self) -> int:
        return sum(q.missing for q in self.questions)


@dataclass(frozen=True)
class Pack:
    case_reference: str
    variant: str
    identifying_details_included: bool
    sections: tuple[Section, ...]
    notices: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return TITLES[self.variant]

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    @property
    def question_count(self) -> int:
        return len(self.questions)

    @property
    def missing_count(self) -> int:
        return sum(q.missing for q in self.questions)

    def answer(self, key: str) -> str | None:
        return next((q.answer for q in self.questions if q.key == key), None)

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "case_reference": self.case_reference,
            "variant": self.variant,
            "title": self.title,
            "identifying_details_included": self.identifying_details_included,
            "question_count": self.question_count,
            "missing_count": self.missing_count,
            "notices": list(self.notices),
            "source": SOURCE,
            "sections": [
                {"key": s.key, "title": s.title, "questions": [asdict(q) for q in s.questions]} for s in self.sections
            ],
        }


@dataclass(frozen=True)
class Route:
    """Which way through the form this case goes."""

    variant: str
    child: bool  # under 18 or age not known: referred without consent, local authority first
    names_asked: bool  # the form asks for the potential victim's name and contact details
    declined: bool  # an adult who said no to the NRM


def route_for(facts: Mapping[str, Any]) -> Route:
    """NRM for a child, someone whose age is not known, or an adult who consents; otherwise the Duty
    to Notify. With no decision at all Waymark knows neither age nor consent, so it takes the route
    that discloses least."""
    age_group = facts.get("age_group")
    child = age_group in ("child", "unknown")
    variant = NRM if child or (age_group == "adult" and facts.get("consents_to_nrm") is True) else DUTY_TO_NOTIFY
    names_asked = variant == NRM or facts.get("cooperates_with_authorities") is True
    return Route(variant, child, names_asked, declined=facts.get("consents_to_nrm") is False and not child)


# Keeping an anonymous potential victim anonymous ---------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+|0)[\d\s()-]{8,18}\d")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _phone(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group())
    return REMOVED if 9 <= digits <= 13 else match.group()


def _date_patterns(born: date) -> list[str]:
    day, month, year = born.day, born.month, born.year
    name = _MONTHS[month - 1]
    names = f"(?:{name}|{name[:3]})\\.?"
    nth = f"0?{day}(?:st|nd|rd|th)?"
    return [
        rf"\b0?{day}\s*[/.\-\s]\s*0?{month}\s*[/.\-\s]\s*(?:{year}|{year % 100:02d})\b",
        rf"\b{year}-{month:02d}-{day:02d}\b",
        rf"\b{nth}\s+(?:of\s+)?{names},?\s+{year}\b",
        rf"\b{names}\s+{nth},?\s+{year}\b",
    ]


def identifying_terms(person: PersonData) -> list[str]:
    """The person's names and aliases, whole and word by word, and the lines of their contact details
    that carry a number or an address: what must not appear in an anonymous notification."""
    terms: set[str] = set()
    for name in (person.given_names, person.family_name, f"{person.given_names} {person.family_name}", *person.aliases):
        name = " ".join(name.split())
        if name:
            terms.add(name)
            terms.update(re.split(r"[\s\-]+", name))
    for part in re.split(r"[\n,;]+", person.contact):
        part = part.strip()
        if len(part) >= 4 and (any(c.isdigit() for c in part) or "@" in part):
            terms.add(part)
    return sorted((t for t in terms if len(t) >= 2), key=len, reverse=True)


def redact(text: str, person: PersonData) -> str:
    """Take the potential victim's names, contact details and date of birth, and any phone number or
    e-mail address, out of free text."""
    if not text:
        return text
    terms = identifying_terms(person)
    if terms:
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)"
        text = re.sub(pattern, REMOVED, text, flags=re.IGNORECASE)
    if person.date_of_birth:
        for pattern in _date_patterns(person.date_of_birth):
            text = re.sub(pattern, REMOVED, text, flags=re.IGNORECASE)
    text = _EMAIL.sub(REMOVED, text)
    return _PHONE.sub(_phone, text)


# The mapping ------------------------------------------------------------------------------------------


class _Mapper:
    def __init__(self, data: CaseData) -> None:
        self.data = data
        self.facts = data.facts
        self.route = route_for(data.facts)
        self.victim = data.victim or PersonData()
        self.may_identify = self.route.names_asked and not self.victim.anonymous
        self.sections: dict[str, list[Question]] = {}

    # helpers

    def q(self, key: str, answer: str | None = None, note: str = "", *, optional: bool = False) -> Question:
        """Every answer and note goes through here, so this is where an anonymous potential victim's
        details are taken out."""
        answer = answer.strip() if answer else None
        if not self.may_identify:
            answer = redact(answer, self.victim) if answer else None
            note = redact(note, self.victim)
        optional = optional or key in OPTIONAL
        return Question(
            key, form_label(key), form_hint(key), answer or None, not answer and not optional, optional, note
        )

    def add(self, page: str, *questions: Question) -> None:
        self.sections.setdefault(page, []).extend(questions)

    def yes_no(self, key: str, fact: str) -> str | None:
        value = self.facts.get(fact)
        return None if value is None else option_text(key, "yes" if value else "no")

    def task(self, *codes: str) -> TaskData | None:
        return next((t for t in self.data.tasks if t.code in codes), None)

    def identifying(self, key: str, answer: str | None, note: str = "") -> Question:
        """A question whose answer identifies the potential victim."""
        if self.victim.anonymous:
            return self.q(key, None, "Waymark records them as anonymous: ask them before you give this.")
        return self.q(key, answer, note)

    # the pages, in any order: the pack sorts them into the form's

    def build(self) -> Pack:
        route = self.route
        self.under_18()
        if route.child:
            self.local_authority()
        self.add("what-happened", self.q("what-happened", self.data.what_happened))
        if route.names_asked:
            self.add(
                "what-is-their-background",
                *(self.q(k) for k in ("birthplace", "family", "education", "employment-history")),
            )
        self.exploitation()
        self.where()
        if route.names_asked:
            self.add(
                "current-pv-location", self.q("current-pv-location-uk-city"), self.q("current-pv-location-uk-region")
            )
        self.exploiters()
        self.types_of_exploitation()
        self.other_victims()
        self.add("concerns-future-exploitation", self.q("future-exploitation-concerns"))
        self.police()
        self.add(
            "authorities-cooperation",
            self.q("authorities-cooperation", self.yes_no("authorities-cooperation", "cooperates_with_authorities")),
        )
        self.consent()
        if route.variant == NRM:
            self.potential_victim_for_referral()
            details = ("fr-details-first-name", "fr-details-last-name", "fr-details-role", "fr-details-phone")
            self.add("fr-details", *(self.q(k) for k in details))
            self.add("fr-alternative-contact", self.q("fr-alternative-contact"))
        else:
            self.potential_victim_for_notification()
        self.add("why-are-you-making-the-referral", self.q("why-are-you-making-the-referral"))
        self.add("reference", self.q("reference", self.data.reference))
        self.organisation()

        order = page_order()
        sections = tuple(
            Section(page, page_title(page), tuple(questions))
            for page, questions in sorted(self.sections.items(), key=lambda item: order[item[0]])
        )
        return Pack(self.data.reference, route.variant, self.may_identify, sections, tuple(self.notices()))

    def notices(self) -> list[str]:
        notices = []
        if not self.facts:
            notices.append(
                "This case has no pathway decision, so Waymark does not know their age or whether they consent. "
                "Until it does, the pack is a Duty to Notify and leaves out anything that could identify them."
            )
        if self.route.variant == DUTY_TO_NOTIFY:
            notices.append(
                "This is a Duty to Notify, not an NRM referral: the potential victim is an adult who has not "
                "consented to being referred. A notification may include information that identifies them only "
                "if they agree (section 52(3), Modern Slavery Act 2015)."
            )
        if not self.may_identify and self.route.variant == DUTY_TO_NOTIFY and self.facts:
            notices.append(
                "They have not agreed to co-operate with public authorities, so this pack leaves out their name, "
                "date of birth and contact details, and takes names, dates of birth, phone numbers and e-mail "
                "addresses out of what was written about the case. Check the rest for anything else that could "
                "identify them."
            )
        elif not self.may_identify and self.victim.anonymous:
            notices.append(
                "Waymark records the potential victim as anonymous, so this pack leaves out their name, date of "
                "birth and contact details."
            )
        return notices

    def under_18(self) -> None:
        age_group = self.facts.get("age_group")
        answer = {"child": "yes", "unknown": "not-sure", "adult": "no"}.get(age_group or "")
        questions = [self.q("pv-under-age", option_text("pv-under-age", answer) if answer else None)]
        if age_group == "adult":
            key = "pv-under-age-at-time-of-exploitation"
            questions.append(self.q(key, self.yes_no(key, "under_18_during_exploitation")))
        self.add("pv-under-age", *questions)

    def local_authority(self) -> None:
        la = self.data.local_authority
        prefix = "local-authority-contacted-about-child-local-authority-"
        task = self.task("children_social_care_referral")
        front_door = f" Children's social care front door: {la.front_door}." if la.front_door else ""
        if task is None or task.status != "done":
            waiting = f"The task “{task.title}” is {task.status_label.lower()}." if task else "No referral recorded."
            note = f"{waiting} The form asks you to contact the local authority before referring.{front_door}"
            self.add(
                "local-authority-contacted-about-child",
                self.q(prefix + "name", None, note.strip()),
                *(self.q(prefix + k) for k in ("phone", "email", "first-name", "last-name")),
            )
            return
        self.add(
            "local-authority-contacted-about-child",
            self.q(prefix + "name", la.name, "" if la.name else front_door.strip()),
            self.q(prefix + "phone", la.phone),
            self.q(prefix + "email", la.email),
            self.q(prefix + "first-name"),
            self.q(prefix + "last-name"),
        )

    def exploitation(self) -> None:
        self.add(
            "potential-victim-exploitative-situation-multiple",
            self.q("potential-victim-exploitative-situation-multiple"),
        )
        self.add(
            "when-did-the-exploitation-take-place",
            self.q("when-did-the-exploitation-take-place", self.data.when_exploited),
        )
        self.add("how-did-the-exploitation-start", self.q("how-did-the-exploitation-start"))
        self.add("were-they-taken-somewhere-by-their-exploiter", self.q("were-they-taken-somewhere-by-their-exploiter"))
        self.add(
            "how-they-were-treated",
            *(self.q(k) for k in ("what-were-they-required-to-do", "how-they-were-treated", "why-they-stayed")),
        )
        self.add("how-why-did-they-leave-the-situation", self.q("how-why-did-they-leave-the-situation"))
        self.add("details-last-contact", self.q("when-last-contact"), self.q("details-last-contact"))
        self.add("why-report-now", self.q("is-this-the-first-chance-to-report"))
        indicators = [INDICATOR_LABELS.get(i, i) for i in self.data.indicators]
        answer = f"{option_text('modern-slavery-indicators', 'yes')}: {'; '.join(indicators)}" if indicators else None
        self.add("modern-slavery-indicators", self.q("modern-slavery-indicators", answer))
        self.add("evidence-of-dishonesty", self.q("evidence-of-dishonesty"))
        others = [t for t in self.data.tasks if t.owner and t.owner != self.data.referrer]
        if others:
            details = "\n".join(f"{t.owner}: {t.title} ({t.status_label.lower()})" for t in others)
            self.add(
                "are-others-involved",
                self.q("are-others-involved", option_text("are-others-involved", "yes")),
                self.q("are-others-involved-details", details),
            )
        else:
            self.add("are-others-involved", self.q("are-others-involved"))

    def where(self) -> None:
        location = self.data.exploitation_location
        places = list(self.data.locations)
        answer = {"uk": "uk", "overseas": "overseas", "uk_and_overseas": "uk-and-overseas"}.get(location)
        where = self.q(
            "where-exploitation-happened", option_text("where-exploitation-happened", answer) if answer else None
        )
        if location in ("uk", "overseas"):
            box = "uk-city" if location == "uk" else "overseas-country"
            other = "other-uk-other-location" if location == "uk" else "other-overseas-other-location"
            questions = [self.q(f"where-exploitation-happened-{box}-1", places[0] if places else None)]
            questions += [
                self.q(f"where-exploitation-happened-{box}-{n}", place)
                for n, place in enumerate(places[1:MAX_PLACES], start=2)
            ]
            if len(places) > MAX_PLACES:
                questions.append(self.q(f"where-exploitation-happened-{other}", ", ".join(places[MAX_PLACES:])))
            page = "where-exploitation-happened-uk" if location == "uk" else "where-exploitation-happened-overseas"
            self.add(page, where, *questions)
            return
        # Both, or not known: Waymark keeps the places together, so say which were recorded.
        note = f"Places recorded, UK and overseas together: {', '.join(places)}." if places else ""
        self.add("where-exploitation-happened-uk", where, self.q("where-exploitation-happened-uk-city-1", None, note))
        if location == "uk_and_overseas":
            self.add(
                "where-exploitation-happened-overseas",
                self.q("where-exploitation-happened-overseas-country-1", None, note),
            )

    def exploiters(self) -> None:
        lines = [_describe(p) for p in self.data.exploiters]
        self.add("who-exploited-pv", self.q("who-exploited-pv", "\n".join(lines)), self.q("exploiters-location"))

    def types_of_exploitation(self) -> None:
        # Checkboxes: the form needs at least one, and puts that rule on the first.
        chosen = set(self.data.exploitation_types)
        questions = []
        for code in TYPES_OF_EXPLOITATION:
            if chosen:
                questions.append(self.q(f"types-of-exploitation-{code}", "Yes" if code in chosen else "No"))
            elif code == TYPES_OF_EXPLOITATION[0]:
                note = "No type of exploitation recorded: the form needs at least one."
                questions.append(self.q(f"types-of-exploitation-{code}", None, note))
            else:
                questions.append(self.q(f"types-of-exploitation-{code}", None, optional=True))
        if "other" in chosen:
            questions.append(
                self.q("other-exploitation-details", None, "Waymark does not record what the other type is.")
            )
        self.add("types-of-exploitation", *questions)

    def other_victims(self) -> None:
        count = self.data.other_victims
        if not count:
            self.add("any-other-pvs", self.q("any-other-pvs"))
            return
        self.add(
            "any-other-pvs",
            self.q("any-other-pvs", option_text("any-other-pvs", "yes")),
            self.q(
                "other-potential-victims-yes-details",
                f"{count} other potential victim{'s' if count != 1 else ''} recorded on case {self.data.reference}.",
            ),
        )

    def police(self) -> None:
        task = self.task("police_report")
        if task is None:
            self.add("reported-to-police", self.q("reported-to-police"))
        elif task.status == "done":
            self.add(
                "reported-to-police",
                self.q("reported-to-police", option_text("reported-to-police", "yes")),
                self.q("reported-to-police-police-forces", task.owner if task.owner_is_police else None),
                self.q("reported-to-police-crime-reference", None, f"See the outcome of the task “{task.title}”."),
            )
        elif task.status == "cannot_do":
            self.add("reported-to-police", self.q("reported-to-police", option_text("reported-to-police", "no")))
        else:
            note = f"The task “{task.title}” is {task.status_label.lower()}."
            self.add("reported-to-police", self.q("reported-to-police", None, note))

    def consent(self) -> None:
        key = "pv-want-to-submit-nrm"
        if self.route.child:
            answer, note = "Yes", form_fields()[key]["automatic-referral"]
        elif self.facts.get("consents_to_nrm") is None:
            answer, note = None, "Not recorded. Until they give informed consent, only a Duty to Notify can be made."
        else:
            answer, note = option_text(key, "yes" if self.facts["consents_to_nrm"] else "no"), ""
        self.add(key, self.q(key, answer, note))
        if self.route.declined:
            self.add("refuse-nrm", self.q("refuse-nrm"))

    def potential_victim_for_referral(self) -> None:
        v = self.victim
        if not self.route.child:
            self.add("does-pv-need-support", self.q("does-pv-need-support"))
        self.name("pv-name-referral")
        age_note = f"Estimated age: {v.estimated_age}." if v.estimated_age and not v.date_of_birth else ""
        self.add("pv-dob", self.identifying("pv-dob", _long_date(v.date_of_birth), age_note))
        self.add("pv-gender", self.gender(), self.q("does-pv-have-children"))
        languages = f"Languages recorded: {', '.join(v.languages)}." if v.languages else ""
        self.add(
            "pv-nationality-referral",
            *self.nationality(),
            self.q("pv-interpreter-requirements", None, languages),
            self.q("pv-other-help-with-communication"),
            self.q("pv-ho-reference"),
        )
        if not self.route.child:
            self.add("who-contact", self.q("who-contact"))
            self.contact_details()

    def potential_victim_for_notification(self) -> None:
        self.add("pv-gender", self.gender())
        self.add("pv-nationality-dtn", *self.nationality())
        if self.route.names_asked:
            self.name("pv-name-dtn")
            self.contact_details()

    def name(self, page: str) -> None:
        v = self.victim
        self.add(
            page,
            self.identifying("pv-name-first-name", v.given_names),
            self.identifying("pv-name-last-name", v.family_name),
            self.identifying("pv-name-nickname", ", ".join(v.aliases)),
        )

    def contact_details(self) -> None:
        note = "Waymark keeps contact details as written: put them in the form's e-mail or address boxes."
        contact = self.victim.contact
        self.add("pv-contact-details", self.identifying("pv-contact-details", contact, note if contact else ""))

    def gender(self) -> Question:
        form_value = FORM_GENDER.get(self.victim.gender)
        return self.q("pv-gender", option_text("pv-gender", form_value) if form_value else None)

    def nationality(self) -> list[Question]:
        nationalities = self.victim.nationalities
        questions = [self.q("pv-nationality", nationalities[0] if nationalities else None)]
        if len(nationalities) > 1:
            questions.append(self.q("pv-nationality-second", nationalities[1]))
        return questions

    def organisation(self) -> None:
        data = self.data
        referral = self.task("nrm_referral", "duty_to_notify")
        with_task = (
            f" The referral task is with {referral.owner}." if referral and referral.owner != data.referrer else ""
        )
        if data.referrer_listing:
            answer, note = data.referrer_listing, ""
        elif data.referrer and data.referrer_is_first_responder:
            answer, note = data.referrer, "Not found under this name on the form's list: choose it from the list."
        elif data.referrer:
            answer = None
            note = f"{data.referrer}, who referred the case, is not a First Responder Organisation.{with_task}"
        else:
            answer, note = None, f"The case came from a member of the public.{with_task}"
        nation = FORM_NATION.get(data.nation)
        self.add(
            "organisation",
            self.q("user-organisation", answer, note),
            self.q("fr-location", option_text("fr-location", nation) if nation else None),
        )


def _describe(person: PersonData) -> str:
    name = " ".join(p for p in (person.given_names, person.family_name) if p) or "Name not known"
    parts = [name]
    if person.aliases:
        parts.append("also known as " + ", ".join(person.aliases))
    if person.gender and person.gender != Gender.UNKNOWN:
        parts.append(Gender(person.gender).label.lower())
    if person.nationalities:
        parts.append(", ".join(person.nationalities))
    line = ", ".join(parts)
    return f"{line}: {person.description}" if person.description else line


def _long_date(value: date | None) -> str | None:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}" if value else None


def assemble_pack(data: CaseData) -> Pack:
    return _Mapper(data).build()


# Reading a case -------------------------------------------------------------------------------------

_FRONT_DOOR_PHONE = re.compile(r"(?:\+44\s?|0)\d[\d\s]{8,12}\d")


def _person(p: Any) -> PersonData:
    return PersonData(
        given_names=p.given_names,
        family_name=p.family_name,
        aliases=tuple(p.aliases or ()),
        date_of_birth=p.date_of_birth,
        estimated_age=p.estimated_age,
        gender=p.gender,
        nationalities=tuple(p.nationalities or ()),
        languages=tuple(p.languages or ()),
        contact=p.contact,
        description=p.description,
        anonymous=p.anonymous,
    )


def _local_authority(partnership: Any) -> LocalAuthority:
    front_door = partnership.childrens_social_care_front_door
    organisation = partnership.childrens_social_care_organisation
    phone = _FRONT_DOOR_PHONE.search(front_door)
    email = _EMAIL.search(front_door)
    return LocalAuthority(
        name=organisation.name if organisation else "",
        phone=phone.group().strip() if phone else (organisation.phone if organisation else ""),
        email=email.group() if email else (organisation.email if organisation else ""),
        front_door=front_door,
    )


def case_data(case: Case) -> CaseData:
    from waymark.partners.first_responders import first_responder_listing

    from .models import PersonRole

    people = list(case.people.all())
    victims = [p for p in people if p.role == PersonRole.POTENTIAL_VICTIM]
    decision = case.latest_decision
    referrer = case.referring_organisation
    return CaseData(
        reference=case.reference,
        facts=dict(decision.facts) if decision else {},
        nation=case.partnership.nation,
        what_happened=case.what_happened,
        when_exploited=case.when_exploited,
        exploitation_types=tuple(case.exploitation_types or ()),
        indicators=tuple(case.indicators or ()),
        locations=tuple(case.locations or ()),
        exploitation_location=case.exploitation_location,
        victim=_person(victims[0]) if victims else None,
        other_victims=max(len(victims) - 1, 0),
        exploiters=tuple(_person(p) for p in people if p.role == PersonRole.EXPLOITER),
        tasks=tuple(
            TaskData(
                code=t.code,
                title=t.title,
                status=t.status,
                status_label=t.get_status_display(),
                owner=t.owner_organisation.name,
                owner_is_police=t.owner_organisation.kind == "police_force",
            )
            for t in case.tasks.select_related("owner_organisation")
        ),
        referrer=referrer.name if referrer else "",
        referrer_listing=first_responder_listing(referrer.name) if referrer else None,
        referrer_is_first_responder=bool(referrer and referrer.is_first_responder),
        local_authority=_local_authority(case.partnership),
    )


def build_pack(case: Case) -> Pack:
    return assemble_pack(case_data(case))
