"""Finnish by default; Swedish and English complete."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_each_language_has_a_catalogue():
    assert {path.parts[-3] for path in CATALOGUES} == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    untranslated = [
        message.id
        for message in catalog
        if message.id and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"


@pytest.mark.parametrize(("language", "heading"), [("fi", "Hankkeet"), ("sv", "Projekt"), ("en", "Projects")])
def test_interface_switches_language(world, client, language, heading):
    client.force_login(world.coordinator)
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("home:projects")})
    assert response.status_code == 302
    page = client.get(reverse("home:projects")).content.decode()
    assert f'<html lang="{language}">' in page
    assert f">{heading}</h1>" in page
    world.coordinator.refresh_from_db()
    assert world.coordinator.language == language


def test_finnish_is_the_default(db, client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="fi">' in page
    assert "Kirjaudu sisään" in page


def test_saved_language_applies_after_sign_in(world, client):
    world.partner.language = "sv"
    world.partner.save()
    client.force_login(world.partner)
    assert '<html lang="sv">' in client.get(reverse("home:projects")).content.decode()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_page_has_one_h1_and_a_skip_link(world, client, language):
    client.force_login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    urls = [
        reverse("home:projects"),
        reverse("home:project_create"),
        reverse("home:project", args=[world.project.pk]),
        reverse("projects:edit", args=[world.project.pk]),
        reverse("goals:goals", args=[world.project.pk]),
        reverse("projects:coordinators", args=[world.project.pk]),
        reverse("partners:list", args=[world.project.pk]),
        reverse("partners:add", args=[world.project.pk]),
        reverse("partners:detail", args=[world.project.pk, world.membership.pk]),
        reverse("partners:contact_create", args=[world.project.pk, world.membership.pk]),
        reverse("partners:directory", args=[world.project.pk]),
        reverse("partners:profile_edit", args=[world.project.pk, world.membership.pk]),
    ]
    for url in urls:
        page = client.get(url).content.decode()
        assert page.count("<h1") == 1, url
        assert 'href="#main"' in page and 'id="main"' in page, url


def test_the_language_switcher_is_one_plain_choice_per_language(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<select class="form-select form-select-sm" id="language-select"' not in page
    assert 'name="language" value="sv" lang="sv">Svenska</button>' in page
    assert 'name="language" value="en" lang="en">English</button>' in page
    assert 'lang="fi" aria-current="true">Suomi</span>' in page
