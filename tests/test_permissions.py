"""The permission matrix: every URL pattern against every role.

Every URL the app defines must be listed here (a test fails otherwise), so each later issue
extends the matrix. Outside one's scope the answer is 404, never 403 or a leak.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import sign_in
from tests.matrix import ACCESS, CROSS_PROJECT, ENTRIES, ROLES, SPECIAL, URLS


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(URLS) - SPECIAL == set(), "add these URLs to the permission matrix"
    assert set(URLS) - names == set(), "the matrix lists URLs that no longer exist"


def _client_for(role, world, client):
    if role != "anonymous":
        # The funder reviewer has enrolled in two-factor sign-in and typed a code (tests/networkhub/test_two_factor.py
        # proves that without it they reach nothing).
        sign_in(client, getattr(world, role))
    return client


@pytest.fixture
def matrix_world(matrix_world_of_the_module):
    """Built once for this module (tests/conftest.py): its tests only read it or change it inside their own
    transaction."""
    return matrix_world_of_the_module


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(URLS))
def test_permission_matrix(name, role, matrix_world, client):
    world = matrix_world
    kwargs_for, method, kind = URLS[name]
    url = reverse(name, kwargs=kwargs_for(world))
    response = getattr(_client_for(role, world, client), method)(url)
    expected = ACCESS[kind][role]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} {method.upper()} {url}"


@pytest.mark.parametrize("name", sorted(CROSS_PROJECT))
def test_another_projects_object_is_404(name, matrix_world, client):
    world = matrix_world
    client.force_login(world.coordinator)
    _kwargs, method, _kind = URLS[name]
    response = getattr(client, method)(reverse(name, kwargs=CROSS_PROJECT[name](world)))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", sorted(ENTRIES))
def test_partner_changes_only_their_own_organisations_entries(row, role, matrix_world, client):
    """Issue 21: a member's contact edits and deletes the entries their own organisation recorded; another member's
    entry in the same project is 404 to them, as to everyone outside the project, and the coordinators' to change."""
    world = matrix_world
    name, kwargs_for, kind = ENTRIES[row]
    assert name in URLS
    url = reverse(name, kwargs=kwargs_for(world))
    response = _client_for(role, world, client).get(url)
    expected = ACCESS[kind][role]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} GET {url} ({row})"
