"""The directory's exports: CSV for spreadsheets, vCard for address books; consenting contacts only."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import sign_in


def _get(client, user, name, project, **params):
    sign_in(client, user)
    return client.get(reverse(name, args=[project.pk]), params)


def _csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_csv_opens_in_columns_with_values_as_on_the_page(network, client):
    response = _get(client, network.partner, "partners:directory_csv", network.project)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith("\ufeff".encode())
    header, *rows = _csv_rows(response)
    assert len(header) == 10 and all(len(row) == 10 for row in rows)
    by_contact = {row[5]: row for row in rows}
    assert by_contact["Jaana Jakaja"] == [
        "Konepaja Kaira Oy",
        "Yritys",  # the type as the Finnish page shows it
        "Suomi",
        "digital pedagogy, welding",
        "Hitsauksen oppimisympäristöt ja virtuaaliset simulaattorit.",
        "Jaana Jakaja",
        "Koulutuspäällikkö",
        "jaana@konepaja.example",
        "'+358 40 111 2222",  # no formulas from a spreadsheet cell: a leading + is kept as text
        "ruotsi",
    ]
    assert {row[0] for row in rows} == {"Konepaja Kaira Oy", "Kumppaniopisto"}


def test_csv_follows_the_search_and_never_carries_formulas(network, client):
    network.konepaja.organisation.name = "=HYPERLINK(1)"
    network.konepaja.organisation.save()
    rows = _csv_rows(_get(client, network.partner, "partners:directory_csv", network.project, tag="welding"))[1:]
    assert [row[0] for row in rows] == ["'=HYPERLINK(1)"]


def _unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def _split(value, separator):
    """Split at separators that are not escaped."""
    parts, current, escaped = [], "", False
    for char in value:
        if char == separator and not escaped:
            parts.append(current)
            current = ""
            continue
        current += char
        escaped = char == "\\" and not escaped
    return [*parts, current]


def parse_vcards(text):
    """A strict reader for what the directory writes: CRLF lines of at most 75 octets, folded and escaped."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode()) <= 75, line
    logical = []
    for line in physical:
        if line[:1] in (" ", "\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    cards, card = [], None
    for line in logical:
        head, value = line.split(":", 1)
        name, *params = head.split(";")
        if name == "BEGIN":
            assert value == "VCARD" and card is None
            card = []
        elif name == "END":
            assert value == "VCARD"
            cards.append(card)
            card = None
        else:
            card.append((name, params, value))
    assert card is None
    return cards


def _card_properties(card):
    return {name: (params, value) for name, params, value in card}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_has_one_card_per_consenting_contact_and_escapes_values(network, client, version):
    organisation = network.konepaja.organisation
    organisation.name = "Konepaja Kaira Oy, Hitsaamo; Pori"
    organisation.save()
    jaana = organisation.contacts.get(name="Jaana Jakaja")
    jaana.title = "Koulutuspäällikkö, kv-asiat; työelämä\nja hankkeet \\ kaikki (pitkä nimike jotta rivi taittuu)"
    jaana.save()
    params = {"version": version} if version == "3.0" else {}
    response = _get(client, network.partner, "partners:directory_vcard", network.project, **params)
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    body = response.content.decode()
    assert "\r\n " in body  # the long TITLE line is folded
    cards = parse_vcards(body)
    assert len(cards) == 2  # Jaana, and the world's partner; never Salli
    jaana_card = next(card for card in cards if _card_properties(card)["FN"][1] == "Jaana Jakaja")
    assert jaana_card[0] == ("VERSION", [], version)  # right after BEGIN
    card = _card_properties(jaana_card)
    assert [_unescape(part) for part in _split(card["N"][1], ";")] == ["Jakaja", "Jaana", "", "", ""]
    assert _split(card["ORG"][1], ";") == ["Konepaja Kaira Oy\\, Hitsaamo\\; Pori"]
    assert _unescape(card["ORG"][1]) == "Konepaja Kaira Oy, Hitsaamo; Pori"
    assert card["TITLE"][1] == (
        "Koulutuspäällikkö\\, kv-asiat\\; työelämä\\nja hankkeet \\\\ kaikki (pitkä nimike jotta rivi taittuu)"
    )
    assert _unescape(card["TITLE"][1]) == jaana.title
    assert card["EMAIL"][1] == "jaana@konepaja.example"
    assert card["TEL"][1] == "+358 40 111 2222"
    assert card["LANG"][1] == "sv"
    assert card["UID"][1].startswith("urn:uuid:")
    if version == "4.0":
        assert card["TEL"][0] == ["VALUE=text", "TYPE=work,voice"]
    else:
        assert card["EMAIL"][0] == ["TYPE=INTERNET,WORK"]


def test_vcard_ignores_an_unknown_version(network, client):
    response = _get(client, network.partner, "partners:directory_vcard", network.project, version="<9>")
    assert response.status_code == 200
    assert "VERSION:4.0\r\n" in response.content.decode()
