"""Commitments in the admin: to look, never to touch.

Rules, letters, signatures and their events are evidence (hashes, an append-only trail); they change only
through `services`, so every model here is read-only: no adding, changing or deleting, not even for a superuser.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Letter,
    LetterAmendment,
    LetterEvent,
    LetterVersion,
    NetworkRules,
    PaperSignature,
    RulesAcceptance,
    RulesRequest,
    Signature,
    SignatureRequest,
    Task,
    TaskNote,
    TaskProgress,
)


def _all_fields(model):
    return [field.name for field in model._meta.fields]


class ReadOnly:
    """No add, change or delete permission: the change page is a view page, the changelist has no actions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return _all_fields(self.model)


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnly, admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(NetworkRules)
class NetworkRulesAdmin(ReadOnlyAdmin):
    list_display = ["project", "number", "status", "published_at", "published_by"]
    list_filter = ["status"]
    search_fields = ["project__acronym", "project__name", "project__case_number", "body"]
    list_select_related = ["project", "published_by"]


class LetterVersionInline(ReadOnlyTabularInline):
    model = LetterVersion
    fields = ["number", "status", "language", "contribution_eur", "sent_at", "signed_at", "closed_at", "content_hash"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "project", "created_at"]
    search_fields = [
        "membership__organisation__name",
        "membership__project__acronym",
        "membership__project__case_number",
    ]
    list_select_related = ["membership__organisation", "membership__project"]
    inlines = [LetterVersionInline]

    @admin.display(description=_("organisation"), ordering="membership__organisation__name")
    def organisation(self, letter):
        return letter.membership.organisation

    @admin.display(description=_("project"), ordering="membership__project__acronym")
    def project(self, letter):
        return letter.membership.project


class TaskInline(ReadOnlyTabularInline):
    model = Task
    fields = ["order", "title", "effort", "deadline", "responsible", "goal"]
    show_change_link = False  # tasks have no admin page of their own

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("responsible", "goal")


@admin.register(LetterVersion)
class LetterVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "language", "contribution_eur", "sent_at", "signed_at", "closed_at"]
    list_filter = ["status", "language"]
    search_fields = ["letter__membership__organisation__name", "management_name", "management_email", "content_hash"]
    list_select_related = ["letter__membership__organisation"]
    inlines = [TaskInline]


@admin.register(SignatureRequest)
class SignatureRequestAdmin(ReadOnlyAdmin):
    list_display = ["name", "role", "status", "email", "version", "sent_at", "expires_at", "answered_at"]
    list_filter = ["status", "role"]
    search_fields = ["name", "email", "version__letter__membership__organisation__name"]
    list_select_related = ["version__letter__membership__organisation"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["signer_name", "signer_title", "sent_to", "letter_version", "signed_at", "voided_at"]
    list_filter = [("voided_at", admin.EmptyFieldListFilter), "consent_version"]
    search_fields = ["signer_name", "sent_to", "content_hash"]
    list_select_related = ["request__version__letter__membership__organisation"]

    @admin.display(description=_("letter version"), ordering="request__version")
    def letter_version(self, signature):
        return signature.request.version


@admin.register(RulesRequest)
class RulesRequestAdmin(ReadOnlyAdmin):
    list_display = ["membership", "rules", "contact", "status", "sent_at", "expires_at"]
    list_filter = ["status"]
    search_fields = ["membership__organisation__name", "contact__name", "contact__email"]
    list_select_related = ["membership__organisation", "rules", "contact"]


@admin.register(RulesAcceptance)
class RulesAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["membership", "rules", "accepted_by", "email", "accepted_at", "signature"]
    list_filter = ["consent_version"]
    search_fields = ["membership__organisation__name", "accepted_by", "email"]
    list_select_related = ["membership__organisation", "rules", "signature"]


@admin.register(LetterEvent)
class LetterEventAdmin(ReadOnlyAdmin):
    list_display = ["letter", "sequence", "version_number", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["actor", "hash", "letter__membership__organisation__name"]
    list_select_related = ["letter__membership__organisation"]


@admin.register(LetterAmendment)
class LetterAmendmentAdmin(ReadOnlyAdmin):
    list_display = ["version", "number", "status", "proposed_at", "acknowledged_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["version__letter__membership__organisation"]


@admin.register(PaperSignature)
class PaperSignatureAdmin(ReadOnlyAdmin):
    list_display = ["version", "file_name", "contact_signed_on", "management_signed_on", "recorded_at"]
    list_select_related = ["version__letter__membership__organisation"]


class TaskNoteInline(ReadOnlyTabularInline):
    model = TaskNote


@admin.register(TaskProgress)
class TaskProgressAdmin(ReadOnlyAdmin):
    """Tasks' follow-through, read-only: members and coordinators change it on the letter's tasks page (audited)."""

    list_display = ["letter", "status", "done_on", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["letter__membership__organisation", "letter__membership__project"]
    inlines = [TaskNoteInline]
