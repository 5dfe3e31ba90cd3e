"""Report a concern: question pages saved as a draft after every answer, check your answers, then a
case with its pathway tasks, the people on it matched against those already recorded in the
partnership, and a confirmation of what happens next."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.pathways import Facts
from waymark.people import intake

from . import access, journey, services
from .forms_report import PartnershipForm
from .models import Case, ConcernDraft

# The session key for what matching found when the user last submitted a concern.
MATCHES = "report_matches"


def drafts(request: HttpRequest) -> HttpResponse:
    mine = ConcernDraft.objects.filter(created_by=request.user, case__isnull=True).select_related("partnership")
    return render(request, "cases/report/drafts.html", {"drafts": mine})


def start(request: HttpRequest) -> HttpResponse:
    """The start page. Choosing the partnership (when there is more than one) starts a draft."""
    partnerships = access.reporting_partnerships(request.user)  # type: ignore[arg-type]
    if not partnerships.exists():
        return render(request, "cases/report/no_partnership.html", status=403)
    form = PartnershipForm(request.POST if request.method == "POST" else None, partnerships=partnerships)
    if request.method == "POST":
        if partnerships.count() == 1:
            partnership = partnerships.get()
        elif form.is_valid():
            partnership = form.cleaned_data["partnership"]
        else:
            return render(request, "cases/report/start.html", {"form": form, "choose": True}, status=400)
        draft = ConcernDraft.objects.create(created_by=request.user, partnership=partnership)
        return redirect("cases:report-step", pk=draft.pk, step=journey.STEPS[0].slug)
    return render(request, "cases/report/start.html", {"form": form, "choose": partnerships.count() > 1})


def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    draft = access.get_draft_for_user(request.user, pk)  # type: ignore[arg-type]
    page = journey.STEPS_BY_SLUG.get(step)
    if page is None or not page.applies(draft.answers):
        raise Http404("No such question")
    raw = draft.answers.setdefault("_raw", {})
    if request.method == "POST":
        if page.form is None:  # an information page: Continue
            draft.answers[page.slug] = {"seen": True}
            draft.save(update_fields=["answers", "updated_at"])
            return _after(draft, page.slug)
        form = page.form(request.POST)
        if form.is_valid():
            draft.answers[page.slug] = form.to_answers()
            raw.pop(page.slug, None)
            draft.save(update_fields=["answers", "updated_at"])
            return _after(draft, page.slug)
        # Keep what was typed, even though it has errors, in case the tab is closed now.
        raw[page.slug] = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
        raw[page.slug] = {k: v if len(v) > 1 or k in _multi(form) else v[0] for k, v in raw[page.slug].items()}
        draft.save(update_fields=["answers", "updated_at"])
        status = 400
    else:
        form = journey.form_for(page, draft.answers)
        status = 200
    return render(
        request,
        f"cases/report/{'call_999' if page.form is None else 'question'}.html",
        {
            "draft": draft,
            "page": page,
            "form": form,
            "back": _back(draft, page.slug),
            "anonymous": journey.stays_anonymous(draft.answers),
        },
        status=status,
    )


def _multi(form) -> set[str]:  # type: ignore[no-untyped-def]
    return {
        name
        for name, field in form.fields.items()
        if hasattr(field.widget, "allow_multiple_selected") and field.widget.allow_multiple_selected
    }


def _after(draft: ConcernDraft, slug: str) -> HttpResponse:
    following = journey.next_step(draft.answers, after=slug)
    if following is None:
        return redirect("cases:report-check", pk=draft.pk)
    return redirect("cases:report-step", pk=draft.pk, step=following.slug)


def _back(draft: ConcernDraft, slug: str) -> str:
    slugs = [s.slug for s in journey.applicable_steps(draft.answers)]
    index = slugs.index(slug)
    if index == 0:
        return ""
    return reverse("cases:report-step", kwargs={"pk": draft.pk, "step": slugs[index - 1]})


def check(request: HttpRequest, pk: int) -> HttpResponse:
    submitted = access.case_submitted_from_draft(request.user, pk)  # type: ignore[arg-type]
    if submitted is not None:  # submitted already, perhaps by a double click: show what happened
        return redirect("cases:report-done", pk=submitted)
    draft = access.get_draft_for_user(request.user, pk)  # type: ignore[arg-type]
    following = journey.next_step(draft.answers)
    if following is not None:
        messages.info(request, "Answer this question first")
        return redirect("cases:report-step", pk=draft.pk, step=following.slug)
    if request.method == "POST":
        return _submit(request, draft)
    return render(
        request,
        "cases/report/check.html",
        {
            "draft": draft,
            "rows": journey.summary_rows(draft.answers),
            "back": _back(draft, journey.applicable_steps(draft.answers)[-1].slug),
        },
    )


def _submit(request: HttpRequest, draft: ConcernDraft) -> HttpResponse:
    """Open the case, then look for the people on it among those already recorded in the partnership.
    Matching runs once the case is saved, outside its transaction, and never raises: going wrong
    there must not lose the concern. What it found waits in the session for the confirmation page."""
    pk, opened = _open_case(request, draft)
    if opened is not None:
        found = intake.match_new_case(opened, request.user)  # type: ignore[arg-type]
        request.session[MATCHES] = {"case": pk, "people": [asdict(f) for f in found]}
    return redirect("cases:report-done", pk=pk)


@transaction.atomic
def _open_case(request: HttpRequest, draft: ConcernDraft) -> tuple[int, Case | None]:
    """Open the case once: a second submission of the same draft (a double click) finds it taken,
    and gets the id of the case the first opened."""
    locked = ConcernDraft.objects.select_for_update().filter(pk=draft.pk, case__isnull=True).first()
    if locked is None:
        done_already = ConcernDraft.objects.filter(pk=draft.pk).values_list("case_id", flat=True).first()
        if done_already:
            return done_already, None
        raise Http404("No such draft")
    facts = Facts.from_json(
        journey.facts_json(
            locked.answers,
            services.referrer_facts(request.user.organisation, locked.partnership),  # type: ignore[union-attr]
            timezone.localdate(),
        )
    )
    case, _ = services.open_case(
        partnership=locked.partnership,
        facts=facts,
        by=request.user,  # type: ignore[arg-type]
        case_fields=journey.case_fields(locked.answers),
        people=journey.people(locked.answers),
    )
    locked.case = case
    locked.save(update_fields=["case", "updated_at"])
    return case.pk, case


def _matches(request: HttpRequest, case: Case) -> list[dict[str, Any]]:
    """What matching found when this case was opened, if this session submitted it: for each person,
    how many possible matches they may open, or which organisations hold the others. Never the
    candidates themselves."""
    stored = request.session.get(MATCHES) or {}
    if stored.get("case") != case.pk or not stored.get("people"):
        return []
    people = {p.pk: p for p in case.people.filter(pk__in=[f["case_person_id"] for f in stored["people"]])}
    return [
        {
            "case_person": people[f["case_person_id"]],
            "shown": f["shown"],
            "held_by": _and(f["held_by"]),
            "held_by_several": len(f["held_by"]) > 1,
        }
        for f in stored["people"]
        if f["case_person_id"] in people
    ]


def _and(words: list[str]) -> str:
    """["A", "B", "C"] as "A, B and C"."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def done(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    audit.record(action=AuditAction.VIEW, request=request, obj=case)
    return render(
        request,
        "cases/report/done.html",
        {
            "case": case,
            "tasks": case.tasks.select_related("owner_organisation"),
            "decision": case.latest_decision,
            "matches": _matches(request, case),
        },
    )


@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = access.get_draft_for_user(request.user, pk)  # type: ignore[arg-type]
    draft.delete()
    messages.success(request, "Draft deleted")
    return redirect("cases:report-drafts")
