"""The coordinator's side: rules, letters, sending and following signatures, verification."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from networkhub import files
from networkhub.confirm import Confirmation, confirm_first, confirmation_page
from partners.access import get_membership, get_own_membership, own_memberships, project_view
from partners.models import ContactPerson

from .. import evidence, follow_through, identification, overview, queries, services
from ..amendments import tasks_in_force
from ..diff import diff
from ..forms import (
    AmendmentForm,
    LetterForm,
    PaperSignatureForm,
    RulesForm,
    SigningSettingsForm,
    TaskFormSet,
    TaskProgressForm,
)
from ..models import (
    OPEN_STATUSES,
    AmendmentStatus,
    Letter,
    LetterVersion,
    NetworkRules,
    PaperSignature,
    RulesStatus,
    SignatureRequest,
    VersionStatus,
)
from ..pdf import letter_pdf


@project_view()
def commitment_overview(request, project):
    if not request.is_project_coordinator:
        own = own_memberships(request, project).first()
        if own is None:
            return render(request, "commitments/no_letter.html", {"project": project})
        return redirect("commitments:letter", project.pk, own.pk)
    rules = NetworkRules.objects.current_for(project)
    rows = overview.member_rows(project, rules)
    return render(
        request,
        "commitments/overview.html",
        {"project": project, "rows": rows, "counts": overview.counts(rows), "rules": rules},
    )


@project_view()
def rules_view(request, project):
    versions = NetworkRules.objects.filter(project=project)
    draft = versions.filter(status=RulesStatus.DRAFT).first()
    form = None
    if request.is_project_coordinator:
        form = RulesForm(request.POST or None, instance=draft)
        if request.method == "POST" and form.is_valid():
            services.save_rules_draft(project, form.cleaned_data["body"], actor=request.user)
            messages.success(request, _("Draft rules saved."))
            return redirect("commitments:rules", project.pk)
        if draft is None and not form.is_bound:
            latest = NetworkRules.objects.current_for(project)
            form.initial["body"] = latest.body if latest else ""
    current = NetworkRules.objects.current_for(project)
    missing = queries.rules_missing(project, current) if current and request.is_project_coordinator else []
    return render(
        request,
        "commitments/rules.html",
        {
            "project": project,
            "published": versions.published(),
            "draft": draft,
            "form": form,
            "missing": missing,
            "waits_for_me": queries.open_rules_requests_for(request.user, [project.pk]).exists(),
        },
    )


@require_POST
@project_view(coordinator_only=True)
def rules_resend(request, project, membership_pk):
    membership = get_membership(project, membership_pk)
    try:
        services.resend_rules_request(membership, actor=request.user)
    except services.CommitmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(organisation)s was asked again to accept the rules.") % {"organisation": membership.organisation},
        )
    return redirect("commitments:rules", project.pk)


def _confirm_rules_publish(request, project):
    draft = get_object_or_404(NetworkRules, project=project, status=RulesStatus.DRAFT)
    count = len(services.rules_publish_recipients(draft))
    return Confirmation(
        title=_("Publish the rules?"),
        what_happens=ngettext(
            "Version %(number)s of the rules is published to the network, and %(count)s contact person of a member "
            "who accepted an earlier version is asked by e-mail to accept it.",
            "Version %(number)s of the rules is published to the network, and %(count)s contact persons of members "
            "who accepted an earlier version are asked by e-mail to accept it.",
            count,
        )
        % {"number": draft.number, "count": count},
        recipients=count,
        warnings=[_("A published version cannot be edited: a change needs a new version.")],
        confirm_label=_("Publish"),
        action_url=reverse("commitments:rules_publish", args=[project.pk]),
        cancel_url=reverse("commitments:rules", args=[project.pk]),
    )


@require_http_methods(["GET", "POST"])
@project_view(coordinator_only=True)
@confirm_first(_confirm_rules_publish)
def rules_publish(request, project):
    draft = get_object_or_404(NetworkRules, project=project, status=RulesStatus.DRAFT)
    try:
        rules = services.publish_rules(draft, actor=request.user)
    except services.CommitmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Rules version %(number)s published.") % {"number": rules.number})
    return redirect("commitments:rules", project.pk)


@project_view(coordinator_only=True)
def signing_settings(request, project):
    form = SigningSettingsForm(
        request.POST or None,
        instance=services.signing_settings(project),
        identification_provider=identification.provider_name() if identification.configured() else "",
    )
    if request.method == "POST" and form.is_valid():
        services.save_signing_settings(
            project,
            signing_order=form.cleaned_data["signing_order"],
            strong_identification=form.cleaned_data["strong_identification"],
            actor=request.user,
        )
        messages.success(request, _("Signing settings saved. The signing order applies to letters sent from now on."))
        return redirect("commitments:overview", project.pk)
    return render(request, "commitments/settings.html", {"project": project, "form": form})


@project_view()
def letter_detail(request, project, membership_pk):
    membership = get_own_membership(request, project, membership_pk)
    letter = Letter.objects.filter(membership=membership).first()
    versions = (
        letter.versions.select_related("rules", "contact", "paper").prefetch_related(
            "tasks__responsible", "tasks__goal", "amendments"
        )
        if letter
        else []
    )
    if not request.is_project_coordinator and letter:
        versions = versions.exclude(status=VersionStatus.DRAFT)
    requests = (
        SignatureRequest.objects.filter(version__letter=letter).select_related("version", "signature") if letter else []
    )
    current = next(iter(versions), None)
    amendments = list(current.amendments.all()) if current else []
    return render(
        request,
        "commitments/letter.html",
        {
            "project": project,
            "membership": membership,
            "letter": letter,
            "versions": versions,
            "current": current,
            "tasks": tasks_in_force(current.tasks.all(), amendments) if current else [],
            "amendments": amendments,
            "pending_amendment": next((a for a in amendments if a.status == AmendmentStatus.PENDING), None),
            "paper": getattr(current, "paper", None) if current else None,
            "requests": requests,
            "events": letter.events.order_by("sequence") if letter else [],
            "changes": diff(current) if current and current.number > 1 else None,
            "verification": evidence.verify(Letter.objects.filter(pk=letter.pk)) if letter else None,
            "waits_for_me": queries.open_signature_requests_for(request.user, [project.pk])
            .filter(version__letter__membership=membership)
            .exists(),
        },
    )


@project_view(coordinator_only=True)
def letter_edit(request, project, membership_pk):
    membership = get_membership(project, membership_pk)
    letter = Letter.objects.filter(membership=membership).first()
    draft = letter.versions.filter(status=VersionStatus.DRAFT).first() if letter else None
    if letter and draft is None and letter.versions.exists():
        messages.info(request, _("The letter has been sent. Start a new version to change it."))
        return redirect("commitments:letter", project.pk, membership.pk)
    organisation = membership.organisation
    version = draft or _new_draft(project, membership)
    form = LetterForm(request.POST or None, instance=version, organisation=organisation, project=project)
    tasks = TaskFormSet(
        request.POST or None, instance=version, organisation=organisation, project=project, prefix="tasks"
    )
    if request.method == "POST" and form.is_valid() and tasks.is_valid():
        try:
            services.save_draft(membership, form.save(commit=False), tasks=tasks, actor=request.user)
        except services.CommitmentError as error:
            form.add_error(None, error.message)  # the page keeps what was typed
        else:
            messages.success(request, _("Draft letter saved."))
            return redirect("commitments:letter", project.pk, membership.pk)
    return render(
        request,
        "commitments/letter_form.html",
        {"project": project, "membership": membership, "form": form, "tasks": tasks, "version": version},
    )


def _new_draft(project, membership):
    contact = (
        ContactPerson.objects.visible_to(project).filter(organisation=membership.organisation_id).order_by("pk").first()
    )
    return LetterVersion(
        language=contact.language if contact else "fi",
        contact=contact,
        period_start=max(project.start_date, membership.joined_on),
        period_end=project.end_date,
        rules=NetworkRules.objects.current_for(project),
    )


def _letter_action(request, project, membership_pk, action, success):
    membership = get_membership(project, membership_pk)
    letter = get_object_or_404(Letter, membership=membership)
    try:
        action(letter)
    except services.CommitmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("commitments:letter", project.pk, membership.pk)


@require_http_methods(["GET", "POST"])
@project_view(coordinator_only=True)
def letter_send(request, project, membership_pk):
    if request.method == "GET":
        return _confirm_send(request, project, membership_pk)

    def send(letter):
        draft = letter.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            raise services.CommitmentError(_("There is no draft to send."))
        services.send_version(draft, actor=request.user)

    return _letter_action(request, project, membership_pk, send, _("The letter was sent for signing."))


def _confirm_send(request, project, membership_pk):
    membership = get_membership(project, membership_pk)
    letter = get_object_or_404(Letter, membership=membership)
    draft = get_object_or_404(letter.versions.select_related("contact"), status=VersionStatus.DRAFT)
    signers = []
    if draft.contact:
        signers.append(
            _("Contact person: %(name)s <%(email)s>") % {"name": draft.contact.name, "email": draft.contact.email}
        )
    if draft.management_email:
        signers.append(
            _("Management signatory: %(name)s <%(email)s>")
            % {"name": draft.management_name, "email": draft.management_email}
        )
    letter_url = reverse("commitments:letter", args=[project.pk, membership.pk])
    return confirmation_page(
        request,
        Confirmation(
            title=_("Send the letter for signing?"),
            what_happens=_(
                "Version %(number)s of the commitment letter of %(organisation)s is sent by e-mail with a "
                "personal signing link to:"
            )
            % {"number": draft.number, "organisation": membership.organisation.name},
            details=signers,
            warnings=[_("After sending, this version cannot be edited: a change needs a new version.")],
            confirm_label=_("Send for signing"),
            action_url=reverse("commitments:letter_send", args=[project.pk, membership.pk]),
            cancel_url=letter_url,
        ),
    )


@require_POST
@project_view(coordinator_only=True)
def letter_new_version(request, project, membership_pk):
    def start(letter):
        services.start_new_version(letter, actor=request.user)

    return _letter_action(request, project, membership_pk, start, _("A new draft version was created."))


def _request_action(request, project, membership_pk, request_pk, action, success):
    membership = get_membership(project, membership_pk)
    signature_request = get_object_or_404(SignatureRequest, pk=request_pk, version__letter__membership=membership)
    try:
        action(signature_request, actor=request.user)
    except services.CommitmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success % {"email": signature_request.email})
    return redirect("commitments:letter", project.pk, membership.pk)


@require_POST
@project_view(coordinator_only=True)
def request_resend(request, project, membership_pk, request_pk):
    success = _("A new link was sent to %(email)s; the old one no longer works.")
    return _request_action(request, project, membership_pk, request_pk, services.resend, success)


def _confirm_revoke(request, project, membership_pk, request_pk):
    membership = get_membership(project, membership_pk)
    signature_request = get_object_or_404(
        SignatureRequest.objects.select_related("version"), pk=request_pk, version__letter__membership=membership
    )
    version = signature_request.version
    letter_url = reverse("commitments:letter", args=[project.pk, membership.pk])
    if version.status not in OPEN_STATUSES:
        messages.error(request, _("Only a letter that is waiting for signatures can be revoked."))
        return redirect(letter_url)
    waiting = list(version.requests.open().order_by("pk"))
    count = len(waiting)
    return Confirmation(
        title=_("Revoke the letter?"),
        what_happens=ngettext(
            "Version %(number)s of the commitment letter of %(organisation)s is revoked, and the signing link of "
            "%(count)s signer stops working:",
            "Version %(number)s of the commitment letter of %(organisation)s is revoked, and the signing links of "
            "%(count)s signers stop working:",
            count,
        )
        % {"number": version.number, "organisation": membership.organisation.name, "count": count},
        details=[f"{each.name} <{each.email}>" for each in waiting],
        recipients=count,
        warnings=[_("To ask for signatures again, start a new version.")],
        confirm_label=_("Revoke"),
        danger=True,
        action_url=reverse("commitments:request_revoke", args=[project.pk, membership.pk, signature_request.pk]),
        cancel_url=letter_url,
    )


@require_http_methods(["GET", "POST"])
@project_view(coordinator_only=True)
@confirm_first(_confirm_revoke)
def request_revoke(request, project, membership_pk, request_pk):
    success = _("The signature requests were revoked.")
    return _request_action(request, project, membership_pk, request_pk, services.revoke, success)


@project_view()
def version_pdf(request, project, membership_pk, number):
    membership = get_own_membership(request, project, membership_pk)
    version = get_object_or_404(
        LetterVersion.objects.exclude(status=VersionStatus.DRAFT).select_related("letter__membership", "rules"),
        letter__membership=membership,
        number=number,
    )
    return pdf_response(version)


def pdf_response(version):
    organisation = version.letter.membership.organisation
    response = HttpResponse(letter_pdf(version), content_type="application/pdf")
    filename = f"commitment-{version.letter.membership.project.acronym}-{organisation.pk}-v{version.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@project_view(coordinator_only=True)
def verify_view(request, project):
    report = evidence.verify(Letter.objects.filter(membership__project=project))
    return render(request, "commitments/verify.html", {"project": project, "report": report})


@project_view(coordinator_only=True)
def letter_amend(request, project, membership_pk):
    """Propose new responsible persons or deadlines for the tasks of the letter in force."""
    membership = get_membership(project, membership_pk)
    letter = get_object_or_404(Letter, membership=membership)
    version = services.version_in_force(letter)
    if version is None:
        messages.info(request, _("Only a letter signed by both signers can be amended."))
        return redirect("commitments:letter", project.pk, membership.pk)
    form = AmendmentForm(request.POST or None, version=version, project=project, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.propose_amendment(letter, form.changes(), actor=request.user)
        except services.CommitmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The amendment was sent to %(email)s for acknowledgement. The letter stays as it is until then.")
                % {"email": amendment.sent_to},
            )
            return redirect("commitments:letter", project.pk, membership.pk)
    tasks = tasks_in_force(form.tasks, version.amendments.all())
    rows = [
        (task, responsible, deadline) for task, (_task, responsible, deadline) in zip(tasks, form.rows, strict=True)
    ]
    return render(
        request,
        "commitments/amendment_form.html",
        {"project": project, "membership": membership, "version": version, "form": form, "rows": rows},
    )


@project_view(coordinator_only=True)
def letter_paper(request, project, membership_pk):
    """Record that the draft was signed on paper before networkhub was used (with the scanned copy)."""
    membership = get_membership(project, membership_pk)
    letter = get_object_or_404(Letter, membership=membership)
    draft = letter.versions.select_related("contact").filter(status=VersionStatus.DRAFT).first()
    if draft is None or letter.versions.exclude(status=VersionStatus.DRAFT).exists():
        messages.info(
            request,
            _("A paper signature can be recorded for a drafted letter that has not been sent in networkhub."),
        )
        return redirect("commitments:letter", project.pk, membership.pk)
    initial = {
        "contact_name": draft.contact.name if draft.contact else "",
        "contact_title": draft.contact.title if draft.contact else "",
        "management_name": draft.management_name,
        "management_title": draft.management_title,
    }
    form = PaperSignatureForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_paper_signature(
                draft,
                upload=data["upload"],
                content_type=form.content_type,
                contact=services.PaperSigner(data["contact_name"], data["contact_title"], data["contact_signed_on"]),
                management=services.PaperSigner(
                    data["management_name"], data["management_title"], data["management_signed_on"]
                ),
                actor=request.user,
            )
        except services.CommitmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The paper signature was recorded."))
            return redirect("commitments:letter", project.pk, membership.pk)
    return render(
        request,
        "commitments/paper_form.html",
        {"project": project, "membership": membership, "version": draft, "form": form},
    )


@project_view()
def paper_scan(request, project, membership_pk):
    """The scanned paper-signed letter, checked against its SHA-256 before it is served."""
    membership = get_own_membership(request, project, membership_pk)
    paper = get_object_or_404(
        PaperSignature.objects.order_by("-version__number"), version__letter__membership=membership
    )
    return files.file_response(
        request,
        paper.file,
        filename=paper.file_name,
        content_type=paper.file_type,
        as_attachment=False,
        expected_sha256=paper.file_sha256,
    )


@require_http_methods(["GET", "POST"])
@project_view()
def letter_tasks(request, project, membership_pk):
    """The member's letter tasks with their follow-through: the member's contacts and the coordinator update
    each task's status and add progress notes (one form per task)."""
    membership = get_own_membership(request, project, membership_pk)
    tasks = follow_through.member_tasks(membership)
    bound = None
    if request.method == "POST":
        thread = request.POST.get("thread", "")
        task = next((task for task in tasks if str(task.thread) == thread), None)
        if task is None:
            raise Http404
        bound = TaskProgressForm(request.POST, task=task)
        if bound.is_valid():
            try:
                services.update_task(
                    membership,
                    task.thread,
                    status=bound.cleaned_data["status"],
                    note=bound.cleaned_data["note"],
                    done_on=bound.cleaned_data["done_on"],
                    drop_reason=bound.cleaned_data["drop_reason"],
                    actor=request.user,
                )
            except services.CommitmentError as error:
                bound.add_error(error.field if error.field in bound.fields else None, error.message)
            else:
                messages.success(request, _("The task's progress was saved."))
                return redirect("commitments:letter_tasks", project.pk, membership.pk)
    posted = request.POST.get("thread") if bound is not None else None
    rows = [(task, bound if str(task.thread) == posted else TaskProgressForm(task=task)) for task in tasks]
    return render(request, "commitments/tasks.html", {"project": project, "membership": membership, "rows": rows})


@project_view(coordinator_only=True)
def task_matrix(request, project):
    """The coordinator's goals × members matrix of the letters' tasks: how many, done, late."""
    return render(
        request,
        "commitments/task_matrix.html",
        {"project": project, "matrix": follow_through.goals_by_members(project)},
    )


@project_view()
def letter_sign_own(request, project, membership_pk):
    """A signed-in signer's way to their open signature request (their to-do links here): a fresh link to it."""
    membership = get_own_membership(request, project, membership_pk)
    signature_request = (
        queries.open_signature_requests_for(request.user, [project.pk])
        .filter(version__letter__membership=membership)
        .first()
    )
    if signature_request is None:
        messages.info(request, _("Nothing waits for your signature in this letter."))
        return redirect("commitments:letter", project.pk, membership.pk)
    raw = services.signature_link_for_account(signature_request, actor=request.user)
    return redirect("commitments:sign", raw)


@project_view()
def rules_accept_own(request, project):
    """A signed-in contact's way to accept the rules version waiting for them (their to-do links here)."""
    rules_request = queries.open_rules_requests_for(request.user, [project.pk]).first()
    if rules_request is None:
        messages.info(request, _("No rules wait for your acceptance in this project."))
        return redirect("commitments:rules", project.pk)
    raw = services.rules_link_for_account(rules_request, actor=request.user)
    return redirect("commitments:signing_rules", raw)
