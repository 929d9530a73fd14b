from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from networkhub import uploads

from .models import DisseminationEvent, Goal, Output, Project


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "acronym",
            "programme",
            "case_number",
            "status",
            "application_date",
            "start_date",
            "end_date",
            "grant_eur",
            "self_financing_eur",
            "description",
        ]
        widgets = {
            "application_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "indicator", "target", "unit", "order"]


GoalFormSet = inlineformset_factory(Project, Goal, form=GoalForm, extra=2, can_delete=True)


class AddCoordinatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the coordinator"))


class OutputForm(forms.ModelForm):
    """An output with an optional web address and an optional file (checked for size, type and content)."""

    upload = forms.FileField(label=_("File"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)

    class Meta:
        model = Output
        fields = ["output_type", "title", "description", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_type = ""
        extensions = uploads.known_extensions(settings.OUTPUT_FILE_EXTENSIONS)
        self.fields["upload"].help_text = _("At most %(size)s MB. Allowed types: %(types)s.") % {
            "size": settings.OUTPUT_FILE_MAX_BYTES // (1024 * 1024),
            "types": ", ".join(extensions),
        }
        self.fields["upload"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)
        if self.instance.file_name:
            self.fields["upload"].label = _("Replace the file %(name)s") % {"name": self.instance.file_name}
        else:
            del self.fields["remove_file"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.content_type = uploads.check_upload(
                upload, max_bytes=settings.OUTPUT_FILE_MAX_BYTES, extensions=settings.OUTPUT_FILE_EXTENSIONS
            )
        return upload


class DisseminationEventForm(forms.ModelForm):
    class Meta:
        model = DisseminationEvent
        fields = ["date", "channel", "audience", "reach", "url"]
        widgets = {"date": DateInput()}
