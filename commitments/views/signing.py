"""The signer's side: pages reached from e-mailed links. No account needed; GET never acts."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from networkhub import tokens
from networkhub.links import EmailedLinkView

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


class _SignatureLinkView(EmailedLinkView):
    """The signer's link to one signature request. A dead link still shows a superseded version's way to the
    current one, or a signed letter's "thank you"."""

    purpose = TokenPurpose.SIGNATURE
    target_model = SignatureRequest
    mark_opened = False  # only the signing page records the opening, as evidence (SignView.opened)

    def get_queryset(self):
        return SignatureRequest.objects.select_related(
            "version__letter__membership__project", "version__letter__membership__organisation", "version__rules"
        )

    def link_failed(self, request, link, signature_request, error):
        if signature_request.version.status == VersionStatus.SUPERSEDED:
            return _superseded(request, self.raw, signature_request)
        if signature_request.status == RequestStatus.SIGNED:
            return _signed(request, signature_request)
        return self.invalid(request, error)


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


class SignView(_SignatureLinkView):
    """GET shows the letter to sign (or decline, or delegate); POST signs it."""

    mark_opened = True

    def opened(self, link, signature_request):
        services.mark_opened(signature_request)

    def settled(self, request, link, signature_request):
        if signature_request.version.status == VersionStatus.SUPERSEDED:
            return _superseded(request, self.raw, signature_request)
        return None

    def get(self, request, link, signature_request):
        return _page(request, self.raw, link, signature_request)

    def post(self, request, link, signature_request):
        token = self.raw
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


class IdentifyView(_SignatureLinkView):
    """Send the signer to the identity provider, with state, nonce and PKCE bound to this link."""

    http_method_names = ["post"]
    check_on_post = True

    def post(self, request, link, signature_request):
        token = self.raw
        if not services.needs_strong_identification(signature_request) or not identification.configured():
            return redirect("commitments:sign", token)
        try:
            url = identification.begin(request.session, token, _redirect_uri(), translation.get_language())
        except identification.IdentificationError as error:
            messages.error(request, error.message)
            return redirect("commitments:sign", token)
        return redirect(url)


class _IdentifiedView(_SignatureLinkView):
    """After the identity provider: the identified name must be the signer's; then back to the signing page."""

    http_method_names = ["get", "head"]

    def get(self, request, link, signature_request):
        identity = self.kwargs["identity"]
        if not identification.names_match(signature_request.name, identity["name"]):
            identification.forget(request.session, self.raw)
            messages.error(request, identification.mismatch_message(signature_request.name, identity["name"]))
        return redirect("commitments:sign", self.raw)


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
    return _IdentifiedView.as_view()(request, token, identity=identity)


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


def _superseded(request, token, signature_request):
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


class SendCurrentLinkView(_SignatureLinkView):
    """From a superseded version's link (no longer live): e-mail the signer the link to the current version."""

    http_method_names = ["post"]

    def post(self, request, link, old):
        current = SignatureRequest.objects.filter(
            version__letter=old.version.letter, role=old.role, status=RequestStatus.SENT, email__iexact=old.email
        ).first()
        if current is not None and old.version.status == VersionStatus.SUPERSEDED:
            services.resend(current, actor=None)
        messages.success(
            request,
            _("If a current version waits for your signature, its link is on its way to %(email)s.")
            % {"email": old.email},
        )
        return _superseded(request, self.raw, old)


class DeclineView(_SignatureLinkView):
    http_method_names = ["post"]

    def post(self, request, link, signature_request):
        token = self.raw
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


class DelegateView(_SignatureLinkView):
    http_method_names = ["post"]

    def post(self, request, link, signature_request):
        form = DelegateForm(request.POST)
        if not form.is_valid():
            return _page(request, self.raw, link, signature_request, delegate_form=form)
        try:
            deputy = services.delegate(signature_request, link, **form.cleaned_data)
        except (services.CommitmentError, tokens.TokenInvalid) as error:
            form.add_error(None, error.message)
            return _page(request, self.raw, link, signature_request, delegate_form=form)
        return render(request, "commitments/delegated.html", {"signature_request": signature_request, "deputy": deputy})


class SigningPdfView(_SignatureLinkView):
    http_method_names = ["get", "head"]

    def get(self, request, link, signature_request):
        return pdf_response(signature_request.version)


class RulesAcceptView(EmailedLinkView):
    """Accept a new rules version on its own, from the e-mailed link."""

    purpose = TokenPurpose.RULES
    target_model = RulesRequest
    mark_opened = False

    def get_queryset(self):
        return RulesRequest.objects.select_related("rules", "membership__project", "contact")

    def recipient_language(self, rules_request):
        return rules_request.contact.language

    def get(self, request, link, rules_request):
        """Shows the rules to accept; its POST accepts them."""
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

    post = get


class AmendmentView(EmailedLinkView):
    """Acknowledge an amendment (new responsible persons or deadlines) from the e-mailed link."""

    purpose = TokenPurpose.AMENDMENT
    target_model = LetterAmendment
    check_on_post = True
    mark_opened = False

    def get_queryset(self):
        return LetterAmendment.objects.select_related(
            "version__letter__membership__project", "version__letter__membership__organisation", "contact"
        )

    def get(self, request, link, proposed):
        """Shows the amendment; its POST acknowledges it."""
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

    post = get


sign = SignView.as_view()
identify = IdentifyView.as_view()
send_current_link = SendCurrentLinkView.as_view()
decline = DeclineView.as_view()
delegate = DelegateView.as_view()
signing_pdf = SigningPdfView.as_view()
rules_accept = RulesAcceptView.as_view()
amendment = AmendmentView.as_view()
