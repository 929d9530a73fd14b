"""Results and dissemination: outputs with their dissemination events, kept by coordinators, read by members."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networkhub.models import AuditEvent
from results.models import DisseminationChannel, DisseminationEvent, Output, OutputType
from results.queries import dissemination_coverage, outputs_with_events
from tests.factories import DisseminationEventFactory, OutputFactory, ProjectFactory, sign_in

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a temporary directory, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english(client, settings):
    """Pages in English: the source strings, which do not change when the catalogues are translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(name, world, **kwargs):
    return reverse(f"results:{name}", kwargs={"project_pk": world.project.pk, **kwargs})


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_current_timezone())


def _output_post(**overrides):
    return {
        "output_type": OutputType.PUBLICATION,
        "title": "Opas ensimmäiseen jaksoon",
        "description": "Aloittelevalle järjestäjälle.",
        "url": "https://example.org/opas",
        **overrides,
    }


def _event_post(**overrides):
    return {
        "date": "2026-10-08",
        "channel": DisseminationChannel.SEMINAR,
        "audience_type": "sector",
        "audience": "Kv-koordinaattorit",
        "reach": "120",
        "url": "",
        **overrides,
    }


# --- Coordinators keep the record ------------------------------------------------------------------


def test_coordinator_adds_edits_and_deletes_an_output(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    assert client.get(_url("output_create", world)).status_code == 200
    response = client.post(
        _url("output_create", world), {**_output_post(), "upload": SimpleUploadedFile("Opas.pdf", PDF)}
    )
    output = Output.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_url('list', world)}#output-{output.pk}"
    assert (output.project, output.created_by, output.output_type) == (
        world.project,
        world.coordinator,
        OutputType.PUBLICATION,
    )
    assert (output.file_name, output.file_size, output.file_type) == ("Opas.pdf", len(PDF), "application/pdf")
    assert "Opas" not in output.file.name  # stored under a random name
    stored, storage = output.file.name, output.file.storage

    response = client.post(
        _url("output_edit", world, output_pk=output.pk),
        _output_post(title="Opas, 2. painos", output_type=OutputType.REPORT),
    )
    assert response.status_code == 302
    output.refresh_from_db()
    assert (output.title, output.output_type, output.file.name) == ("Opas, 2. painos", OutputType.REPORT, stored)

    DisseminationEventFactory(output=output)
    confirm = client.get(_url("output_delete", world, output_pk=output.pk))
    assert confirm.status_code == 200 and Output.objects.exists()  # asking first deletes nothing
    assert 'method="post"' in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url("output_delete", world, output_pk=output.pk)).status_code == 302
    assert not Output.objects.exists() and not DisseminationEvent.objects.exists()
    assert not storage.exists(stored)
    actions = list(AuditEvent.objects.filter(project=world.project).order_by("pk").values_list("action", flat=True))
    assert actions == ["project.output_added", "project.output_updated", "project.output_deleted"]


def test_coordinator_records_edits_and_deletes_dissemination(world, client):
    output = OutputFactory(project=world.project)
    client.force_login(world.coordinator)
    assert client.get(_url("event_create", world, output_pk=output.pk)).status_code == 200
    response = client.post(_url("event_create", world, output_pk=output.pk), _event_post())
    assert response.status_code == 302
    event = output.events.get()
    assert (event.date, event.channel, event.reach, event.created_by) == (
        date(2026, 10, 8),
        DisseminationChannel.SEMINAR,
        120,
        world.coordinator,
    )
    response = client.post(_url("event_edit", world, event_pk=event.pk), _event_post(reach="95", channel="training"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.reach, event.channel) == (95, DisseminationChannel.TRAINING)
    assert client.get(_url("event_delete", world, event_pk=event.pk)).status_code == 200
    assert output.events.exists()
    assert client.post(_url("event_delete", world, event_pk=event.pk)).status_code == 302
    assert not output.events.exists()
    actions = list(AuditEvent.objects.filter(project=world.project).order_by("pk").values_list("action", flat=True))
    assert actions == ["project.dissemination_added", "project.dissemination_updated", "project.dissemination_deleted"]


def test_replacing_or_removing_the_file_deletes_the_old_one(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    client.post(_url("output_create", world), {**_output_post(), "upload": SimpleUploadedFile("a.pdf", PDF)})
    output = Output.objects.get()
    first, storage = output.file.name, output.file.storage
    page = client.get(_url("output_edit", world, output_pk=output.pk)).content.decode()
    assert "a.pdf" in page and 'name="remove_file"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("output_edit", world, output_pk=output.pk),
            {**_output_post(), "upload": SimpleUploadedFile("b.txt", "Muistiinpanot – ääkköset".encode())},
        )
    output.refresh_from_db()
    assert output.file_name == "b.txt" and output.file.name != first
    assert not storage.exists(first) and storage.exists(output.file.name)
    second = output.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("output_edit", world, output_pk=output.pk), {**_output_post(), "remove_file": "on"})
    output.refresh_from_db()
    assert (output.file.name, output.file_name, output.file_size) == ("", "", 0)
    assert not storage.exists(second)


# --- Members read; only coordinators change -------------------------------------------------------


def test_partner_sees_results_but_cannot_change_the_coordinators_entries(world, client):
    output = OutputFactory(project=world.project, title="Valmennusmalli")
    event = DisseminationEventFactory(output=output, audience="Opettajat")
    client.force_login(world.partner)
    page = client.get(_url("list", world)).content.decode()
    assert "Valmennusmalli" in page and "Opettajat" in page
    assert _url("output_edit", world, output_pk=output.pk) not in page
    assert _url("event_delete", world, event_pk=event.pk) not in page
    assert _url("output_hide", world, output_pk=output.pk) not in page
    # A partner records their own entries (tests/results/test_partner_entries.py) but changes only their own
    # organisation's: the coordinator's entries answer 404 to them, and nothing changes.
    assert client.post(_url("output_edit", world, output_pk=output.pk), _output_post(title="X")).status_code == 404
    assert client.post(_url("output_delete", world, output_pk=output.pk)).status_code == 404
    assert client.post(_url("output_hide", world, output_pk=output.pk)).status_code == 404
    assert client.post(_url("event_edit", world, event_pk=event.pk), _event_post(reach="1")).status_code == 404
    assert client.post(_url("event_delete", world, event_pk=event.pk)).status_code == 404
    assert Output.objects.get().title == "Valmennusmalli"
    assert list(DisseminationEvent.objects.values_list("reach", flat=True)) == [event.reach]


def test_another_projects_outputs_are_404_and_never_listed(world, client):
    other = OutputFactory(project=world.other_project, title="Vieras tuotos")
    other_event = DisseminationEventFactory(output=other)
    client.force_login(world.coordinator)
    assert "Vieras tuotos" not in client.get(_url("list", world)).content.decode()
    for name, kwargs in (
        ("output_edit", {"output_pk": other.pk}),
        ("output_delete", {"output_pk": other.pk}),
        ("output_file", {"output_pk": other.pk}),
        ("event_create", {"output_pk": other.pk}),
        ("event_edit", {"event_pk": other_event.pk}),
        ("event_delete", {"event_pk": other_event.pk}),
    ):
        assert client.get(_url(name, world, **kwargs)).status_code == 404, name
        assert client.post(_url(name, world, **kwargs), _output_post()).status_code == 404, name
    assert Output.objects.filter(pk=other.pk).exists() and DisseminationEvent.objects.filter(pk=other_event.pk).exists()
    # Nor through the other project's own URL: the coordinator does not belong to it.
    url = reverse("results:list", args=[world.other_project.pk])
    assert client.get(url).status_code == 404


# --- Files: checked on upload, downloaded only through the access-checking view ------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ohjelma.exe", b"MZ\x90\x00", "Files of this type cannot be attached."),
        ("opas.pdf", b"This is not a PDF", "does not match its name (.pdf)"),
        ("kuva.png", PDF, "does not match its name (.png)"),
        ("tyhja.txt", b"", "The submitted file is empty."),
    ],
)
def test_disallowed_or_disguised_files_are_refused_at_the_field(world, english, name, content, message):
    english.force_login(world.coordinator)
    response = english.post(
        _url("output_create", world), {**_output_post(), "upload": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors["upload"])
    assert form["title"].value() == "Opas ensimmäiseen jaksoon"  # what was typed is kept
    assert not Output.objects.filter(project=world.project).exists()


def test_oversized_file_is_refused_in_the_users_language(world, client, settings):
    settings.OUTPUT_FILE_MAX_BYTES = 1024
    client.force_login(world.coordinator)  # Finnish, the default
    response = client.post(
        _url("output_create", world), {**_output_post(), "upload": SimpleUploadedFile("iso.pdf", PDF + b"0" * 2000)}
    )
    assert response.status_code == 200
    assert "suurin sallittu koko on 1,0\xa0KB" in response.context["form"].errors["upload"][0]
    assert not Output.objects.exists()


def _with_file(world, client):
    client.force_login(world.coordinator)
    client.post(_url("output_create", world), {**_output_post(), "upload": SimpleUploadedFile("Opas.pdf", PDF)})
    client.logout()
    return Output.objects.get()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("partner", 200),
        ("other_coordinator", 404),
        ("other_partner", 404),
        ("funder", 404),
        ("anonymous", "login"),
    ],
)
def test_download_checks_the_project(world, client, role, expected):
    """The permission matrix's row for `results:output_file` (it needs a stored file, so it is checked here)."""
    output = _with_file(world, client)
    if role != "anonymous":
        sign_in(client, getattr(world, role))
    response = client.get(_url("output_file", world, output_pk=output.pk))
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        return
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="Opas.pdf"' in response["Content-Disposition"]


def test_the_page_links_the_file_through_the_view_never_the_media_url(world, client, settings):
    output = _with_file(world, client)
    client.force_login(world.partner)
    page = client.get(_url("list", world)).content.decode()
    assert _url("output_file", world, output_pk=output.pk) in page
    assert settings.MEDIA_URL not in page and output.file.name not in page


def test_an_output_without_a_file_or_with_a_lost_file_is_404(world, client):
    client.force_login(world.coordinator)
    bare = OutputFactory(project=world.project)
    assert client.get(_url("output_file", world, output_pk=bare.pk)).status_code == 404
    lost = OutputFactory(project=world.project, file="outputs/missing.pdf", file_name="a.pdf", file_size=1)
    assert client.get(_url("output_file", world, output_pk=lost.pk)).status_code == 404


# --- Bad input is explained at the field, in the user's language --------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reach", "-5", "Tämän luvun on oltava vähintään 0."),
        ("reach", "paljon", "Syötä kokonaisluku."),
        ("channel", "tv", "Valitse oikea vaihtoehto. tv ei ole vaihtoehtojen joukossa."),
        ("date", "31.02.2027", "Syötä oikea päivämäärä."),
        ("audience", "", "Tämä kenttä vaaditaan."),
    ],
)
def test_bad_dissemination_input_is_explained_at_the_field(world, client, field, value, message):
    output = OutputFactory(project=world.project)
    client.force_login(world.coordinator)
    response = client.post(_url("event_create", world, output_pk=output.pk), _event_post(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not DisseminationEvent.objects.exists()


def test_bad_output_input_is_explained_at_the_field(world, client):
    client.force_login(world.coordinator)
    response = client.post(_url("output_create", world), _output_post(output_type="poem", url="javascript:alert(1)"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"output_type", "url"}
    assert not Output.objects.exists()


# --- The database refuses what validation refuses --------------------------------------------------


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        ("output", {"output_type": "poem"}),
        ("output", {"title": ""}),
        ("output", {"file": "outputs/x.pdf", "file_name": ""}),
        ("event", {"channel": "tv"}),
        ("event", {"reach": -1}),
        ("event", {"audience": ""}),
    ],
)
def test_constraints_mirror_validation(world, model, fields):
    if model == "output":
        instance = Output(project=world.project, output_type=OutputType.METHOD, title="Menetelmä")
    else:
        output = OutputFactory(project=world.project)
        instance = DisseminationEvent(
            output=output, date=date(2026, 10, 1), channel=DisseminationChannel.MEDIA, audience="Lehti", reach=10
        )
    instance.full_clean()  # valid as it stands
    for name, value in fields.items():
        setattr(instance, name, value)
    with pytest.raises(ValidationError):
        instance.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


# --- Queries: constant in the number of outputs and events ----------------------------------------


def _grow(project, outputs, events_each):
    for n in range(outputs):
        output = OutputFactory(project=project, url=f"https://example.org/{n}")
        DisseminationEventFactory.create_batch(events_each, output=output)


@pytest.mark.parametrize("role", ["coordinator", "partner"])
def test_list_query_count_does_not_grow_with_outputs_and_events(world, client, django_assert_max_num_queries, role):
    sign_in(client, getattr(world, role))
    url = _url("list", world)
    _grow(world.project, 2, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world.project, 25, 6)
    with django_assert_max_num_queries(len(small)):
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('<section id="output-') == 27


def test_dissemination_coverage_counts_as_of_a_date(world, django_assert_num_queries):
    project = world.project
    early = OutputFactory(project=project, created_at=_aware(date(2026, 9, 1)))
    DisseminationEventFactory(output=early, date=date(2026, 9, 20), reach=100)
    DisseminationEventFactory(output=early, date=date(2026, 12, 1), reach=50)
    later = OutputFactory(project=project, created_at=_aware(date(2026, 11, 1)))
    DisseminationEventFactory(output=later, date=date(2026, 11, 15), reach=7)
    OutputFactory(project=project, created_at=_aware(date(2026, 10, 1)))  # never disseminated
    DisseminationEventFactory(output=OutputFactory(project=world.other_project), reach=999)  # another project
    with django_assert_num_queries(1):
        assert dissemination_coverage(project, as_of=date(2026, 10, 31)) == {
            "outputs": 2,
            "disseminated": 1,
            "reach": 100,
            "outside": 0,
            "taken_up": 0,
            "used": 1,
        }
    with django_assert_num_queries(1):
        assert dissemination_coverage(project, as_of=date(2026, 12, 31)) == {
            "outputs": 3,
            "disseminated": 2,
            "reach": 157,
            "outside": 0,
            "taken_up": 0,
            "used": 2,
        }
    empty = {"outputs": 0, "disseminated": 0, "reach": 0, "outside": 0, "taken_up": 0, "used": 0}
    assert dissemination_coverage(project, as_of=date(2026, 8, 1)) == empty
    assert dissemination_coverage(ProjectFactory()) == empty


def test_dissemination_coverage_defaults_to_today_and_stays_constant(world, django_assert_num_queries):
    _grow(world.project, 3, 2)
    DisseminationEventFactory(output=OutputFactory(project=world.project), date=date(2099, 1, 1), reach=5)
    with django_assert_num_queries(1):
        coverage = dissemination_coverage(world.project)
    # The planned event is not counted yet.
    assert coverage == {"outputs": 4, "disseminated": 3, "reach": 3 * 2 * 40, "outside": 0, "taken_up": 0, "used": 3}
    _grow(world.project, 20, 5)
    with django_assert_num_queries(1):
        assert dissemination_coverage(world.project)["outputs"] == 24


def test_outputs_with_events_bounds_the_events(world, django_assert_num_queries):
    output = OutputFactory(project=world.project, created_at=_aware(date(2026, 9, 1)))
    for day in (date(2026, 9, 5), date(2026, 10, 5), date(2026, 11, 5)):
        DisseminationEventFactory(output=output, date=day)
    OutputFactory(project=world.project, created_at=_aware(date(2026, 12, 1)))
    with django_assert_num_queries(3):
        rows = list(outputs_with_events(world.project, until=date(2026, 10, 31), events_from=date(2026, 10, 1)))
    assert [[event.date for event in row.shown_events] for row in rows] == [[date(2026, 10, 5)]]
    rows = list(outputs_with_events(world.project))
    assert [len(row.shown_events) for row in rows] == [3, 0]


@pytest.mark.parametrize(("field", "value"), [("reach", "99999999999"), ("audience", "x" * 301), ("url", "ftp//x")])
def test_out_of_range_dissemination_input_is_a_field_error(world, client, field, value):
    output = OutputFactory(project=world.project)
    client.force_login(world.coordinator)
    response = client.post(_url("event_create", world, output_pk=output.pk), _event_post(**{field: value}))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_results_page_has_one_h1_and_the_results_tab(world, client, settings, language):
    output = OutputFactory(project=world.project)
    event = DisseminationEventFactory(output=output)
    client.force_login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (
        _url("list", world),
        _url("output_create", world),
        _url("output_edit", world, output_pk=output.pk),
        _url("output_delete", world, output_pk=output.pk),
        _url("event_create", world, output_pk=output.pk),
        _url("event_edit", world, event_pk=event.pk),
        _url("event_delete", world, event_pk=event.pk),
    ):
        page = client.get(url).content.decode()
        assert page.count("<h1") == 1, url
        assert f'<html lang="{language}">' in page
        assert f'href="{_url("list", world)}"' in page, url  # the Results tab


# --- Contributing organisations (co-authors; the network map ties them) -------------------------------------


def test_an_output_names_its_contributing_members(world, english):
    sign_in(english, world.coordinator)
    ours, theirs = world.membership.organisation, world.other_membership.organisation
    page = english.get(_url("output_create", world)).content.decode()
    assert "Contributing organisations" in page and ours.name in page and theirs.name not in page
    refused = english.post(_url("output_create", world), {**_output_post(), "contributors": [ours.pk, theirs.pk]})
    assert refused.status_code == 200 and not Output.objects.exists()  # another project's member: a field error
    assert "Select a valid choice." in refused.content.decode()
    assert english.post(_url("output_create", world), {**_output_post(), "contributors": [ours.pk]}).status_code == 302
    output = Output.objects.get()
    assert list(output.contributors.all()) == [ours]
    assert english.post(_url("output_edit", world, output_pk=output.pk), _output_post()).status_code == 302
    assert not output.contributors.exists()  # none ticked: none named
    changed = AuditEvent.objects.filter(action="project.output_updated").get()
    assert "contributors" in changed.data["fields"]
