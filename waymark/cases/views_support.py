"""Support outside the NRM and the voice of the person supported.

Everyone who may see a case sees its support episodes and the ratings given in feedback. Users of an
organisation that can itself see the case (its lead, its referrer, an organisation with a task on it
or one it is shared with) start episodes for their own organisation, with an advocate from their own
organisation; only the supporting organisation changes or ends its episodes and records feedback on
them. What the person said in their own words is seen only by the supporting organisation, unless
they agreed to its use in reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waymark.accounts.models import User
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, services_support
from .forms_support import EditEpisodeForm, EndEpisodeForm, FeedbackForm, StartEpisodeForm
from .holdings import holds
from .models import Case, CasePerson, PersonRole, SupportEpisode, SupportFeedback
from .support_vocabulary import rating_words, support_labels

CONFLICT_MESSAGE = (
    "Someone else changed this support episode while you were working on it. Your answers have not been "
    "saved. Check the episode as it is now, shown below, then save your answers again if they are still right."
)


# Who may do what -------------------------------------------------------------------------------


def may_start(user: User, case: Case) -> bool:
    return access.organisation_involved(user.organisation_id, case)


def may_change(user: User, episode: SupportEpisode) -> bool:
    return user.organisation_id is not None and user.organisation_id == episode.organisation_id


def words_visible(user: User, episode: SupportEpisode, feedback: SupportFeedback) -> bool:
    return feedback.consent_to_use_in_reports or may_change(user, episode)


# Loading ---------------------------------------------------------------------------------------


def _episodes(case: Case) -> QuerySet[SupportEpisode]:
    return (
        SupportEpisode.objects.filter(case=case)
        .select_related("organisation", "advocate", "person")
        .prefetch_related(Prefetch("feedback", queryset=SupportFeedback.objects.order_by("-given_on", "-id")))
        .order_by("-started_on", "-id")
    )


def _episode(case: Case, episode_pk: int) -> SupportEpisode:
    episode = _episodes(case).filter(pk=episode_pk).first()
    if episode is None:
        raise Http404("No such support episode")
    episode.case = case
    return episode


def _own_episode(request: HttpRequest, pk: int, episode_pk: int) -> tuple[Case, SupportEpisode]:
    """404 if the user may not see the case or the episode is not on it; 403 if it is not theirs."""
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    episode = _episode(case, episode_pk)
    if not may_change(request.user, episode):  # type: ignore[arg-type]
        raise PermissionDenied
    return case, episode


def person_labels(user: User, case: Case, people: Iterable[CasePerson]) -> dict[int, str]:
    """Names where the user may see them; otherwise the role, numbered if there are several."""
    people = list(people)
    if not people:
        return {}
    visible = access.can_see_identifying_details(user, case)
    labels: dict[int, str] = {}
    for number, person in enumerate(people, start=1):
        if visible or person.role != PersonRole.POTENTIAL_VICTIM:
            labels[person.pk] = str(person)
        else:
            labels[person.pk] = f"{person.get_role_display()} {number}"
    return labels


def _advocates(user: User) -> QuerySet[User]:
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True).order_by("full_name")


def _people(case: Case) -> QuerySet[CasePerson]:
    return case.people.exclude(role=PersonRole.EXPLOITER).order_by("role", "id")


def _decorate(user: User, case: Case, episodes: list[SupportEpisode]) -> list[SupportEpisode]:
    """Labels for the templates: needs, services, the person, and whose feedback words show."""
    people = {e.person.pk: e.person for e in episodes if e.person is not None}
    labels = person_labels(user, case, people.values()) if people else {}
    for episode in episodes:
        episode.need_labels = support_labels(episode.needs)  # type: ignore[attr-defined]
        episode.service_labels = support_labels(episode.services)  # type: ignore[attr-defined]
        episode.person_label = labels.get(episode.person_id, "") if episode.person_id else ""  # type: ignore[attr-defined]
        episode.yours = may_change(user, episode)  # type: ignore[attr-defined]
        for feedback in episode.feedback.all():
            feedback.words_visible = words_visible(user, episode, feedback)  # type: ignore[attr-defined]
            feedback.ratings = [  # type: ignore[attr-defined]
                ("Felt safe", rating_words(feedback.felt_safe)),
                ("Felt listened to", rating_words(feedback.felt_listened_to)),
                ("Got the help they needed", rating_words(feedback.got_help_needed)),
            ]
    return episodes


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_support.html)."""
    user: User = request.user  # type: ignore[assignment]
    return {
        "support_episodes": _decorate(user, case, list(_episodes(case))) if holds(case, "support_episodes") else [],
        "may_start_support": may_start(user, case),
    }


# Pages -----------------------------------------------------------------------------------------


def episode_detail(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    episode = _episode(case, episode_pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=episode)
    _decorate(request.user, case, [episode])  # type: ignore[arg-type]
    return render(request, "cases/support/episode.html", {"case": case, "episode": episode})


def start_episode(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access.get_case_for_user(user, pk)
    if not may_start(user, case):
        raise PermissionDenied
    people = _people(case)
    kwargs: dict[str, Any] = {
        "advocates": _advocates(user),
        "people": people,
        "labels": person_labels(user, case, people),
    }
    page = {"case": case, "heading": "Start support", "submit": "Start support"}
    if request.method != "POST":
        form = StartEpisodeForm(initial={"advocate": user.pk}, **kwargs)
        return render(request, "cases/support/episode_form.html", {**page, "form": form})
    form = StartEpisodeForm(request.POST, **kwargs)
    if not form.is_valid():
        return render(request, "cases/support/episode_form.html", {**page, "form": form}, status=400)
    services_support.start_episode(
        case=case,
        by=user,
        advocate=form.cleaned_data["advocate"],
        person=form.cleaned_data.get("person"),
        started_on=form.cleaned_data["started_on"],
        needs=form.cleaned_data["needs"],
        services=form.cleaned_data["services"],
        outcomes=form.cleaned_data["outcomes"],
    )
    messages.success(request, "Support started")
    return redirect("cases:case-detail", pk=case.pk)


def _versioned_page(
    request: HttpRequest,
    case: Case,
    episode: SupportEpisode,
    *,
    make_form: Callable[..., Any],
    initial: dict[str, Any],
    save: Callable[..., SupportEpisode],
    heading: str,
    submit: str,
    success: str,
) -> HttpResponse:
    """Show the form; on a valid POST save through `save`, or show the conflict (409) with the input kept."""
    user: User = request.user  # type: ignore[assignment]
    page = {"case": case, "episode": episode, "heading": heading, "submit": submit}
    template = "cases/support/episode_form.html"
    if request.method != "POST":
        return render(request, template, {**page, "form": make_form(episode=episode, initial=initial)})
    form = make_form(request.POST, episode=episode)
    if not form.is_valid():
        return render(request, template, {**page, "form": form}, status=400)
    answers = {name: value for name, value in form.cleaned_data.items() if name != "version"}
    try:
        save(episode=episode, by=user, expected_version=form.cleaned_data["version"], **answers)
    except services_support.StaleSupportEpisode:
        # Keep what was typed, checked against the episode as it is now; saving again is deliberate.
        current = _episode(case, episode.pk)
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = make_form(data, episode=current)
        form.is_valid()
        form.add_error(None, CONFLICT_MESSAGE)
        _decorate(user, case, [current])
        return render(request, template, {**page, "episode": current, "form": form, "conflict": True}, status=409)
    messages.success(request, success)
    return redirect("cases:support-episode", pk=case.pk, episode_pk=episode.pk)


def edit_episode(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    case, episode = _own_episode(request, pk, episode_pk)
    user: User = request.user  # type: ignore[assignment]
    people = _people(case)
    kwargs: dict[str, Any] = {
        "advocates": _advocates(user),
        "people": people,
        "labels": person_labels(user, case, people),
    }

    def make_form(*args: Any, **more: Any) -> EditEpisodeForm:
        return EditEpisodeForm(*args, **kwargs, **more)

    initial = {
        "advocate": episode.advocate_id,
        "person": episode.person_id,
        "started_on": episode.started_on,
        "ended_on": episode.ended_on,
        "needs": episode.needs,
        "services": episode.services,
        "outcomes": episode.outcomes,
    }
    return _versioned_page(
        request,
        case,
        episode,
        make_form=make_form,
        initial=initial,
        save=lambda **answers: services_support.update_episode(**{"person": None, **answers}),
        heading="Change support",
        submit="Save",
        success="Support episode saved",
    )


def end_episode(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    case, episode = _own_episode(request, pk, episode_pk)

    def save(**answers: Any) -> SupportEpisode:
        answers.pop("person", None)
        return services_support.end_episode(**answers)

    return _versioned_page(
        request,
        case,
        episode,
        make_form=EndEpisodeForm,
        initial={"ended_on": episode.ended_on, "outcomes": episode.outcomes},
        save=save,
        heading="End support",
        submit="End support",
        success="Support ended",
    )


def add_feedback(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    case, episode = _own_episode(request, pk, episode_pk)
    page = {"case": case, "episode": episode, "heading": "Feedback from the person supported", "submit": "Save"}
    template = "cases/support/feedback_form.html"
    if request.method != "POST":
        return render(request, template, {**page, "form": FeedbackForm(episode=episode)})
    form = FeedbackForm(request.POST, episode=episode)
    if not form.is_valid():
        return render(request, template, {**page, "form": form}, status=400)
    services_support.record_feedback(episode=episode, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    messages.success(request, "Feedback saved")
    return redirect("cases:support-episode", pk=case.pk, episode_pk=episode.pk)
