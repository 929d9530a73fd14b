from django import forms
from django.contrib.auth import password_validation
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from networkhub.models import User
from projects.forms import DateInput, ProjectForm

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


class ProjectRegistrationForm(ProjectForm):
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_(
            "The coordinating organisation. If it is not listed, register the project from an existing "
            "organisation and add the others as members afterwards."
        ),
    )

    class Meta(ProjectForm.Meta):
        fields = [field for field in ProjectForm.Meta.fields if field not in ("status", "review_interval_months")]


class JoinForm(forms.Form):
    """A new partner account from an invitation: the person's name and a password."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            try:
                password_validation.validate_password(
                    password1, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    @property
    def password(self):
        return self.cleaned_data["password1"]


class LinkAccountForm(forms.Form):
    """The invited address already has an account: its password links the contact to it."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)
