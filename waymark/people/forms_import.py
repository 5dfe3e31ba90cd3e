"""The questions asked to import people from a file: which partnership (for a coordinator of
several), which organisation holds the records, and the file. The file is read and checked here, so
a file we cannot read, or one without a name column, is an error on the file field; a file read
well is kept (by the view) when another answer is wrong, so it need not be chosen again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from waymark.partners.models import Organisation, Partnership

from . import person_import

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    partnership = forms.ChoiceField(
        label="Which partnership are the people in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the partnership", "invalid_choice": "Select a partnership from the list"},
    )
    organisation = forms.ChoiceField(
        label="Which organisation recorded these people?",
        help_text="Their records will say they were recorded by this organisation. It must be a member of the "
        "partnership now.",
        error_messages={
            "required": "Select the organisation that recorded these people",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    file = forms.FileField(
        label="Upload the file",
        help_text=f"An XLSX or CSV file of {person_import.MAX_ROWS:,} people or fewer, with the column headings in "
        "its first row.",
        max_length=255,
        allow_empty_file=False,
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        members: dict[Partnership, list[Organisation]],
        kept_file: str = "",
        **kwargs: Any,
    ) -> None:
        """`members`: each partnership the user may import into, with its current members. With
        `kept_file` (the name of a file read before), a new file is not needed."""
        super().__init__(*args, **kwargs)
        self.members = members
        self.kept_file = kept_file
        partnerships = list(members)
        organisation: Any = self.fields["organisation"]
        if len(partnerships) == 1:
            del self.fields["partnership"]
            organisation.choices = [
                ("", "Select an organisation"),
                *[(str(o.pk), o.name) for o in members[partnerships[0]]],
            ]
        else:
            partnership: Any = self.fields["partnership"]
            partnership.choices = [(str(p.pk), p.name) for p in partnerships]
            organisation.choices = [
                ("", "Select an organisation"),
                *[(p.name, [(str(o.pk), o.name) for o in members[p]]) for p in partnerships],
            ]
        if kept_file:
            self.fields["file"].required = False
            self.fields["file"].label = "Upload a different file (optional)"
            self.fields["file"].help_text = f"You uploaded {kept_file}. Choose another file only to replace it."

    def clean_file(self) -> person_import.Result | None:
        """The file's rows, checked, read now so that a file we cannot use is an error on this field."""
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size and upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {IMPORT_MAX_BYTES // (1024 * 1024)}MB")
        try:
            result = person_import.parse(person_import.read_table(upload.read()))
        except person_import.UnreadableFile as problem:
            raise forms.ValidationError(str(problem)) from problem
        if result.errors:
            raise forms.ValidationError(result.errors)
        return result

    def chosen(self) -> tuple[Partnership, Organisation]:
        """The partnership and organisation chosen (after is_valid)."""
        return self.cleaned_data["chosen_partnership"], self.cleaned_data["chosen_organisation"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        partnerships = {str(p.pk): p for p in self.members}
        if "partnership" in self.fields:
            partnership = partnerships.get(cleaned.get("partnership") or "")
        else:
            partnership = next(iter(self.members))
        organisation_id = cleaned.get("organisation")
        if partnership is not None and organisation_id:
            organisation = next((o for o in self.members[partnership] if str(o.pk) == organisation_id), None)
            if organisation is None:
                self.add_error("organisation", f"Select an organisation that is a member of {partnership}")
            else:
                cleaned["chosen_partnership"], cleaned["chosen_organisation"] = partnership, organisation
        return cleaned
