from celery import shared_task
from django.urls import reverse

from networkhub import tokens
from networkhub.mail import send_templated_mail
from networkhub.models import User
from projects.models import Project

from .models import ContactPerson, TokenPurpose


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(contact_id, project_id, invited_by_id):
    """Make a fresh invitation link (older ones die) and e-mail it in the contact's language."""
    contact = ContactPerson.objects.select_related("organisation").get(pk=contact_id)
    project = Project.objects.get(pk=project_id)
    invited_by = User.objects.filter(pk=invited_by_id).first()
    token, raw = tokens.issue(TokenPurpose.INVITATION, contact, sent_to=contact.email, created_by=invited_by)
    send_templated_mail(
        "emails/invitation",
        to=contact.email,
        language=contact.language,
        context={
            "contact": contact,
            "project": project,
            "invited_by": invited_by,
            "expires_at": token.expires_at,
            "url": tokens.absolute_url(reverse("invitation", args=[raw])),
        },
    )
