"""The signer's side: pages reached from e-mailed links. No account needed; GET never acts."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from networkhub import tokens
from networkhub.languages import speak_recipients_language

from .. import consent, identification, services
from ..amendments import readable_changes
from ..diff import diff
from ..forms import AcknowledgeForm, DeclineForm, DelegateForm, SignForm
from ..models import (
    LetterAmendment,
    LetterVersion,
    RequestStatus,
    RulesRequest,
    SignatureRequest,
    SignerRole,
    TokenPurpose,
    VersionStatus,
)
from .coordination import pdf_response


def _evidence(request):
    return services.SignerEvidence(
        ip_address=request.META.get("REMOTE_ADDR") or None, user_agent=request.META.get("HTTP_USER_AGENT", "")
    )


def _invalid(request, error, signature_request=None):
    if signature_request is not None:
        speak_recipients_language(request, signature_request.language)
    return render(request, "networkhub/link_invalid.html", {"reason": error.message}, status=410)


def _resolve(request, raw, *, for_action):
    """(link, signature request), or raise TokenInvalid. For GET the link must be live."""
    link = tokens.lookup(raw, TokenPurpose.SIGNATURE)
    signature_request = SignatureRequest.objects.select_related(
        "version__letter__membership__project", "version__letter__membership__organisation", "version__rules"
    ).get(pk=link.target_id)
    speak_recipients_language(request, signature_request.language)
    if not for_action:
        tokens.check_state(link, timezone.now())
    return link, signature_request


def _page(request, raw, link, signature_request, *, sign_form=None, decline_form=None, delegate_form=None, status=200):
    version = signature_request.version
    language = translation.get_language()
    needs_identification = services.needs_strong_identification(signature_request)
    identity = identification.identity_for(request.session, raw) if needs_identification else None
    if sign_form is None and identity:
        sign_form = SignForm(consent_text=consent.consent_text(language), initial={"full_name": identity["name"]})
    response = render(
        request,
        "commitments/sign.html",
        {
            "raw": raw,
            "signature_request": signature_request,
            "version": version,
            "project": version.letter.membership.project,
            "organisation": version.letter.membership.organisation,
            "tasks": version.tasks.select_related("responsible", "goal"),
            "changes": diff(version) if version.number > 1 else None,
            "sign_form": sign_form or SignForm(consent_text=consent.consent_text(language)),
            "decline_form": decline_form or DeclineForm(initial={"full_name": signature_request.name}),
            "delegate_form": delegate_form or DelegateForm(),
            "can_delegate": signature_request.role == SignerRole.MANAGEMENT,
            "needs_identification": needs_identification,
            "identity": identity,
            "identification_available": identification.configured(),
            "identity_provider": identification.provider_name(),
        },
        status=status,
    )
    if needs_identification and identification.configured():
        # The identify button's POST is redirected to the provider: the form may go there.
        response._csp_update = {"form-action": [identification.provider_origin()]}
    return response


@never_cache
def sign(request, token):
    try:
        link, signature_request = _resolve(request, token, for_action=request.method == "POST")
    except tokens.TokenInvalid as error:
        return _superseded_or_invalid(request, token, error)
    version = signature_request.version
    if version.status == VersionStatus.SUPERSEDED:
        return _superseded(request, token, signature_request)
    if request.method != "POST":
        services.mark_opened(signature_request)
        return _page(request, token, link, signature_request)
    form = SignForm(request.POST, consent_text=consent.consent_text(translation.get_language()))
    if not form.is_valid():
        return _page(request, token, link, signature_request, sign_form=form)
    try:
        services.sign(
            signature_request,
            link,
            name=form.cleaned_data["full_name"],
            title=form.cleaned_data["title"],
            language=translation.get_language(),
            signer=_evidence(request),
            identity=identification.identity_for(request.session, token),
        )
    except services.IdentificationRequired as error:
        form.add_error(None, error.message)
        return _page(request, token, link, signature_request, sign_form=form, status=403)
    except services.CommitmentError:
        return _superseded(request, token, signature_request)
    except tokens.TokenInvalid as error:
        form.add_error(None, error.message)
        return _page(request, token, link, signature_request, sign_form=form)
    return _signed(request, signature_request)


def _redirect_uri():
    return settings.SITE_URL + reverse("commitments:identified")


@require_POST
def identify(request, token):
    """Send the signer to the identity provider, with state, nonce and PKCE bound to this link."""
    try:
        link, signature_request = _resolve(request, token, for_action=False)
    except tokens.TokenInvalid as error:
        return _superseded_or_invalid(request, token, error)
    if not services.needs_strong_identification(signature_request) or not identification.configured():
        return redirect("commitments:sign", token)
    try:
        url = identification.begin(request.session, token, _redirect_uri(), translation.get_language())
    except identification.IdentificationError as error:
        messages.error(request, error.message)
        return redirect("commitments:sign", token)
    return redirect(url)


@never_cache
def identified(request):
    """The identity provider's return: check its answer, then back to the signing page."""
    try:
        token, identity = identification.complete(request.session, request.GET, _redirect_uri())
    except identification.IdentificationError as error:
        if error.token:  # cancelled at the provider: back to the signing page, to try again or not
            messages.error(request, error.message)
            return redirect("commitments:sign", error.token)
        return render(request, "commitments/identification_failed.html", {"reason": error.message}, status=400)
    try:
        _link, signature_request = _resolve(request, token, for_action=False)
    except tokens.TokenInvalid as error:
        return _superseded_or_invalid(request, token, error)
    if not identification.names_match(signature_request.name, identity["name"]):
        identification.forget(request.session, token)
        messages.error(
            request,
            identification.mismatch_message(signature_request.name, identity["name"]),
        )
    return redirect("commitments:sign", token)


def _signed(request, signature_request):
    """Thank the signer and say where the letter stands now: fully signed, or whose signature it awaits."""
    version = LetterVersion.objects.get(pk=signature_request.version_id)
    waiting = version.requests.filter(status=RequestStatus.SENT).exclude(pk=signature_request.pk)
    return render(
        request,
        "commitments/signed.html",
        {
            "signature_request": signature_request,
            "version": version,
            "fully_signed": version.status == VersionStatus.SIGNED,
            "waiting_for": list(waiting),
        },
    )


def _superseded_or_invalid(request, token, error):
    try:
        link = tokens.lookup(token, TokenPurpose.SIGNATURE)
        signature_request = SignatureRequest.objects.select_related("version").get(pk=link.target_id)
    except (tokens.TokenInvalid, SignatureRequest.DoesNotExist):
        return _invalid(request, error)
    if signature_request.version.status == VersionStatus.SUPERSEDED:
        return _superseded(request, token, signature_request)
    if signature_request.status == RequestStatus.SIGNED:
        speak_recipients_language(request, signature_request.language)
        return _signed(request, signature_request)
    return _invalid(request, error, signature_request)


def _superseded(request, token, signature_request):
    speak_recipients_language(request, signature_request.language)
    current = (
        SignatureRequest.objects.filter(
            version__letter=signature_request.version.letter, role=signature_request.role, status=RequestStatus.SENT
        )
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    return render(
        request,
        "commitments/superseded.html",
        {"raw": token, "signature_request": signature_request, "current": current},
        status=409,
    )


@require_POST
def send_current_link(request, token):
    """From a superseded version's link: e-mail the signer the link to the current version again."""
    try:
        link = tokens.lookup(token, TokenPurpose.SIGNATURE)
        old = SignatureRequest.objects.select_related("version__letter").get(pk=link.target_id)
    except (tokens.TokenInvalid, SignatureRequest.DoesNotExist) as error:
        return _invalid(
            request, tokens.TokenInvalid("unknown") if not isinstance(error, tokens.TokenInvalid) else error
        )
    speak_recipients_language(request, old.language)
    current = SignatureRequest.objects.filter(
        version__letter=old.version.letter, role=old.role, status=RequestStatus.SENT, email__iexact=old.email
    ).first()
    if current is not None and old.version.status == VersionStatus.SUPERSEDED:
        services.resend(current, actor=None)
    messages.success(
        request,
        _("If a current version waits for your signature, its link is on its way to %(email)s.") % {"email": old.email},
    )
    return _superseded(request, token, old)


@require_POST
def decline(request, token):
    try:
        link, signature_request = _resolve(request, token, for_action=True)
    except tokens.TokenInvalid as error:
        return _superseded_or_invalid(request, token, error)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _page(request, token, link, signature_request, decline_form=form)
    try:
        services.decline(
            signature_request, link, name=form.cleaned_data["full_name"], reason=form.cleaned_data["reason"]
        )
    except services.CommitmentError as error:
        form.add_error(error.field, error.message)
        return _page(request, token, link, signature_request, decline_form=form)
    except tokens.TokenInvalid as error:
        form.add_error(None, error.message)
        return _page(request, token, link, signature_request, decline_form=form)
    return render(request, "commitments/declined.html", {"signature_request": signature_request})


@require_POST
def delegate(request, token):
    try:
        link, signature_request = _resolve(request, token, for_action=True)
    except tokens.TokenInvalid as error:
        return _superseded_or_invalid(request, token, error)
    form = DelegateForm(request.POST)
    if not form.is_valid():
        return _page(request, token, link, signature_request, delegate_form=form)
    try:
        deputy = services.delegate(signature_request, link, **form.cleaned_data)
    except (services.CommitmentError, tokens.TokenInvalid) as error:
        form.add_error(None, error.message)
        return _page(request, token, link, signature_request, delegate_form=form)
    return render(request, "commitments/delegated.html", {"signature_request": signature_request, "deputy": deputy})


def signing_pdf(request, token):
    try:
        _link, signature_request = _resolve(request, token, for_action=False)
    except tokens.TokenInvalid as error:
        return _superseded_or_invalid(request, token, error)
    return pdf_response(signature_request.version)


@never_cache
def rules_accept(request, token):
    """Accept a new rules version on its own, from the e-mailed link."""
    try:
        link = tokens.lookup(token, TokenPurpose.RULES)
        rules_request = RulesRequest.objects.select_related("rules", "membership__project", "contact").get(
            pk=link.target_id
        )
        speak_recipients_language(request, rules_request.contact.language)
        if request.method != "POST":
            tokens.check_state(link, timezone.now())
    except (tokens.TokenInvalid, RulesRequest.DoesNotExist) as error:
        reason = error if isinstance(error, tokens.TokenInvalid) else tokens.TokenInvalid("unknown")
        return _invalid(request, reason)
    texts = consent.RULES_TEXTS
    form = SignForm(
        request.POST or None,
        consent_text=consent.consent_text(translation.get_language(), texts=texts),
        initial={"full_name": rules_request.contact.name, "title": rules_request.contact.title},
    )
    if request.method == "POST" and form.is_valid():
        evidence = _evidence(request)
        try:
            services.accept_rules(
                rules_request,
                link,
                name=form.cleaned_data["full_name"],
                title=form.cleaned_data["title"],
                ip_address=evidence.ip_address,
                user_agent=evidence.user_agent,
            )
        except tokens.TokenInvalid as error:
            form.add_error(None, error.message)
        else:
            return render(request, "commitments/rules_accepted.html", {"rules_request": rules_request})
    return render(
        request,
        "commitments/rules_accept.html",
        {"rules_request": rules_request, "rules": rules_request.rules, "form": form},
    )


@never_cache
def amendment(request, token):
    """Acknowledge an amendment (new responsible persons or deadlines) from the e-mailed link."""
    try:
        link = tokens.lookup(token, TokenPurpose.AMENDMENT)
        proposed = LetterAmendment.objects.select_related(
            "version__letter__membership__project", "version__letter__membership__organisation", "contact"
        ).get(pk=link.target_id)
        speak_recipients_language(request, proposed.language)
        tokens.check_state(link, timezone.now())
    except (tokens.TokenInvalid, LetterAmendment.DoesNotExist) as error:
        reason = error if isinstance(error, tokens.TokenInvalid) else tokens.TokenInvalid("unknown")
        return _invalid(request, reason)
    version = proposed.version
    form = AcknowledgeForm(request.POST or None, initial={"full_name": proposed.contact.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge_amendment(
                proposed, link, name=form.cleaned_data["full_name"], signer=_evidence(request)
            )
        except tokens.TokenInvalid as error:
            form.add_error(None, error.message)
        else:
            return render(request, "commitments/amendment_acknowledged.html", {"amendment": proposed})
    return render(
        request,
        "commitments/amendment_acknowledge.html",
        {
            "amendment": proposed,
            "version": version,
            "project": version.letter.membership.project,
            "organisation": version.letter.membership.organisation,
            "changes": readable_changes(proposed),
            "form": form,
        },
    )
