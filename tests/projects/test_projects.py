from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from networkhub.models import AuditEvent
from partners.models import Membership, MembershipRole
from projects.models import Project, ProjectStatus
from tests.factories import OrganisationFactory, ProgrammeFactory, ProjectFactory, add_members


def _registration(programme, lead, **overrides):
    data = {
        "name": "Digiloikka verkostona",
        "acronym": "DIGI",
        "programme": programme.pk,
        "case_number": "OPH-5555-2026",
        "application_date": "2026-03-01",
        "start_date": "2026-08-01",
        "end_date": "2028-07-31",
        "grant_eur": "120000.00",
        "self_financing_eur": "30000.00",
        "description": "Kuvaus",
        "lead_organisation": lead.pk,
    }
    data.update(overrides)
    return data


def test_coordinator_registers_a_project(world, client):
    lead = OrganisationFactory(name="Johtava opisto")
    client.force_login(world.coordinator)
    response = client.post(reverse("home:project_create"), _registration(ProgrammeFactory(), lead))
    project = Project.objects.get(acronym="DIGI")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.status == ProjectStatus.APPLICATION
    assert project.grant_eur == Decimal("120000.00")
    assert list(project.coordinators.all()) == [world.coordinator]
    lead_membership = Membership.objects.get(project=project)
    assert (lead_membership.organisation, lead_membership.role) == (lead, MembershipRole.LEAD)
    assert AuditEvent.objects.filter(project=project, action="project.registered", actor=world.coordinator).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("end_date", "2026-07-01", "Hanke ei voi päättyä ennen kuin se alkaa."),
        ("grant_eur", "-5", "Summa ei voi olla negatiivinen."),
        ("self_financing_eur", "-0.01", "Summa ei voi olla negatiivinen."),
    ],
)
def test_bad_input_is_explained_at_the_field_and_kept(world, client, field, value, message):
    client.force_login(world.coordinator)
    data = _registration(ProgrammeFactory(), OrganisationFactory(), **{field: value})
    response = client.post(reverse("home:project_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert form[field].value() == value
    assert 'value="Digiloikka verkostona"' in response.content.decode()
    assert not Project.objects.filter(acronym="DIGI").exists()


def test_failed_edit_keeps_what_was_saved(world, client):
    client.force_login(world.coordinator)
    project = world.project
    before = (project.name, project.end_date)
    data = {
        "name": "Uusi nimi",
        "acronym": project.acronym,
        "programme": project.programme_id,
        "case_number": project.case_number,
        "status": project.status,
        "application_date": "2026-03-01",
        "start_date": "2026-08-01",
        "end_date": "2025-01-01",
        "grant_eur": "1",
        "self_financing_eur": "0",
    }
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 200 and "end_date" in response.context["form"].errors
    project.refresh_from_db()
    assert (project.name, project.end_date) == before


def test_database_refuses_end_before_start(db):
    project = ProjectFactory.build(programme=ProgrammeFactory())
    project.end_date = project.start_date.replace(year=project.start_date.year - 1)
    with pytest.raises(IntegrityError):
        project.save()


def test_goals_formset_saves_goals(world, client):
    client.force_login(world.coordinator)
    url = reverse("goals:goals", args=[world.project.pk])
    data = {
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "1000",
        "goals-0-title": "Liikkuvuus kasvaa",
        "goals-0-indicator": "Jaksot",
        "goals-0-target": "40",
        "goals-0-unit": "opiskelijaa",
        "goals-0-order": "1",
    }
    assert client.post(url, data).status_code == 302
    goal = world.project.goals.get()
    assert (goal.title, goal.target) == ("Liikkuvuus kasvaa", Decimal("40"))
    page = client.get(world.project.get_absolute_url()).content.decode()
    assert "Liikkuvuus kasvaa" in page


def test_negative_goal_target_is_refused(world, client):
    client.force_login(world.coordinator)
    data = {
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "1000",
        "goals-0-title": "T",
        "goals-0-indicator": "I",
        "goals-0-target": "-1",
        "goals-0-order": "0",
    }
    response = client.post(reverse("goals:goals", args=[world.project.pk]), data)
    assert response.status_code == 200
    assert "target" in response.context["formset"].forms[0].errors


def test_add_and_remove_coordinator(world, client):
    client.force_login(world.coordinator)
    url = reverse("projects:coordinators", args=[world.project.pk])
    response = client.post(url, {"email": world.partner.email})
    assert "email" in response.context["form"].errors  # a partner account cannot coordinate
    client.post(url, {"email": world.other_coordinator.email.upper()})
    assert world.project.coordinators.filter(pk=world.other_coordinator.pk).exists()
    client.post(reverse("projects:coordinator_remove", args=[world.project.pk, world.other_coordinator.pk]))
    assert not world.project.coordinators.filter(pk=world.other_coordinator.pk).exists()


def test_last_coordinator_cannot_be_removed(world, client):
    client.force_login(world.coordinator)
    client.post(reverse("projects:coordinator_remove", args=[world.project.pk, world.coordinator.pk]))
    assert world.project.coordinators.filter(pk=world.coordinator.pk).exists()


@pytest.mark.parametrize("url_name", ["home:project", "partners:list"])
def test_project_pages_query_count_does_not_grow_with_members(world, client, django_assert_max_num_queries, url_name):
    client.force_login(world.coordinator)
    url = reverse(url_name, args=[world.project.pk])
    add_members(world.project, 4)  # 5 members with the world's own
    # meetings panel 2, deadline 1, health panel (12 items) 23 (the motivation log: +1), map 3
    with django_assert_max_num_queries(43) as small:
        assert client.get(url).status_code == 200
    add_members(world.project, 45)  # 50 members
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 50
    assert len(large.captured_queries) == len(small.captured_queries)


def test_project_list_query_count_does_not_grow_with_projects(world, client, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    url = reverse("home:projects")
    # The landing page also lists what needs attention and the user's own to-dos (letter tasks and the pulse
    # among them): one query per kind.
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(20):
        add_members(ProjectFactory(coordinators=[world.coordinator]), 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
