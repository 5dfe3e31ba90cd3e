"""The questions on a task: accept it, what came of it, why it cannot be done, who should have it,
who in that organisation will do it; and the questions for adding a task to a case.

Every form on an existing task carries the task's version as it was shown, so a change made
meanwhile by someone else is caught rather than overwritten (services_tasks.StaleTask)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from waymark.accounts.models import User
from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from .models import Case, Task

TEXT_MAX_LENGTH = 4000
TITLE_MAX_LENGTH = Task._meta.get_field("title").max_length or 200
NOBODY = "Nobody named"
CONFLICT = "Someone else changed this task while you were working on it. Check the task below, then try again."


class TaskForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Reload the page, then try again",
            "invalid": "This form is out of date. Reload the page, then try again",
        },
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": task.version})
        super().__init__(*args, **kwargs)
        self.task = task


class AcceptTaskForm(TaskForm):
    pass


class DoneTaskForm(TaskForm):
    outcome = forms.CharField(
        label="What was the outcome?",
        help_text="For example, the referral was made and acknowledged, with its reference.",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the outcome of the task",
            "max_length": f"The outcome must be {TEXT_MAX_LENGTH} characters or fewer",
        },
    )


class CannotDoTaskForm(TaskForm):
    reason = forms.CharField(
        label="Why can it not be done?",
        help_text="The coordinator will see this and may give the task to another organisation.",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the task cannot be done",
            "max_length": f"The reason must be {TEXT_MAX_LENGTH} characters or fewer",
        },
    )


class ReassignTaskForm(TaskForm):
    organisation = forms.ModelChoiceField(
        label="Which organisation should do it?",
        help_text="A member organisation of the partnership. It will be asked to accept the task.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation to give the task to",
            "invalid_choice": "Select another organisation that is a member of the partnership",
        },
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, task=task, **kwargs)
        members = Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=task.case.partnership_id))
        self.fields["organisation"].queryset = members.exclude(pk=task.owner_organisation_id).order_by("name")  # type: ignore[attr-defined]


# Naming the person who will do a task


class PeopleByOrganisation(ModelChoiceIterator):
    """The options grouped by organisation, as <optgroup>s: the list works without JavaScript."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        people = self.queryset.select_related("organisation")
        for organisation, members in groupby(people, key=lambda user: user.organisation):
            yield (str(organisation), [self.choice(user) for user in members])


class PersonChoiceField(forms.ModelChoiceField):
    iterator = PeopleByOrganisation

    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


def _person_field(label: str, help_text: str) -> PersonChoiceField:
    return PersonChoiceField(
        label=label,
        help_text=help_text,
        queryset=User.objects.none(),
        required=False,
        empty_label=NOBODY,
        error_messages={"invalid_choice": "Select a person from the list"},
    )


class NamePersonForm(TaskForm):
    person = _person_field("Person", "")

    def __init__(self, *args: Any, task: Task, people: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": task.version, "person": task.owner_user_id})
        super().__init__(*args, task=task, **kwargs)
        person = self.fields["person"]
        person.queryset = people.filter(organisation_id=task.owner_organisation_id)  # type: ignore[attr-defined]
        person.error_messages["invalid_choice"] = f"Select a person who works for {task.owner_organisation}"
        person.help_text = (
            f"People at {task.owner_organisation} with a caseworker, first responder or coordinator role."
        )


# Adding a task to a case


class AddTaskForm(forms.Form):
    title = forms.CharField(
        label="What is the task?",
        help_text="What needs to happen, in a few words. For example, Arrange an interpreter for the next visit.",
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": "Enter the task",
            "max_length": f"The task must be {TITLE_MAX_LENGTH} characters or fewer",
        },
    )
    explanation = forms.CharField(
        label="What needs doing (optional)",
        help_text="Anything the organisation needs to know to do it. Do not include the names of the people in the case.",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"What needs doing must be {TEXT_MAX_LENGTH} characters or fewer"},
    )
    organisation = forms.ModelChoiceField(
        label="Which organisation will do it?",
        help_text="A member organisation of the partnership. It will be asked to accept the task.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation that will do the task",
            "invalid_choice": "Select an organisation that is a member of the partnership",
        },
    )
    person = _person_field(
        "Who in that organisation will do it? (optional)",
        "People with a caseworker, first responder or coordinator role, listed by organisation.",
    )
    due_date = GovukDateField(label="Due date", error_messages={"required": "Enter the date the task is due"})

    def __init__(self, *args: Any, case: Case, people: QuerySet[User], user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        members = Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=case.partnership_id))
        self.fields["organisation"].queryset = members.order_by("name")  # type: ignore[attr-defined]
        self.fields["person"].queryset = people.filter(organisation__in=members.values("pk"))  # type: ignore[attr-defined]
        if not self.is_bound and user.organisation_id is not None:
            self.initial.setdefault("organisation", user.organisation_id)
        example = timezone.localdate() + timedelta(days=14)
        self.fields["due_date"].help_text = f"For example, {example.day} {example.month} {example.year}"

    def clean_due_date(self) -> date:
        due: date = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("Due date must be today or in the future")
        return due

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation, person = cleaned.get("organisation"), cleaned.get("person")
        if organisation is not None and person is not None and person.organisation_id != organisation.pk:
            self.add_error("person", f"Select a person who works for {organisation}")
        return cleaned
