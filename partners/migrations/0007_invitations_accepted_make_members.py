"""Invited memberships whose invitation was accepted in their project become active.

Until now accepting an invitation left the membership "invited" and any account of the organisation's contacts,
in any project, made it count as a member. Now a membership counts once it is committed or active, and accepting
sets it active in the projects that invited the contact (partners.services.accept_invitation). This migration does
for past acceptances what the service now does: the audit trail's "contact.joined" events name the projects whose
invitations each contact accepted.
"""

from django.db import migrations


def accepted_invitations_make_members(apps, schema_editor):
    AuditEvent = apps.get_model("networkhub", "AuditEvent")
    ContactPerson = apps.get_model("partners", "ContactPerson")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Membership = apps.get_model("partners", "Membership")
    contact_type = ContentType.objects.filter(app_label="partners", model="contactperson").first()
    if contact_type is None:
        return
    joined = AuditEvent.objects.filter(action="contact.joined", target_type=contact_type).values_list(
        "target_id", "data"
    )
    organisations = dict(ContactPerson.objects.values_list("pk", "organisation_id"))
    for contact_id, data in joined:
        projects = (data or {}).get("projects") or []
        if contact_id in organisations and projects:
            Membership.objects.filter(
                project_id__in=projects, organisation_id=organisations[contact_id], status="invited"
            ).update(status="active")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_contact_time_zone"),
        ("networkhub", "0012_recovery_codes_leave_for_accounts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(accepted_invitations_make_members, migrations.RunPython.noop),
    ]
