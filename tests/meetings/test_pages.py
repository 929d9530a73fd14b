"""Every meetings page: one h1, the skip link, table headers with a scope, in all three languages."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import sign_in

from .permissions import URLS, extend_world

pytestmark = pytest.mark.django_db

GET_PAGES = sorted(name for name, (_kwargs, method, _kind) in URLS.items() if method == "get")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("role", ["coordinator", "partner"])
def test_pages_are_accessible_in_every_language(world, client, language, role):
    extend_world(world)
    sign_in(client, getattr(world, role))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for name in GET_PAGES:
        kwargs_for, _method, _kind = URLS[name]
        response = client.get(reverse(name, kwargs=kwargs_for(world)))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        assert page.count("<h1") == 1, name
        assert 'href="#main"' in page, name
        assert f'<html lang="{language}">' in page, name
        assert not re.search(r"<th(?=[\s>])(?![^>]*scope=)[^>]*>", page), f"{name}: a <th> without scope"
