"""The one base view for pages reached from an e-mailed link (signing, rules, amendments, RSVP, polls, the calendar
feed, the pulse survey, invitations).

Every such page does the same steps, here and only here:

1. look the raw token up for the view's `purpose`; an unknown one gets the "this link does not work" page;
2. find its target (`get_target(link)`: by default a `target_model` row of the link's type); none: "unknown";
3. switch the page to the recipient's language (`recipient_language(target)`), unless they chose one with the
   switcher; the invalid page below is then in their language too;
4. `settled(request, link, target)`: a read-only page for a target whose business is already done, shown whatever
   the link's state (the pulse's "thank you, you answered");
5. check the link is live: always on GET (which never changes state), on POST only if `check_on_post` (multi-use
   links; a single-use link is checked when the POST consumes it, see `tokens.consume`). A dead link goes to
   `link_failed(...)`, by default the invalid page; a flow may show a read-only "done" page there instead (a signed
   letter's "thank you");
6. on GET, `opened(link, target)` (the link's `last_opened_at`, unless `mark_opened` is off);
7. then `get(request, link, target)` or `post(request, link, target)` says what is specific to the flow.

The raw token is `self.raw`, the token `self.link`, the target `self.target`. Views outside the kernel never call
`tokens.lookup`/`check`/`check_state` nor render the invalid page themselves (tests/test_one_way.py).
"""

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from . import tokens
from .languages import speak_recipients_language

INVALID_TEMPLATE = "networkhub/link_invalid.html"


@method_decorator(never_cache, name="dispatch")
class EmailedLinkView(View):
    purpose = None  # a registered link purpose (tokens.install_purposes)
    target_model = None  # the model the link points at; or override get_target
    http_method_names = ["get", "post", "head"]
    check_on_post = False  # multi-use links: a POST must find the link live too
    mark_opened = True  # record when the link was opened (GET)
    invalid_status = 410

    # The hooks: override what the flow needs.

    def get_queryset(self):
        """The target model's rows, with what the page needs joined."""
        return self.target_model._default_manager.all()

    def get_target(self, link):
        """The link's object, or None (the link is then "unknown")."""
        if link.target_type_id != ContentType.objects.get_for_model(self.target_model).pk:
            return None
        return self.get_queryset().filter(pk=link.target_id).first()

    def recipient_language(self, target):
        """The language the recipient reads: their own, not the browser's."""
        return getattr(target, "language", "")

    def settled(self, request, link, target):
        """A read-only page for a target that is already done, whatever the link's state; None to go on."""
        return None

    def link_failed(self, request, link, target, error):
        """The response for a known target whose link is no longer live (used, expired, revoked)."""
        return self.invalid(request, error)

    def opened(self, link, target):
        tokens.mark_opened(link)

    def invalid(self, request, error):
        """The shared "this link does not work" page; `error` is a TokenInvalid or any error with a `message`."""
        return render(request, INVALID_TEMPLATE, {"reason": error.message}, status=self.invalid_status)

    # The steps.

    def dispatch(self, request, token, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.raw = token
        try:
            link = tokens.lookup(token, self.purpose)
        except tokens.TokenInvalid as error:
            return self.invalid(request, error)
        target = self.get_target(link)
        if target is None:
            return self.invalid(request, tokens.TokenInvalid("unknown"))
        self.link, self.target = link, target
        speak_recipients_language(request, self.recipient_language(target))
        done = self.settled(request, link, target)
        if done is not None:
            return done
        if method != "post" or self.check_on_post:
            try:
                tokens.check_state(link, timezone.now())
            except tokens.TokenInvalid as error:
                return self.link_failed(request, link, target, error)
        if method == "get" and self.mark_opened:
            self.opened(link, target)
        handler = getattr(self, method, None)
        if handler is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return handler(request, link, target)
