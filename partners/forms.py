from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from projects.forms import DateField, DateInput

from .models import ContactPerson, Membership, MembershipRole, Organisation


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find an organisation"),
        max_length=200,
        required=False,
        help_text=_("Name, business ID or registration number."),
    )


class OrganisationForm(forms.ModelForm):
    """Organisation details; refuses to create a duplicate and links to the existing one instead."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "org_type",
            "country",
            "business_id",
            "foreign_registration_number",
            "website",
            "new_to_international",
        ]

    def __init__(self, *args, project=None, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        duplicate = self.instance.find_duplicates().first()
        if duplicate is None:
            return super().validate_unique()
        if duplicate.business_id and duplicate.business_id == self.instance.business_id:
            field = "business_id"
        elif duplicate.foreign_registration_number and (
            duplicate.foreign_registration_number.lower() == self.instance.foreign_registration_number.lower()
        ):
            field = "foreign_registration_number"
        else:
            field = "name"
        if self.project is not None:
            link = reverse("partners:add_existing", args=[self.project.pk, duplicate.pk])
            message = format_html(
                '{} <a href="{}">{}</a>',
                _("This organisation is already registered:"),
                link,
                _("add %(name)s to the project") % {"name": duplicate.name},
            )
        else:
            message = _("This organisation is already registered as %(name)s.") % {"name": duplicate.name}
        self.add_error(field, message)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role in the project"), choices=MembershipRole.choices, initial=MembershipRole.PARTNER
    )


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "status", "joined_on", "left_on"]
        field_classes = {"joined_on": DateField, "left_on": DateField}
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("An organisation cannot leave before it joined."))
        return cleaned


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "email", "phone", "language", "consent_to_share"]

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = ContactPerson.objects.filter(organisation=self.organisation, email__iexact=email)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This organisation already has a contact with this e-mail address."))
        return email
