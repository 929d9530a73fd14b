"""The reads of announcements and the motivation log: the pages', the Messages page's, the health panel's (item 10)
and the quiet-partner digest's."""

from collections import Counter
from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone

from networkhub.models import MessageStatus
from networkhub.privacy import is_erased
from partners.models import BUSINESS_TYPES, EDUCATION_TYPES, HOME_COUNTRY, ContactPerson
from partners.queries import current_members

from .models import Announcement, AnnouncementStatus, Audience, MotivationEntry, Recipient

# Business and foreign partners: the members characteristic 10 asks to keep involved (health item 10).
BUSINESS_OR_FOREIGN = Q(organisation__org_type__in=BUSINESS_TYPES) | ~Q(organisation__country=HOME_COUNTRY)


def business_and_foreign_members(project, as_of=None):
    """The project's current members that are business or foreign partners, with their organisations."""
    return current_members(project, as_of).filter(BUSINESS_OR_FOREIGN).with_organisation()


def _group(announcement):
    """A condition on Membership: the members the announcement is for."""
    if announcement.audience == Audience.ALL:
        return Q()
    chosen = Q(organisation__in=announcement.organisations.all())
    if announcement.to_business:
        chosen |= Q(organisation__org_type__in=BUSINESS_TYPES)
    if announcement.to_foreign:
        chosen |= ~Q(organisation__country=HOME_COUNTRY)
    if announcement.to_education:
        chosen |= Q(organisation__org_type__in=EDUCATION_TYPES)
    return chosen


def audience(announcement):
    """[(contact, language)]: the contacts the project sees of its current members in the announcement's audience,
    each once (by address: a person who is a contact of two members gets one e-mail; an erased person none), with
    the language written for them (`Announcement.language_for`)."""
    members = current_members(announcement.project).filter(_group(announcement))
    contacts = (
        ContactPerson.objects.visible_to(announcement.project)
        .filter(organisation__in=members.values("organisation_id"))
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )
    seen, result = set(), []
    for contact in contacts:
        address = contact.email.strip().lower()
        if address in seen or is_erased(address):  # an erased person's placeholder address gets nothing
            continue
        seen.add(address)
        language = announcement.language_for(contact.language)
        if language:
            result.append((contact, language))
    return result


def languages_of(pairs):
    """[(language, count)] of a recipient list, most first."""
    return Counter(language for _contact, language in pairs).most_common()


def listing(project):
    """The project's announcements, newest first, each with `delivery`: {"sent", "failed", "on_the_way", "total"}
    (two queries, however many)."""
    announcements = list(
        Announcement.objects.filter(project=project).select_related("created_by", "sent_by").order_by("-created_at")
    )
    states = (
        Recipient.objects.filter(announcement__project=project)
        .values("announcement_id", "message__status")
        .annotate(count=Count("pk"))
    )
    delivery = {}
    for row in states:
        into = delivery.setdefault(row["announcement_id"], {"sent": 0, "failed": 0, "on_the_way": 0, "total": 0})
        state = {MessageStatus.SENT: "sent", MessageStatus.FAILED: "failed"}.get(row["message__status"], "on_the_way")
        into[state] += row["count"]
        into["total"] += row["count"]
    for announcement in announcements:
        announcement.delivery = delivery.get(announcement.pk, {"sent": 0, "failed": 0, "on_the_way": 0, "total": 0})
    return announcements


def recipients(announcement):
    return announcement.recipients.select_related("contact__organisation", "message").order_by(
        "contact__organisation__name", "contact__name", "pk"
    )


def messages_section(project):
    """The Messages page's section (networkhub.contributions `message_sections`): the announcements sent."""
    return {"template": "outreach/_messages_section.html", "project": project, "announcements": listing(project)}


def last_reached(project, as_of=None):
    """{organisation pk: the date the network last reached it by `as_of` (default today)} from the motivation log."""
    return last_reached_by_project([project.pk], as_of or timezone.localdate()).get(project.pk, {})


def last_reached_by_project(project_pks, as_of):
    """`last_reached` for many projects: {project pk: {organisation pk: date}} (none: absent). One query."""
    rows = (
        MotivationEntry.objects.filter(membership__project__in=project_pks, date__lte=as_of)
        .values("membership__project_id", "membership__organisation_id")
        .annotate(last=Max("date"))
        .order_by()
    )
    reached = {}
    for row in rows:
        reached.setdefault(row["membership__project_id"], {})[row["membership__organisation_id"]] = row["last"]
    return reached


def reached_between(project, since, until):
    """The pks of the organisations the network reached on `since` ≤ date < `until` (dates), as a subquery: a
    partner reached within the idle period is not quiet (health item 10, docs/health.md)."""
    return (
        MotivationEntry.objects.filter(membership__project=project, date__gte=since, date__lt=until)
        .values("membership__organisation_id")
        .distinct()
    )


def days_since(day, today):
    return (today - day).days if isinstance(day, date) else None


def motivation_overview(project, today=None):
    """[(membership, last date or None, days since or None, entries)] per business or foreign member: the motivation
    log's summary, the least recently reached first (never reached at the top). Two queries."""
    today = today or timezone.localdate()
    members = list(business_and_foreign_members(project, today))
    summary = {
        row["membership_id"]: (row["last"], row["count"])
        for row in MotivationEntry.objects.filter(membership__in=[m.pk for m in members])
        .values("membership_id")
        .annotate(count=Count("pk"), last=Max("date"))
    }
    rows = []
    for member in members:
        last, count = summary.get(member.pk, (None, 0))
        rows.append((member, last, days_since(last, today), count))
    return sorted(rows, key=lambda row: (row[1] is not None, row[1] or date.min))


def entries(project, limit=200):
    """The motivation log's latest entries."""
    return (
        MotivationEntry.objects.filter(membership__project=project)
        .select_related("membership__organisation", "contact", "recorded_by", "announcement")
        .order_by("-date", "-pk")[:limit]
    )


def sent_count(project):
    return Announcement.objects.filter(project=project, status=AnnouncementStatus.SENT).count()
