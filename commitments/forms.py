from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.queries import project_goals
from networkhub import uploads
from networkhub.dates import short_date
from partners.models import ContactPerson
from projects.forms import DateField, DateInput

from .models import CommitmentSettings, LetterVersion, NetworkRules, Task, TaskStatus


class RulesForm(forms.ModelForm):
    class Meta:
        model = NetworkRules
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


class SigningSettingsForm(forms.ModelForm):
    class Meta:
        model = CommitmentSettings
        fields = ["signing_order", "strong_identification"]
        widgets = {"signing_order": forms.RadioSelect}

    def __init__(self, *args, identification_provider="", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["strong_identification"]
        if identification_provider:
            field.help_text = _(
                "The management signatory identifies through %(provider)s (bank ID or mobile certificate) "
                "before signing, and the identified name must match the letter."
            ) % {"provider": identification_provider}
        else:
            field.disabled = True
            field.help_text = _(
                "Not available: no identity provider is configured for this service. The administrator "
                "configures one (Suomi.fi e-Identification or a broker) in the OIDC settings."
            )


class LetterForm(forms.ModelForm):
    class Meta:
        model = LetterVersion
        fields = [
            "language",
            "contact",
            "management_name",
            "management_title",
            "management_email",
            "contribution_eur",
            "contribution_note",
            "period_start",
            "period_end",
            "additional_terms",
        ]
        field_classes = {"period_start": DateField, "period_end": DateField}
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "additional_terms": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "contact": _("Confirms the tasks and the network rules."),
            "management_name": _("Rector, CEO or another person authorised to commit the organisation."),
        }

    def __init__(self, *args, organisation, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = ContactPerson.objects.visible_to(project).filter(organisation=organisation)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "description", "responsible", "effort", "deadline", "goal", "order"]
        field_classes = {"deadline": DateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput()}


class BaseTaskFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, organisation, project, **kwargs):
        self.organisation, self.project = organisation, project
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["responsible"].queryset = ContactPerson.objects.visible_to(self.project).filter(
            organisation=self.organisation
        )
        form.fields["goal"].queryset = project_goals(self.project)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["responsible"].queryset = ContactPerson.objects.visible_to(self.project).filter(
            organisation=self.organisation
        )
        form.fields["goal"].queryset = project_goals(self.project)
        return form


TaskFormSet = inlineformset_factory(
    LetterVersion, Task, form=TaskForm, formset=BaseTaskFormSet, extra=2, can_delete=True
)


class SignForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    title = forms.CharField(label=_("Your title"), max_length=200)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args, consent_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        self.fields["consent"].error_messages["required"] = _("Tick the box to sign.")


class DeclineForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    reason = forms.CharField(
        label=_("Why do you decline?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coordinator reads this and can send a corrected letter."),
    )


class DelegateForm(forms.Form):
    name = forms.CharField(label=_("Deputy's name"), max_length=200)
    title = forms.CharField(label=_("Deputy's title"), max_length=200)
    email = forms.EmailField(label=_("Deputy's e-mail address"))


class AmendmentForm(forms.Form):
    """New responsible persons and deadlines for the tasks of the letter in force: nothing else is a field.

    A task's title and description, the money and the period change only with a new version."""

    def __init__(self, *args, version, project, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.tasks = list(version.tasks.select_related("responsible"))
        # The contacts are read once, whatever the number of tasks.
        self.contacts = {
            contact.pk: contact
            for contact in ContactPerson.objects.visible_to(project).filter(organisation=organisation).order_by("name")
        }
        choices = [("", _("(unchanged)"))] + [(pk, contact.name) for pk, contact in self.contacts.items()]
        self.rows = []
        for task in self.tasks:
            responsible = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                label=_("New responsible person for “%(task)s”") % {"task": task.title},
                error_messages={
                    "invalid_choice": _("Choose a contact person of %(organisation)s.")
                    % {"organisation": organisation.name}
                },
            )
            deadline = DateField(
                required=False, label=_("New deadline for “%(task)s”") % {"task": task.title}, widget=DateInput()
            )
            self.fields[f"responsible_{task.pk}"] = responsible
            self.fields[f"deadline_{task.pk}"] = deadline
            self.rows.append((task, self[f"responsible_{task.pk}"], self[f"deadline_{task.pk}"]))

    def clean(self):
        cleaned = super().clean()
        start, end = self.project.start_date, self.project.end_date
        for task in self.tasks:
            deadline = cleaned.get(f"deadline_{task.pk}")
            if deadline and not start <= deadline <= end:
                self.add_error(
                    f"deadline_{task.pk}",
                    _("The deadline must fall within the project period %(start)s – %(end)s.")
                    % {"start": short_date(start), "end": short_date(end)},
                )
        return cleaned

    def changes(self):
        """[(task, responsible or None, deadline or None)] for the service."""
        return [
            (
                task,
                self.contacts.get(self.cleaned_data.get(f"responsible_{task.pk}")),
                self.cleaned_data.get(f"deadline_{task.pk}"),
            )
            for task in self.tasks
        ]


class AcknowledgeForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    confirm = forms.BooleanField(
        required=True,
        label=_(
            "I acknowledge these new responsible persons and deadlines on behalf of my organisation. The rest of "
            "the letter stays as it was signed."
        ),
        error_messages={"required": _("Tick the box to acknowledge.")},
    )


# A scanned paper letter: a PDF or a photo of it, at most this big.
PAPER_SCAN_EXTENSIONS = ("pdf", "png", "jpg", "jpeg")
PAPER_SCAN_MAX_BYTES = 20 * 1024 * 1024


class PaperSignatureForm(forms.Form):
    upload = forms.FileField(label=_("Scanned signed letter"))
    contact_name = forms.CharField(label=_("Contact person who signed"), max_length=200)
    contact_title = forms.CharField(label=_("Contact person's title"), max_length=200)
    contact_signed_on = DateField(label=_("Date of the contact person's signature"))
    management_name = forms.CharField(label=_("Management signatory who signed"), max_length=200)
    management_title = forms.CharField(label=_("Management signatory's title"), max_length=200)
    management_signed_on = DateField(label=_("Date of the management signature"))
    confirm = forms.BooleanField(
        required=True,
        label=_(
            "I confirm that this scanned letter was signed on paper by these people on these dates. The letter "
            "cannot be edited afterwards, and it counts as signed from these dates."
        ),
        error_messages={"required": _("Tick the box to record the paper signature.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_type = ""
        self.fields["upload"].help_text = _("A PDF or an image (PNG, JPEG), at most %(size)s MB.") % {
            "size": PAPER_SCAN_MAX_BYTES // (1024 * 1024)
        }
        self.fields["upload"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in PAPER_SCAN_EXTENSIONS)

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.content_type = uploads.check_upload(
                upload, max_bytes=PAPER_SCAN_MAX_BYTES, extensions=PAPER_SCAN_EXTENSIONS
            )
        return upload

    def _not_in_future(self, name):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise ValidationError(_("A paper signature cannot be dated in the future."))
        return value

    def clean_contact_signed_on(self):
        return self._not_in_future("contact_signed_on")

    def clean_management_signed_on(self):
        return self._not_in_future("management_signed_on")


class TaskProgressForm(forms.Form):
    """One letter task's status and a progress note (commitments.services.update_task checks the rest)."""

    thread = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices, widget=forms.RadioSelect)
    done_on = DateField(
        label=_("Done on"),
        required=False,
        help_text=_("Only for a done task; today if left empty."),
    )
    drop_reason = forms.CharField(
        label=_("Reason for dropping"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for a dropped task: why it will not be carried out."),
    )
    note = forms.CharField(
        label=_("Progress note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done or what is next. Notes are kept as the task's history."),
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            prefix = f"task-{task.thread}"
            self.auto_id = f"id_{prefix}_%s"
            if not self.is_bound:
                self.initial.update(
                    thread=task.thread,
                    status=task.progress.status,
                    done_on=task.progress.done_on,
                    drop_reason=task.progress.drop_reason,
                )
