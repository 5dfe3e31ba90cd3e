"""The questions on a task: accept it, what came of it, why it cannot be done, who should have it.

Every form carries the task's version as it was shown, so a change made meanwhile by someone else
is caught rather than overwritten (services_tasks.StaleTask)."""

from __future__ import annotations

from typing import Any

from django import forms

from waymark.partners.models import Organisation, Partnership

from .models import Task

TEXT_MAX_LENGTH = 4000
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
