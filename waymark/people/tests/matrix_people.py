"""Who may use the people pages (rows for test_permission_matrix).

The person is the potential victim on a child's case referred by Testford Council: the council's
users and the Testford coordinator see them; everyone else gets 404, so their existence is not
disclosed. Reviewing, merging and undoing are for coordinators: other users get 403, and the
outsider (who coordinates Otherton) 404. Empty posts to the matching buttons get 400: which record?
"""

from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import coordinator_of_testford, coordinators, everyone
from waymark.people import services
from waymark.people.models import MatchAlert
from waymark.people.tests.factories import record_person


def _case_person(world, personas):
    return open_child_case(world, personas["council_caseworker"]).people.get()


def _case_person_pk(world, personas):
    return {"pk": _case_person(world, personas).pk}


def _person_pk(world, personas):
    return {"pk": services.person_from_case_person(_case_person(world, personas), personas["council_caseworker"]).pk}


def _two_people(world, personas):
    cathy = personas["council_caseworker"]
    first = record_person(world, cathy, given_names="Ana", family_name="Testova", gender="female")
    second = record_person(world, cathy, given_names="Anna", family_name="Testova", gender="female")
    return first, second


def _pair(world, personas):
    first, second = _two_people(world, personas)
    return {"pk": first.pk, "other": second.pk}


def _alert(world, personas):
    first, second = _two_people(world, personas)
    alert = MatchAlert.objects.create(partnership=world.testford, person=first, candidate=second, score=0.9)
    return {"pk": alert.pk}


def _merge(world, personas):
    first, second = _two_people(world, personas)
    return {"pk": services.merge(first, second, "Same girl", personas["coordinator"]).pk}


def _no_kwargs(world, personas):
    return {}


def those_who_see_the_person(status: int = 200) -> dict[str, int]:
    return {**everyone(404), "coordinator": status, "council_caseworker": status}


EXPECTATIONS = {
    "people:person-detail": ("get", _person_pk, those_who_see_the_person()),
    "people:case-person-matches": ("get", _case_person_pk, those_who_see_the_person()),
    "people:case-person-link": ("post", _case_person_pk, those_who_see_the_person(400)),
    "people:case-person-not-same": ("post", _case_person_pk, those_who_see_the_person(400)),
    "people:review": ("get", _no_kwargs, coordinators()),
    "people:review-alert": ("get", _alert, coordinator_of_testford()),
    "people:merge-pair": ("get", _pair, coordinator_of_testford()),
    "people:merge-undo": ("get", _merge, coordinator_of_testford()),
    # --- Changing a person's record (views_edit.py): those who see the person may change it here, as
    # they are the Testford coordinator and a caseworker of the council that recorded the person.
    # Read-only viewers get 403: see test_person_edit.py. ---
    "people:person-edit-names": ("get", _person_pk, those_who_see_the_person()),
    "people:person-edit-birth-date": ("get", _person_pk, those_who_see_the_person()),
    "people:person-edit-gender": ("get", _person_pk, those_who_see_the_person()),
    "people:person-edit-nationalities": ("get", _person_pk, those_who_see_the_person()),
    "people:person-edit-identifiers": ("get", _person_pk, those_who_see_the_person()),
    "people:person-edit-addresses": ("get", _person_pk, those_who_see_the_person()),
    # --- end of changing a person's record ---
}
