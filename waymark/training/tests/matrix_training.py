"""Who may use the training pages (rows for test_permission_matrix).

The landing page is for anyone who belongs to a partnership: every signed-in persona does (the
outsider belongs to Otherton). Section pages add their rows here: members of Testford read the menu,
sessions and awareness library; the organisation's own training lead manages its register (others
get 404 for a named member of staff); coordinators manage the framework; the outsider gets 404.
"""

from waymark.core.tests.matrix import everyone


def _no_kwargs(world, personas):
    return {}


EXPECTATIONS = {
    "training:index": ("get", _no_kwargs, everyone(200)),
}


# --- The training menu and records: courses, sessions, bookings, completions (views_courses.py) ---
# tests/factories.training_for_testford: Brightway runs the classroom course and its upcoming
# session, on which Una (Testford Council) is booked; Cathy's own staff record has a completion.
# None of these personas is a training lead, so nobody here may book or record completions; a
# coordinator sees the names booked (and may cancel a booking), Cathy sees her own record only.

from waymark.core.tests.matrix import coordinator_of_testford, coordinators, members_of_testford  # noqa: E402


def _menu(world, personas):
    from waymark.training.tests.factories import training_for_testford

    return training_for_testford(world, personas)


def _menu_course(world, personas):
    return {"pk": _menu(world, personas).course.pk}


def _menu_session(world, personas):
    return {"pk": _menu(world, personas).session.pk}


def _menu_started_session(world, personas):
    from waymark.training.tests.factories import make_session

    course = _menu(world, personas).course
    return {"pk": make_session(course, days_from_now=-1, trainer_organisation=world.charity).pk}


def _menu_booking(world, personas):
    return {"pk": _menu(world, personas).booking.pk}


def _menu_own_record(world, personas):
    return {"pk": _menu(world, personas).own_record.pk}


def _menu_completion(world, personas):
    return {"pk": _menu(world, personas).completion.pk}


def _menu_completion_with_evidence(world, personas):
    import atexit
    import shutil
    import tempfile

    from django.core.files.base import ContentFile
    from django.test import override_settings

    folder = tempfile.mkdtemp(prefix="waymark-matrix-training-")
    atexit.register(shutil.rmtree, folder, True)
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()  # undone by conftest's settings fixture
    completion = _menu(world, personas).completion
    completion.evidence.save("evidence", ContentFile(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
    completion.evidence_name = "certificate.pdf"
    completion.save()
    return {"pk": completion.pk}


_OWN_RECORD_ONLY = {**everyone(404), "council_caseworker": 200, "anonymous": 302}

MENU_EXPECTATIONS = {
    "training:course-list": ("get", _no_kwargs, everyone(200)),
    "training:course-add": ("get", _no_kwargs, coordinators()),
    "training:course-detail": ("get", _menu_course, members_of_testford()),
    "training:course-edit": ("get", _menu_course, coordinator_of_testford()),
    "training:session-list": ("get", _no_kwargs, everyone(200)),
    "training:session-add": ("get", _no_kwargs, coordinators()),
    "training:session-detail": ("get", _menu_session, members_of_testford()),
    "training:session-edit": ("get", _menu_session, coordinator_of_testford()),
    "training:session-cancel": ("get", _menu_session, coordinator_of_testford()),
    "training:session-attendance": ("get", _menu_started_session, coordinator_of_testford()),
    # Booking is from a register the user keeps: a coordinator without one is refused too.
    "training:booking-add": ("get", _menu_session, members_of_testford(403)),
    # Una's booking: its names are for the coordinator (and Testford Council's and Brightway's
    # training leads, who are not personas); to everyone else it does not exist.
    "training:booking-cancel": ("get", _menu_booking, {**everyone(404), "coordinator": 200, "anonymous": 302}),
    # Cathy sees her own record but may not add to it; nobody else sees it at all.
    "training:completion-add": ("get", _menu_own_record, {**_OWN_RECORD_ONLY, "council_caseworker": 403}),
    "training:completion-detail": ("get", _menu_completion, _OWN_RECORD_ONLY),
    "training:completion-evidence": ("get", _menu_completion_with_evidence, _OWN_RECORD_ONLY),
}
EXPECTATIONS.update(MENU_EXPECTATIONS)

# --- end of the training menu and records block ---


# --- Framework, cohort tool and staff register (views_framework.py, views_staff.py) ------------
# No matrix persona is a training lead (see tests/factories.py for Tara and Tobi), so the register's
# named pages answer 404 to all but Cathy, whose own record it is, and its actions 403.

from waymark.core.tests.matrix import coordinator_of_testford, coordinators  # noqa: E402


def _framework_level(world, personas):
    from waymark.training.tests.factories import levels_and_cohorts

    levels, _ = levels_and_cohorts(world.testford)
    return {"pk": levels[1].pk}


def _framework_cohort(world, personas):
    from waymark.training.tests.factories import levels_and_cohorts

    _, cohorts = levels_and_cohorts(world.testford)
    return {"pk": cohorts["frontline_regular"].pk}


def _staff_own_record(world, personas):
    from waymark.training.tests.factories import training_for_testford

    return {"pk": training_for_testford(world, personas).own_record.pk}


def _staff_named(status_for_cathy):
    """Cathy sees her own record (and may not change it); everyone else is told it does not exist."""
    return {**everyone(404), "council_caseworker": status_for_cathy}


FRAMEWORK_AND_STAFF_EXPECTATIONS = {
    "training:level-list": ("get", _no_kwargs, everyone(200)),
    "training:level-add": ("get", _no_kwargs, coordinators()),
    "training:level-edit": ("get", _framework_level, coordinator_of_testford()),
    "training:cohort-list": ("get", _no_kwargs, everyone(200)),
    "training:cohort-add": ("get", _no_kwargs, coordinators()),
    "training:cohort-edit": ("get", _framework_cohort, coordinator_of_testford()),
    "training:cohort-restore-defaults": ("get", _no_kwargs, coordinators()),
    "training:cohort-tool": ("get", _no_kwargs, everyone(200)),
    # Everyone sees the registers' numbers they may; names are for the organisation's training lead.
    "training:staff-list": ("get", _no_kwargs, everyone(200)),
    "training:staff-add": ("get", _no_kwargs, everyone(403)),
    "training:staff-import": ("get", _no_kwargs, everyone(403)),
    "training:staff-import-preview": ("get", _no_kwargs, everyone(403)),
    "training:staff-place-many": ("get", _no_kwargs, everyone(403)),
    "training:staff-detail": ("get", _staff_own_record, _staff_named(200)),
    "training:staff-edit": ("get", _staff_own_record, _staff_named(403)),
    "training:staff-leaving": ("get", _staff_own_record, _staff_named(403)),
    "training:staff-place": ("get", _staff_own_record, _staff_named(403)),
}
EXPECTATIONS.update(FRAMEWORK_AND_STAFF_EXPECTATIONS)

# --- end of framework, cohort tool and staff register block ---


# --- Compliance and awareness raising (views_compliance.py, views_awareness.py) ---------------
# Compliance counts: an organisation's to its own members, every organisation's and the whole
# partnership's to coordinators (and board members and training leads, who are not personas); the
# export holds what each may see, so every member of Testford gets one. Awareness raising: members
# read, Testford's coordinator manages (any coordinator may add: the outsider coordinates Otherton).

from waymark.core.tests.matrix import coordinator_of_testford, coordinators, members_of_testford  # noqa: E402


def _compliance_testford(world, personas):
    from waymark.training.tests.factories import training_for_testford

    training_for_testford(world, personas)
    return {"pk": world.testford.pk}


def _compliance_council(world, personas):
    return {**_compliance_testford(world, personas), "organisation_pk": world.council.pk}


def _awareness(world, personas):
    from waymark.training.tests.factories import training_for_testford

    return training_for_testford(world, personas)


def _awareness_event(world, personas):
    return {"pk": _awareness(world, personas).event.pk}


def _awareness_material(world, personas):
    return {"pk": _awareness(world, personas).material.pk}


def _awareness_material_with_file(world, personas):
    import atexit
    import shutil
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from waymark.cases import documents
    from waymark.training import services_awareness

    folder = tempfile.mkdtemp(prefix="waymark-matrix-awareness-")
    atexit.register(shutil.rmtree, folder, True)
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()  # undone by conftest's settings fixture
    _awareness(world, personas)
    material = services_awareness.add_material(
        partnership=world.testford,
        by=personas["coordinator"],
        upload=SimpleUploadedFile("poster.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        file_kind=documents.PDF,
        title="Poster",
        kind="poster",
    )
    return {"pk": material.pk}


COMPLIANCE_AND_AWARENESS_EXPECTATIONS = {
    "training:compliance-overview": ("get", _no_kwargs, everyone(200)),
    "training:compliance-partnership": ("get", _compliance_testford, coordinator_of_testford()),
    "training:compliance-organisation": (
        "get",
        _compliance_council,
        {**coordinator_of_testford(), "council_caseworker": 200},
    ),
    "training:compliance-export": ("get", _compliance_testford, members_of_testford()),
    "training:awareness-event-list": ("get", _no_kwargs, everyone(200)),
    "training:awareness-event-add": ("get", _no_kwargs, coordinators()),
    "training:awareness-event-detail": ("get", _awareness_event, members_of_testford()),
    "training:awareness-event-edit": ("get", _awareness_event, coordinator_of_testford()),
    "training:awareness-material-list": ("get", _no_kwargs, everyone(200)),
    "training:awareness-material-add": ("get", _no_kwargs, coordinators()),
    "training:awareness-material-detail": ("get", _awareness_material, members_of_testford()),
    "training:awareness-material-edit": ("get", _awareness_material, coordinator_of_testford()),
    "training:awareness-material-new-version": ("get", _awareness_material, coordinator_of_testford()),
    "training:awareness-material-file": ("get", _awareness_material_with_file, members_of_testford()),
}
EXPECTATIONS.update(COMPLIANCE_AND_AWARENESS_EXPECTATIONS)

# --- end of compliance and awareness raising block ---
