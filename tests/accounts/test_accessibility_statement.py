"""Issue 13: the accessibility statement (saavutettavuusseloste) in Finnish, Swedish and English, linked from
every page's footer, with a feedback channel that reaches the administrators by e-mail (a Celery task,
once per administrator under an idempotency key) and tells the sender what happens next."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AccessibilityFeedback
from accounts.tasks import send_accessibility_feedback
from networkhub import privacy
from networkhub.models import Message, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STATEMENT = reverse("accounts:accessibility")
SUPERVISION = "https://www.saavutettavuusvaatimukset.fi/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.delete("a11y-feedback:127.0.0.1")
    yield
    cache.delete("a11y-feedback:127.0.0.1")


@pytest.fixture
def admins(db):
    return [
        UserFactory(email="yllapito@oph.example", role=Role.ADMINISTRATOR, language="fi"),
        UserFactory(email="drift@oph.example", role=Role.ADMINISTRATOR, language="sv"),
        UserFactory(email="former@oph.example", role=Role.ADMINISTRATOR, is_active=False),
    ]


@pytest.mark.parametrize(
    ("language", "heading", "tested", "gaps", "supervisor"),
    [
        ("fi", "Saavutettavuusseloste", "axe-core", "Tunnetut puutteet", "Traficom"),
        ("sv", "Tillgänglighetsutlåtande", "axe-core", "Kända brister", "Traficom"),
        ("en", "Accessibility statement", "axe-core", "Known gaps", "Traficom"),
    ],
)
def test_the_statement_in_each_language(client, settings, language, heading, tested, gaps, supervisor):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(STATEMENT)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert f'<h1 class="h2 mb-3">{heading}</h1>' in body
    for text in (tested, gaps, supervisor, SUPERVISION, "306/2019", "WCAG 2.1"):
        assert text in body
    assert 'name="message"' in body and 'name="email"' in body and 'name="name"' in body


def test_every_page_links_to_the_statement_in_its_footer(world, client):
    pages = [reverse("login"), STATEMENT, reverse("password_reset"), "/no-such-page/"]
    for path in pages:
        body = client.get(path).content.decode()
        footer = body[body.index("<footer") :]
        assert f'href="{STATEMENT}?from=' in footer, path
    client.force_login(world.coordinator)
    for path in (reverse("home:projects"), reverse("home:project", args=[world.project.pk])):
        footer = client.get(path).content.decode().split("<footer", 1)[1]
        assert f'href="{STATEMENT}?from={path}"' in footer, path
    # The page the visitor came from fills the form's page field.
    assert 'value="/projects/"' in client.get(STATEMENT, {"from": "/projects/"}).content.decode()
    body = client.get(STATEMENT, {"from": "https://evil.example/"}).content.decode()
    assert 'name="page_url" value="' not in body  # another site's address is not taken for a page


def test_feedback_reaches_every_active_administrator_once(
    client, admins, mailoutbox, django_capture_on_commit_callbacks, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            STATEMENT,
            {
                "name": "Aino Asiakas",
                "email": "aino@example.org",
                "message": "The time poll grid cannot be used with a screen reader.",
                "page_url": "/m/poll/abc/",
            },
        )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:accessibility_sent")
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.name, feedback.email, feedback.page_url, feedback.language) == (
        "Aino Asiakas",
        "aino@example.org",
        "/m/poll/abc/",
        "en",
    )
    assert sorted(message.to[0] for message in mailoutbox) == ["drift@oph.example", "yllapito@oph.example"]
    by_address = {message.to[0]: message for message in mailoutbox}
    assert by_address["yllapito@oph.example"].subject == "Saavutettavuuspalaute networkhubista"
    assert by_address["drift@oph.example"].subject == "Respons om tillgängligheten i networkhub"
    for message in mailoutbox:
        assert "The time poll grid cannot be used with a screen reader." in message.body
        assert "/m/poll/abc/" in message.body and "Aino Asiakas" in message.body
        assert message.reply_to == ["aino@example.org"]
    # The task run again (a retry, a redelivery) sends nothing twice: one Message per key.
    send_accessibility_feedback.apply(args=[feedback.pk])
    assert len(mailoutbox) == 2
    assert Message.objects.filter(kind="accessibility_feedback").count() == 2

    sent = client.get(response["Location"]).content.decode()
    assert "What happens next" in sent and "within 14 days" in sent and SUPERVISION in sent


def test_name_and_address_are_optional_the_message_is_not(
    client, admins, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post(STATEMENT, {"name": "Aino", "email": "", "message": "  ", "page_url": "/projects/"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kirjoita palautteesi." in body  # next to the field, in Finnish by default
    assert 'value="Aino"' in body and 'value="/projects/"' in body  # what was typed is kept
    response = client.post(STATEMENT, {"message": "Hi", "page_url": "https://evil.example/"})
    assert response.status_code == 200 and "Anna tämän palvelun sivu" in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STATEMENT, {"message": "Kontrasti on heikko."})
    assert response.status_code == 302
    assert len(mailoutbox) == 2 and all(message.reply_to == [] for message in mailoutbox)


def test_the_form_is_rate_limited_per_address(client, admins, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            assert client.post(STATEMENT, {"message": f"Palaute {number}"}).status_code == 302
        response = client.post(STATEMENT, {"message": "Kuudes", "email": "kuudes@example.org"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Yritä myöhemmin uudelleen." in body and "Kuudes" in body and "kuudes@example.org" in body
    assert AccessibilityFeedback.objects.count() == 5
    assert len(mailoutbox) == 5 * 2


def test_the_senders_feedback_is_exported_and_erased_with_their_personal_data(client, admins):
    AccessibilityFeedback.objects.create(name="Aino", email="Aino@Example.org", message="Kontrasti")
    AccessibilityFeedback.objects.create(name="Other", email="other@example.org", message="Muu")
    person = privacy.Person(emails=frozenset({"aino@example.org"}))
    exported = privacy.export_person(person)["accounts.accessibility"]
    assert [row["message"] for row in exported] == ["Kontrasti"]
    assert privacy.erase_person(person, "t0k3n")["accounts.accessibility"] == 1
    erased = AccessibilityFeedback.objects.get(message=privacy.ERASED_NAME)
    assert erased.email == privacy.erased_email("t0k3n") and erased.name == privacy.ERASED_NAME
    assert AccessibilityFeedback.objects.filter(name="Other").exists()
