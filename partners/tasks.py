from celery import shared_task
from django.urls import reverse

from accounts.models import User
from networkhub import tokens
from networkhub.celery_tasks import RetryingTask
from networkhub.mail import mail_key, send_once
from projects.models import Project

from .models import ContactPerson, ExpertiseProfile, TokenPurpose


@shared_task(base=RetryingTask, bind=True)
def send_invitation(self, contact_id, project_id, invited_by_id):
    """Make a fresh invitation link (older ones die) and e-mail it in the contact's language.

    Each invitation a coordinator sends is one e-mail: the key carries this task's id, which its
    retries share, and the link is made only when the e-mail goes out.
    """
    contact = ContactPerson.objects.select_related("organisation").get(pk=contact_id)
    project = Project.objects.get(pk=project_id)
    invited_by = User.objects.filter(pk=invited_by_id).first()

    def context():
        token, raw = tokens.issue(TokenPurpose.INVITATION, contact, sent_to=contact.email, created_by=invited_by)
        return {
            "contact": contact,
            "project": project,
            "invited_by": invited_by,
            "expires_at": token.expires_at,
            "url": tokens.absolute_url(reverse("partners:invitation", args=[raw])),
        }

    send_once(
        mail_key("invitation", contact, contact.email, step=f"{project.pk}:{self.request.id}"),
        "emails/invitation",
        to=contact.email,
        language=contact.language,
        context=context,
        project=project,
    )


@shared_task(base=RetryingTask, bind=True)
def send_contact_changed(self, contact_id, old_email, change_id, fields):
    """Tell a contact person at their previous address that their details were changed, in their language.

    One e-mail per change: the key carries the change's audit event, so a retry or a second run sends nothing.
    """
    contact = ContactPerson.objects.select_related("organisation").get(pk=contact_id)
    labels = {name: ContactPerson._meta.get_field(name).verbose_name for name in fields}

    def context():
        return {
            "contact": contact,
            "organisation": contact.organisation,
            "fields": [labels[name] for name in fields if name != "consent_decided_on"],
            "email_changed": "email" in fields,
            "url": tokens.absolute_url(reverse("partners:own_list")),
        }

    send_once(
        mail_key("contact_changed", contact, old_email, step=change_id),
        "emails/contact_changed",
        to=old_email,
        language=contact.language,
        context=context,
    )


@shared_task(base=RetryingTask)
def send_expertise_changed(profile_id, project_id, changed_in_project_id, change_id):
    """Tell each active coordinator of `project_id` that a member organisation they share with another project
    changed its expertise profile (which shows in their directory, CSV and vCards), in each one's language.

    One e-mail per change and coordinator: the key carries the change's audit event."""
    profile = ExpertiseProfile.objects.select_related("organisation", "updated_by").filter(pk=profile_id).first()
    project = Project.objects.filter(pk=project_id).prefetch_related("coordinators").first()
    if profile is None or project is None:
        return
    changed_in = Project.objects.filter(pk=changed_in_project_id).first()
    membership = project.memberships.filter(organisation=profile.organisation).first()
    for user in project.coordinators.all():
        if not user.is_active or not user.email:
            continue

        def context(user=user):
            return {
                "coordinator": user,
                "organisation": profile.organisation,
                "profile": profile,
                "project": project,
                "changed_in": changed_in,
                "tags": list(profile.tags.order_by("name").values_list("name", flat=True)),
                "url": tokens.absolute_url(
                    reverse("partners:detail", args=[project.pk, membership.pk])
                    if membership
                    else reverse("partners:directory", args=[project.pk])
                ),
            }

        send_once(
            mail_key("expertise_changed", profile, user.email, step=change_id),
            "emails/expertise_changed",
            to=user.email,
            language=user.language,
            context=context,
            project=project,
        )
