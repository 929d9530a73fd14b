"""Lists and access after withdrawal, on a world of their own (tests/test_permissions.py shares one world
across its module; these change theirs)."""

from django.urls import reverse


def test_lists_do_not_leak_other_projects(world, client):
    client.force_login(world.partner)
    body = client.get(reverse("home:projects")).content.decode()
    assert world.project.acronym in body
    assert world.other_project.acronym not in body


def test_withdrawn_membership_ends_partner_access(world, client):
    world.membership.status = "withdrawn"
    world.membership.save()
    client.force_login(world.partner)
    assert client.get(reverse("home:project", args=[world.project.pk])).status_code == 404
