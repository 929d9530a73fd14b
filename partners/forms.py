import re

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from networkhub import zones
from projects.forms import DateField, DateInput, ProjectForm

from .models import (
    EXPERTISE_TEXT_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TAG_MIN_LENGTH,
    TAGS_PER_PROFILE,
    ContactPerson,
    Membership,
    MembershipRole,
    Organisation,
    normalise_tag,
    plain_text,
)


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
        # Room for the VAT form (FI07375462) and spaces; what is stored is always 1234567-8.
        self.fields["business_id"].max_length = 20
        self.fields["business_id"].widget.attrs["maxlength"] = 20
        self.fields["business_id"].validators = []

    def _get_validation_exclusions(self):
        # The model's clean() checks and normalises the business ID, with one accurate message;
        # its max_length check would only add a second, misleading one for the VAT form.
        return {*super()._get_validation_exclusions(), "business_id"}

    def _post_clean(self):
        super()._post_clean()
        # A duplicate is explained at its field with a link (validate_unique); the database
        # constraint's own message names the constraint and would only repeat it.
        if self.has_error("foreign_registration_number") and self.has_error(NON_FIELD_ERRORS, "duplicate_registration"):
            remaining = [e for e in self.errors.as_data()[NON_FIELD_ERRORS] if e.code != "duplicate_registration"]
            if remaining:
                self._errors[NON_FIELD_ERRORS] = self.error_class(remaining, error_class="nonfield")
            else:
                del self._errors[NON_FIELD_ERRORS]

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
    """A contact person. Consent to share is asked as a decision: not asked yet, yes or no (characteristic 8
    counts the contacts whose decision is recorded; a "no" is a decision too)."""

    UNDECIDED, YES, NO = "", "yes", "no"
    consent = forms.ChoiceField(
        label=_("May share contact details within the network"),
        choices=[
            (UNDECIDED, _("Not asked yet")),
            (YES, _("Yes: other members may see the e-mail address and phone number")),
            (NO, _("No: keep the contact details within the coordination")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ContactPerson
        fields = ["name", "title", "email", "phone", "language", "time_zone"]
        help_texts = {"time_zone": _("Meeting times in e-mails and on link pages are shown in this zone too.")}

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        instance = kwargs.get("instance")
        if instance is not None and instance.pk is None and organisation is not None:
            # A new contact starts in the organisation's language and time zone (a German company's: English, Berlin).
            instance.language, instance.time_zone = organisation.contact_language, organisation.contact_time_zone
        super().__init__(*args, **kwargs)
        current = self.instance.time_zone
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"),
            choices=zones.grouped_choices(extra=[current] if current else ()),
            initial=current or zones.DEFAULT_TIME_ZONE,
            help_text=self.Meta.help_texts["time_zone"],
            required=False,
        )

        contact = self.instance
        if contact.consent_to_share:
            self.initial.setdefault("consent", self.YES)
        elif contact.consent_decided_on is not None:
            self.initial.setdefault("consent", self.NO)
        else:
            self.initial.setdefault("consent", self.UNDECIDED)

    def clean_time_zone(self):
        """Left out (an older form, a script): the zone stays as it was."""
        return self.cleaned_data.get("time_zone") or self.instance.time_zone or zones.DEFAULT_TIME_ZONE

    def save(self, commit=True):
        """Record the decision, dated today when it changes (an undecided contact stays undecided)."""
        contact = super().save(commit=False)
        decision = self.cleaned_data.get("consent") or self.UNDECIDED
        if decision == self.UNDECIDED:
            contact.consent_to_share, contact.consent_decided_on = False, None
        elif contact.consent_decided_on is None or contact.consent_to_share != (decision == self.YES):
            contact.consent_to_share = decision == self.YES
            contact.consent_decided_on = timezone.localdate()
        if commit:
            contact.save()
        return contact

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = ContactPerson.objects.filter(organisation=self.organisation, email__iexact=email)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This organisation already has a contact with this e-mail address."), code="duplicate_contact"
            )
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


# Letters and digits (any script), with spaces and a few joining characters inside: "work-based learning", "r&d".
_TAG = re.compile(r"^[^\W_][\w &+./'’()-]*$")


class ExpertiseProfileForm(forms.Form):
    tags = forms.CharField(
        label=_("Expertise tags"),
        required=False,
        max_length=TAGS_PER_PROFILE * (TAG_MAX_LENGTH + 2),
        help_text=_("Separate tags with commas, e.g. work-based learning, mobility, digital pedagogy."),
    )
    description = forms.CharField(
        label=_("Our expertise"),
        required=False,
        strip=False,
        # The length is checked on the cleaned text, whose line breaks count as one character as in the browser.
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": EXPERTISE_TEXT_MAX_LENGTH}),
    )

    def __init__(self, *args, profile=None, **kwargs):
        if profile is not None:
            kwargs.setdefault(
                "initial",
                {"tags": ", ".join(tag.name for tag in profile.tags.all()), "description": profile.description},
            )
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = ngettext(
            "What your organisation knows and can offer the other members, as plain text (at most %(max)s character).",
            "What your organisation knows and can offer the other members, as plain text (at most %(max)s characters).",
            EXPERTISE_TEXT_MAX_LENGTH,
        ) % {"max": EXPERTISE_TEXT_MAX_LENGTH}

    def clean_tags(self):
        names = []
        for part in self.cleaned_data["tags"].split(","):
            name = normalise_tag(part)
            if not name or name in names:
                continue
            if len(name) < TAG_MIN_LENGTH or len(name) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    ngettext(
                        "“%(tag)s”: a tag has %(min)s to %(max)s character.",
                        "“%(tag)s”: a tag has %(min)s to %(max)s characters.",
                        TAG_MAX_LENGTH,
                    ),
                    params={"tag": name[:TAG_MAX_LENGTH], "min": TAG_MIN_LENGTH, "max": TAG_MAX_LENGTH},
                    code="tag_length",
                )
            if not _TAG.match(name):
                raise forms.ValidationError(
                    _("“%(tag)s”: use letters, digits, spaces and hyphens in a tag."),
                    params={"tag": name},
                    code="tag_characters",
                )
            names.append(name)
        if len(names) > TAGS_PER_PROFILE:
            raise forms.ValidationError(
                ngettext(
                    "At most %(max)s tag, please: this has %(count)s.",
                    "At most %(max)s tags, please: this has %(count)s.",
                    TAGS_PER_PROFILE,
                ),
                params={"max": TAGS_PER_PROFILE, "count": len(names)},
                code="too_many_tags",
            )
        return names

    def clean_description(self):
        text = plain_text(self.cleaned_data["description"])
        if len(text) > EXPERTISE_TEXT_MAX_LENGTH:
            raise forms.ValidationError(
                ngettext(
                    "At most %(max)s character, please: this has %(count)s.",
                    "At most %(max)s characters, please: this has %(count)s.",
                    EXPERTISE_TEXT_MAX_LENGTH,
                ),
                params={"max": EXPERTISE_TEXT_MAX_LENGTH, "count": len(text)},
                code="max_length",
            )
        return text


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_("Organisation, expertise, tag or contact person."),
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("All tags")), *((name, name) for name in tags)]
