"""The directory as files: CSV for spreadsheets and vCard for address books.

Both take the members from `queries.directory`, whose organisations carry only the contacts who consented
to share their details (`shared_contacts`); nothing here looks at any other contact.
"""

import csv
import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from networkhub.spreadsheets import csv_cell

VCARD_VERSIONS = ("4.0", "3.0")
_FOLD_AT = 75  # octets per line, CRLF not counted (RFC 6350 section 3.2, RFC 2426 section 2.6)


def _tags(organisation):
    profile = organisation.expertise_or_none
    return ", ".join(tag.name for tag in profile.tags.all()) if profile else ""


def _description(organisation):
    profile = organisation.expertise_or_none
    return profile.description if profile else ""


# CSV


def write_directory_csv(out, members):
    """One row per shared contact, with the organisation's details; an organisation without one gets one row.

    Semicolon-separated, with a UTF-8 byte order mark, so that spreadsheets set to Finnish open it in columns.
    """
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [_("Organisation"), _("Type"), _("Country"), _("Expertise tags"), _("Expertise"),
         _("Contact person"), _("Job title"), _("E-mail address"), _("Phone"), _("Language")]
    )  # fmt: skip
    for membership in members:
        organisation = membership.organisation
        about = [
            organisation.name,
            organisation.get_org_type_display(),
            organisation.country.name,
            _tags(organisation),
            _description(organisation),
        ]
        people = [
            [contact.name, contact.title, contact.email, contact.phone, contact.get_language_display()]
            for contact in organisation.shared_contacts
        ]
        for person in people or [[""] * 5]:
            writer.writerow([csv_cell(value) for value in about + person])


# vCard


def vcard_escape(value):
    """A text value with backslash, comma, semicolon and line breaks escaped (RFC 6350 section 3.4)."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def vcard_fold(line):
    """Split a content line into lines of at most 75 octets, continuing with CRLF and a space.

    A UTF-8 character is never split between two lines.
    """
    if len(line.encode()) <= _FOLD_AT:
        return line
    lines, current, size, limit = [], [], 0, _FOLD_AT
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            lines.append("".join(current))
            current, size, limit = [], 0, _FOLD_AT - 1  # the continuation's leading space is one octet
        current.append(char)
        size += width
    lines.append("".join(current))
    return "\r\n ".join(lines)


def _name_parts(name):
    """N: family name; given names (a best guess from a single name field: the last word is the family name)."""
    given, _space, family = " ".join(name.split()).rpartition(" ")
    return family, given


def _uid(contact):
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{settings.SITE_URL}/contacts/{contact.pk}')}"


def vcard(contact, organisation, *, version="4.0"):
    """One VCARD for a contact person of an organisation, as CRLF-terminated lines."""
    family, given = _name_parts(contact.name)
    modern = version == "4.0"
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{version}",
        "PRODID:-//networkhub//Directory//EN",
        f"UID:{_uid(contact)}",
        f"FN:{vcard_escape(contact.name)}",
        f"N:{vcard_escape(family)};{vcard_escape(given)};;;",
        f"ORG:{vcard_escape(organisation.name)}",
    ]
    if contact.title:
        lines.append(f"TITLE:{vcard_escape(contact.title)}")
    email = "EMAIL;TYPE=work" if modern else "EMAIL;TYPE=INTERNET,WORK"
    lines.append(f"{email}:{vcard_escape(contact.email)}")
    if contact.phone:
        # The number as typed: 4.0 says so with VALUE=text (its default is a tel: URI).
        phone = "TEL;VALUE=text;TYPE=work,voice" if modern else "TEL;TYPE=WORK,VOICE"
        lines.append(f"{phone}:{vcard_escape(contact.phone)}")
    # LANG is defined by vCard 4.0; it is an IANA-registered property, which 3.0 readers accept or ignore.
    lines.append(f"LANG:{contact.language}")
    lines.append("END:VCARD")
    return "".join(f"{vcard_fold(line)}\r\n" for line in lines)


def directory_vcards(members, *, version="4.0"):
    """A vCard file with one VCARD per shared contact of the members."""
    return "".join(
        vcard(contact, membership.organisation, version=version)
        for membership in members
        for contact in membership.organisation.shared_contacts
    )
