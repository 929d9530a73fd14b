from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import ContactPerson, Organisation
from partners.queries import current_members
from projects.forms import DateField

from . import queries
from .models import LANGUAGES, Announcement, Audience, MotivationEntry


class AnnouncementForm(forms.ModelForm):
    """Subject and message in one or more of fi, sv and en; all member contacts or a group (organisations and/or
    business, foreign or education partners: anyone in one of them)."""

    class Meta:
        model = Announcement
        fields = [
            "subject_fi",
            "body_fi",
            "subject_sv",
            "body_sv",
            "subject_en",
            "body_en",
            "audience",
            "organisations",
            "to_business",
            "to_foreign",
            "to_education",
        ]
        widgets = {
            "audience": forms.RadioSelect,
            "organisations": forms.CheckboxSelectMultiple,
            "body_fi": forms.Textarea(attrs={"rows": 6}),
            "body_sv": forms.Textarea(attrs={"rows": 6}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            pk__in=current_members(project).values("organisation_id")
        ).order_by("name", "pk")
        self.fields["organisations"].required = False
        self.fields["organisations"].help_text = _("With “A chosen group”: these members' contacts get it.")
        self.fields["to_education"].help_text = _(
            "With “A chosen group”: the contacts of every member of the kinds ticked get it too."
        )
        self.fields["body_en"].help_text = _(
            "Each recipient gets their own language. When it is not written: a Finnish or Swedish reader gets the "
            "other national language, then English; anyone else English, then Finnish, then Swedish."
        )

    def clean(self):
        cleaned = super().clean()
        written = 0
        for language in LANGUAGES:
            subject, body = cleaned.get(f"subject_{language}"), cleaned.get(f"body_{language}")
            if subject and not body:
                self.add_error(f"body_{language}", _("Write the message too, or leave out the subject."))
            elif body and not subject:
                self.add_error(f"subject_{language}", _("Give the message a subject."))
            elif subject and body:
                written += 1
        if not written and not self.errors:
            self.add_error("subject_fi", _("Write the subject and the message in at least one language."))
        if cleaned.get("audience") == Audience.GROUP and not (
            cleaned.get("organisations")
            or cleaned.get("to_business")
            or cleaned.get("to_foreign")
            or cleaned.get("to_education")
        ):
            self.add_error("organisations", _("Choose the organisations or the kinds of partner in the group."))
        return cleaned


class ConfirmForm(forms.Form):
    """The confirmation: nothing to fill in but the press (the page says who will get it, in which language)."""


class MotivationEntryForm(forms.ModelForm):
    class Meta:
        model = MotivationEntry
        fields = ["membership", "date", "channel", "reached_by", "contact", "note"]
        field_classes = {"date": DateField}
        widgets = {"channel": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        members = queries.business_and_foreign_members(project)
        membership = self.fields["membership"]
        membership.queryset = members
        membership.label_from_instance = lambda member: member.organisation.name
        self.fields["contact"].queryset = (
            ContactPerson.objects.visible_to(project)
            .filter(organisation__in=members.values("organisation_id"))
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["contact"].label_from_instance = lambda contact: f"{contact.name} ({contact.organisation.name})"
        if not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("reached_by", user.full_name)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        member, contact = cleaned.get("membership"), cleaned.get("contact")
        if member and contact and contact.organisation_id != member.organisation_id:
            self.add_error("contact", _("Choose a contact person of the partner."))
        return cleaned
