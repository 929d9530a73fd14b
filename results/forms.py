from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networkhub import uploads
from partners.models import Organisation
from partners.queries import current_members
from projects.forms import DateInput

from .models import ContinuationPlan, Contribution, DisseminationEvent, Output, Uptake


class OutputForm(forms.ModelForm):
    """An output with an optional web address and an optional file (checked for size, type and content)."""

    upload = forms.FileField(label=_("File"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)

    class Meta:
        model = Output
        fields = ["output_type", "title", "description", "url", "contributors"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "contributors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        # The project's current members, and whoever the output already names (a member who has left since).
        members = current_members(project).values("organisation_id")
        named = self.instance.contributors.values("pk") if self.instance.pk else Organisation.objects.none()
        self.fields["contributors"].queryset = Organisation.objects.filter(
            Q(pk__in=members) | Q(pk__in=named)
        ).order_by("name", "pk")
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


# A reach above this is a typing error, and it keeps the number inside a 32-bit column on every database
# (SQLite would store a larger one that PostgreSQL refuses).
MAX_REACH = 1_000_000_000


class DisseminationEventForm(forms.ModelForm):
    class Meta:
        model = DisseminationEvent
        fields = ["date", "channel", "audience_type", "audience", "reach", "url"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reach"].max_value = MAX_REACH
        self.fields["reach"].widget.attrs["max"] = MAX_REACH
        self.fields["reach"].validators.append(
            MaxValueValidator(MAX_REACH, message=_("The reach can be at most %(limit_value)s people."))
        )


class UptakeForm(forms.ModelForm):
    class Meta:
        model = Uptake
        fields = ["organisation_name", "date", "evidence", "url"]
        widgets = {"date": DateInput(), "evidence": forms.Textarea(attrs={"rows": 3})}


class ContinuationPlanForm(forms.ModelForm):
    class Meta:
        model = ContinuationPlan
        fields = ["continues", "decided_by", "resources"]
        widgets = {"continues": forms.Textarea(attrs={"rows": 4}), "resources": forms.Textarea(attrs={"rows": 3})}


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["kind", "date", "description", "counterpart"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class MergeForm(forms.Form):
    """Merging a duplicate: the other entry, and which of the two to keep. Sent with GET to reach the confirmation."""

    KEEP_CHOICES = [("this", _("Keep this entry")), ("other", _("Keep the other entry"))]

    other = forms.ModelChoiceField(
        label=_("The duplicate entry"),
        queryset=Output.objects.none(),
        error_messages={"invalid_choice": _("Choose another entry of this project.")},
    )
    keep = forms.ChoiceField(
        label=_("Which one to keep"), choices=KEEP_CHOICES, widget=forms.RadioSelect, initial="this"
    )

    def __init__(self, *args, queryset, label_from_instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = queryset
        self.fields["other"].label_from_instance = label_from_instance
