import logging

from celery import shared_task

from networkhub.celery_tasks import RetryingTask
from networkhub.mail import mail_key, send_once
from networkhub.models import Role
from networkhub.tokens import absolute_url

from .models import AccessibilityFeedback, User

logger = logging.getLogger(__name__)


# The name it had in the kernel, so that a task queued before the move still finds its code.
@shared_task(base=RetryingTask, bind=True, name="networkhub.tasks.send_accessibility_feedback")
def send_accessibility_feedback(self, feedback_id):
    """E-mail accessibility feedback to every active administrator, each once (the key is the feedback and
    the address), in the administrator's language; a reply goes to the sender when they left an address."""
    feedback = AccessibilityFeedback.objects.filter(pk=feedback_id).first()
    if feedback is None:
        return 0
    admins = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(email="").order_by("pk")
    sent = 0
    for admin in admins:
        send_once(
            mail_key("accessibility_feedback", feedback, admin.email),
            "emails/accessibility_feedback",
            to=admin.email,
            language=admin.language,
            context={"feedback": feedback, "admin": admin, "page": absolute_url(feedback.page_url or "/")},
            reply_to=feedback.email or None,
        )
        sent += 1
    if not sent:
        logger.warning("Accessibility feedback %s: no active administrator to e-mail", feedback.pk)
    return sent
