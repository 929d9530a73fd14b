from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation
from partners.queries import current_members
from projects.forms import DateInput

from .models import MAX_PARTICIPANTS, Mobility


class MobilityForm(forms.ModelForm):
    """One record. A member's contact (`own`: their organisations' pks, None for a coordinator) records
    mobilities that their own organisation sends or receives."""

    class Meta:
        model = Mobility
        fields = [
            "direction",
            "participant_type",
            "participants",
            "sending_organisation",
            "sending_name",
            "receiving_organisation",
            "receiving_name",
            "country",
            "start_date",
            "end_date",
            "newcomer_first",
        ]
        widgets = {
            "direction": forms.RadioSelect,
            "participant_type": forms.RadioSelect,
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, project, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own = None if own is None else set(own)
        members = current_members(project).values("organisation_id")
        named = Q()
        if self.instance.pk:  # a member who has left since keeps its records
            named = Q(pk=self.instance.sending_organisation_id) | Q(pk=self.instance.receiving_organisation_id)
        organisations = Organisation.objects.filter(Q(pk__in=members) | named).order_by("name", "pk")
        for side in ("sending", "receiving"):
            self.fields[f"{side}_organisation"].queryset = organisations
            self.fields[f"{side}_organisation"].empty_label = _("– outside the network –")
        self.fields["participants"].widget.attrs.update(min=1, max=MAX_PARTICIPANTS)
        self.fields["participants"].validators.append(
            MaxValueValidator(MAX_PARTICIPANTS, message=_("At most %(limit_value)s participants in one record."))
        )

    def clean(self):
        cleaned = super().clean()
        if self.own is not None:
            sides = {cleaned.get("sending_organisation"), cleaned.get("receiving_organisation")}
            if not any(organisation is not None and organisation.pk in self.own for organisation in sides):
                raise forms.ValidationError(
                    _("Record mobilities that your own organisation sends or receives."), code="not_own"
                )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("An Excel workbook (.xlsx) or a CSV file laid out like the template.")
    )
