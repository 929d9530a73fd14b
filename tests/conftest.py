"""Shared test base: named people around two projects, as in healthchecks' BaseTestCase."""

import copy
import os
from dataclasses import dataclass
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache

from config.celery import app as celery_app
from networkhub.models import Role

from .factories import (
    ContactFactory,
    CoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
    sign_in,
)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    # Stored files (attachments, outputs, report PDFs) go to a temporary folder, never to var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tasks run in-process when the transaction commits; the real-worker path has its own test.
    celery_app.conf.task_always_eager = True
    settings.LANGUAGE_CODE = "fi"
    settings.SITE_URL = "http://testserver"
    # Hashing strength is Django's concern; a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def _hostile_clock():
    """The moment NETWORKHUB_TEST_CLOCK names (ISO 8601 with an offset), or None when it is not set."""
    value = os.environ.get("NETWORKHUB_TEST_CLOCK", "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise pytest.UsageError(f"NETWORKHUB_TEST_CLOCK={value!r} is not an ISO 8601 datetime: {error}") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"NETWORKHUB_TEST_CLOCK={value!r} needs an offset, e.g. 2027-03-27T23:30:00+02:00")
    return moment


TEST_CLOCK = _hostile_clock()


def pytest_report_header(config):
    if TEST_CLOCK is not None:
        return f"NETWORKHUB_TEST_CLOCK: every test starts at {TEST_CLOCK.isoformat()}"
    return None


@pytest.fixture(autouse=True)
def _test_clock(request):
    """With NETWORKHUB_TEST_CLOCK set, every test starts at that moment (the clock then runs on),
    so that a test which depends on when it runs fails on purpose rather than on some evening.

    A test marked `machine_clock` starts real worker, beat or server processes, which keep the machine's time:
    moving only the test's own clock would set the two sides a year apart (a heartbeat that looks a year old,
    reminders due a year after the worker's now), so it runs at the machine's time."""
    if TEST_CLOCK is None or request.node.get_closest_marker("machine_clock"):
        yield
        return
    with time_machine.travel(TEST_CLOCK, tick=True):
        yield


@dataclass
class World:
    project: object
    other_project: object
    coordinator: object
    other_coordinator: object
    partner: object
    other_partner: object
    funder: object
    membership: object
    other_membership: object
    contact: object
    other_contact: object


@pytest.fixture
def world(db):
    """This project with its coordinator and a partner; another project with its own; a funder reviewer."""
    return build_world()


def build_world():
    coordinator = CoordinatorFactory(email="coordinator@example.org", full_name="Anna Koordinaattori")
    other_coordinator = CoordinatorFactory(email="other.coordinator@example.org", full_name="Olli Muu")
    partner = UserFactory(email="partner@example.org", full_name="Pia Partneri")
    other_partner = UserFactory(email="other.partner@example.org", full_name="Otto Ulkopuolinen")
    funder = UserFactory(email="reviewer@oph.example", full_name="Riitta Arvioija", role=Role.FUNDER)

    project = ProjectFactory(coordinators=[coordinator])
    other_project = ProjectFactory(coordinators=[other_coordinator])
    membership = MembershipFactory(project=project, organisation=OrganisationFactory(name="Kumppaniopisto"))
    other_membership = MembershipFactory(project=other_project, organisation=OrganisationFactory(name="Vieras Oy"))
    contact = ContactFactory(organisation=membership.organisation, user=partner, email=partner.email)
    other_contact = ContactFactory(
        organisation=other_membership.organisation, user=other_partner, email=other_partner.email
    )
    return World(
        project=project,
        other_project=other_project,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        partner=partner,
        other_partner=other_partner,
        funder=funder,
        membership=membership,
        other_membership=other_membership,
        contact=contact,
        other_contact=other_contact,
    )


@pytest.fixture
def registered(world):
    """The shared registry (issue 11): Helmijoki is a member of the other project, which added Pekka (no
    consent to share). This project added the organisation from the registry and then its own contact, Ville."""
    organisation = OrganisationFactory(name="Helmijoen ammattiopisto")
    MembershipFactory(project=world.other_project, organisation=organisation)
    world.pekka = ContactFactory(organisation=organisation, name="Pekka Piilotettu", consent_to_share=False)
    world.helmi_membership = MembershipFactory(project=world.project, organisation=organisation, known_contacts=False)
    world.ville = ContactFactory(
        organisation=organisation, name="Ville Lisätty", consent_to_share=False, known_to=[world.project]
    )
    return world


@pytest.fixture
def matrix_world(world):
    """The shared world plus each app's objects (an app's `extend_world(world)` adds attributes)."""
    return _extended(world)


def _extended(world):
    from tests.matrix import WORLD_EXTENSIONS

    for extend in WORLD_EXTENSIONS:
        extend(world)
    return world


@pytest.fixture(scope="module")
def _matrix_world_of_the_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix world built once for a whole module, as Django's `setUpTestData` does: inside a transaction
    that is rolled back when the module ends, so that each test's own transaction is a savepoint in it and
    undoes only what that test did. The permission matrix and the bad-input sweep run some 1,500 tests on it;
    building it for each cost half the suite's time. Its files go to a folder of the module's own."""
    from django.conf import settings as django_settings
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("matrix-media")
    clock = time_machine.travel(TEST_CLOCK, tick=True) if TEST_CLOCK is not None else None
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        if clock is not None:
            clock.start()
        try:
            world = _extended(build_world())
        finally:
            if clock is not None:
                clock.stop()
        world.media_root = media
        assert media == django_settings.MEDIA_ROOT
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def matrix_world_of_the_module(_matrix_world_of_the_module, db, settings):
    """The module's matrix world for one test: a copy of its objects (what a test changes in them stays in that
    test), its files where they were stored."""
    settings.MEDIA_ROOT = _matrix_world_of_the_module.media_root
    return copy.deepcopy(_matrix_world_of_the_module)


def assert_one_mail(mailoutbox, *, to, contains=()):
    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    message = mailoutbox[0]
    assert message.to == [to]
    body = message.body
    for text in contains:
        assert text in body, f"{text!r} not in the e-mail body"
    return message


@pytest.fixture
def admin_client(db, client):
    """pytest-django's admin_client, with the two-factor sign-in the admin site requires."""
    from accounts.models import User

    admin = User.objects.create_superuser("admin@example.com", "password", full_name="Ylläpitäjä")
    return sign_in(client, admin)
