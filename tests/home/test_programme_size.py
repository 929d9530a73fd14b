"""Issue 24: a page's queries do not grow with the programme. Each page is opened with one other project in the
programme, then with seven more (their members, contacts with accounts, letters' coordinators and deadlines'
programme as this project's), and the number of queries must be the same: the other projects are in the
database, not on the page. The time the queries take at 10,000 projects is bench/scale.py's to measure."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ContactFactory,
    CoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db

PAGES = [
    ("coordinator", "home:projects", False),
    ("coordinator", "home:project", True),
    ("coordinator", "partners:list", True),
    ("coordinator", "meetings:list", True),
    ("coordinator", "commitments:overview", True),
    ("partner", "home:projects", False),
    ("partner", "home:project", True),
    ("partner", "partners:list", True),
    ("partner", "meetings:list", True),
    ("funder", "home:overview", False),
    ("funder", "reports:projects", False),
    ("funder", "reports:queue", False),
]


def _grow(world, count):
    """`count` more projects in this project's programme, each with a coordinator and three members whose contacts
    have accounts; one member is also a member of this project, so the partner's organisation meets them too."""
    shared = world.membership.organisation
    for n in range(count):
        project = ProjectFactory(programme=world.project.programme, coordinators=[CoordinatorFactory()])
        for m in range(3):
            organisation = shared if m == 0 else OrganisationFactory()
            MembershipFactory(project=project, organisation=organisation)
            if m:
                ContactFactory(organisation=organisation, user=UserFactory(email=f"grow{n}.{m}@example.org"))


def _url(world, name, per_project):
    return reverse(name, kwargs={"project_pk": world.project.pk} if per_project else {})


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(("role", "name", "per_project"), PAGES)
def test_a_page_costs_the_same_queries_in_a_larger_programme(world, client, role, name, per_project):
    sign_in(client, getattr(world, role))
    url = _url(world, name, per_project)
    _grow(world, 1)
    client.get(url)  # the first view fills what a session caches
    small = _queries(client, url)
    _grow(world, 7)
    assert _queries(client, url) == small
