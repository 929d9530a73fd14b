"""Two-factor sign-in (ASVS level 2, section 2): who must, enrolment, the code prompt, recovery codes,
remembered browsers and the administrator's reset."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import RecoveryCode
from networkhub.models import AuditEvent, SecurityEvent, SecurityEventKind
from tests.factories import CoordinatorFactory, enrol_two_factor, sign_in
from tests.matrix import URLS

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def code_now(device):
    """The code the phone shows now (time_machine's now)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def _path(response):
    return urlsplit(response["Location"]).path


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_a_funder_without_two_factor_reaches_nothing_but_enrolment(matrix_world, client):
    world = matrix_world
    client.force_login(world.funder)
    enrol = reverse("accounts:enrol")
    checked = 0
    for name, (kwargs_for, method, kind) in sorted(URLS.items()):
        if kind in ("public", "sign_in") or (
            name.startswith("accounts:") and name != "accounts:notification_preferences"
        ):
            continue
        url = reverse(name, kwargs=kwargs_for(world))
        response = getattr(client, method)(url)
        assert response.status_code == 302 and _path(response) == enrol, f"{method.upper()} {url}"
        if method == "get":
            assert parse_qs(urlsplit(response["Location"]).query)["next"] == [url]
        checked += 1
    assert checked > 50
    for url in (reverse("reports:queue"), reverse("home:overview"), "/admin/"):
        assert _path(client.get(url)) == enrol
    # Enrolment, signing out and the language switch stay open.
    assert client.get(enrol).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302


def test_an_administrator_must_verify_for_the_admin_site(db, client):
    from accounts.models import User

    admin = User.objects.create_superuser("admin@example.org", "x", full_name="Ylläpitäjä")
    enrol_two_factor(admin)
    client.force_login(admin)
    response = client.get("/admin/networkhub/securityevent/")
    assert _path(response) == reverse("accounts:verify")
    assert sign_in(client, admin).get("/admin/networkhub/securityevent/").status_code == 200


def test_partners_and_coordinators_are_not_held_until_they_enrol(world, client):
    client.force_login(world.partner)
    assert client.get(reverse("home:projects")).status_code == 200
    client.force_login(world.coordinator)
    assert client.get(reverse("home:projects")).status_code == 200


def test_a_project_can_require_two_factor_of_its_coordinators(world, client):
    world.project.require_two_factor = True
    world.project.save()
    client.force_login(world.coordinator)
    assert _path(client.get(reverse("home:projects"))) == reverse("accounts:enrol")
    # Held on every page, not only that project's; another project's coordinator is not.
    assert _path(client.get(reverse("home:project", args=[world.project.pk]))) == reverse("accounts:enrol")
    client.force_login(world.other_coordinator)
    assert client.get(reverse("home:projects")).status_code == 200


def test_the_project_settings_form_sets_the_requirement(world):
    from django.forms.models import model_to_dict

    from projects.forms import ProjectForm

    data = {k: v for k, v in model_to_dict(world.project, fields=ProjectForm._meta.fields).items() if v is not None}
    form = ProjectForm({**data, "require_two_factor": "on"}, instance=world.project)
    assert form.is_valid(), form.errors
    form.save()
    world.project.refresh_from_db()
    assert world.project.require_two_factor


def test_enrolment_with_a_real_code_then_recovery_codes_and_a_verified_session(world, client, clock):
    client.force_login(world.funder)
    page = client.get(reverse("accounts:enrol"), {"next": reverse("reports:queue")})
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    device = TOTPDevice.objects.get(user=world.funder, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url

    done = client.post(reverse("accounts:enrol"), {"code": code_now(device), "next": reverse("reports:queue")})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    body = done.content.decode()
    assert all(code in body for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    # Stored hashed, never as typed.
    stored = set(RecoveryCode.objects.filter(user=world.funder).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & {code.replace("-", "") for code in codes} and not stored & set(codes)
    assert client.get(reverse("reports:queue")).status_code == 200
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TWO_FACTOR_ENROLLED)
    assert event.user == world.funder and event.ip_address == "127.0.0.1"
    assert AuditEvent.objects.filter(action="two_factor.enrolled").count() == 1


def test_an_enrolled_person_can_not_enrol_a_second_device_without_a_code(world, client):
    enrol_two_factor(world.funder)
    client.force_login(world.funder)
    response = client.get(reverse("accounts:enrol"))
    assert _path(response) == reverse("accounts:overview")
    assert _path(client.get(response["Location"])) == reverse("accounts:verify")
    assert TOTPDevice.objects.filter(user=world.funder).count() == 1


def test_verification_with_the_code_opens_the_page_asked_for(world, client, clock):
    device = enrol_two_factor(world.funder)
    client.force_login(world.funder)
    queue = reverse("reports:queue")
    prompt = client.get(queue)
    assert _path(prompt) == reverse("accounts:verify")
    response = client.post(prompt["Location"], {"code": code_now(device), "next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    assert client.get(queue).status_code == 200


def test_a_wrong_code_is_refused_with_a_translated_message(world, client, clock):
    device = enrol_two_factor(world.funder)
    client.force_login(world.funder)
    wrong = f"{(int(code_now(device)) + 1) % 1000000:06d}"
    response = client.post(reverse("accounts:verify"), {"code": wrong})
    assert response.status_code == 200
    assert "Koodi ei ole oikein" in response.content.decode()
    assert response.context["form"].errors["code"]
    assert _path(client.get(reverse("reports:queue"))) == reverse("accounts:verify")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TWO_FACTOR_FAILED)
    assert event.user == world.funder and event.data["step"] == "sign_in"
    # An external address as "next" is not followed.
    clock.shift(timedelta(seconds=60))
    response = client.post(
        reverse("accounts:verify"),
        {"code": code_now(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_an_english_speaker_reads_the_refusal_in_english(world, client, clock):
    world.funder.language = "en"
    world.funder.save()
    enrol_two_factor(world.funder)
    client.force_login(world.funder)
    response = client.post(reverse("accounts:verify"), {"code": "12345"})
    assert "That code is not right" in response.content.decode()


def test_a_recovery_code_works_once(world, client, clock):
    enrol_two_factor(world.funder)
    codes = two_factor.new_recovery_codes(world.funder)
    client.force_login(world.funder)
    response = client.post(reverse("accounts:verify"), {"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302 and _path(response) == reverse("accounts:overview")
    assert client.get(reverse("reports:queue")).status_code == 200
    event = SecurityEvent.objects.get(kind=SecurityEventKind.RECOVERY_CODE_USED)
    assert event.user == world.funder and event.data["left"] == 9

    client.logout()
    client.force_login(world.funder)
    again = client.post(reverse("accounts:verify"), {"code": codes[0]})
    assert again.status_code == 200 and again.context["form"].errors["code"]
    clock.shift(timedelta(seconds=5))  # after django-otp's throttle delay
    assert client.post(reverse("accounts:verify"), {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_ask_first_and_replace_the_old(world, client):
    sign_in(client, world.funder)
    old = two_factor.new_recovery_codes(world.funder)
    url = reverse("accounts:recovery_codes")
    page = client.get(url)
    assert page.status_code == 200 and page.context["confirm"].action_url == url
    assert RecoveryCode.objects.filter(user=world.funder).count() == 10
    new = client.post(url).context["codes"]
    assert not set(old) & set(new)
    client.logout()
    client.force_login(world.funder)
    assert client.post(reverse("accounts:verify"), {"code": old[0]}).status_code == 200


def test_a_remembered_browser_skips_the_prompt_for_30_days_and_no_longer(world, client, clock, settings):
    assert settings.TWO_FACTOR_REMEMBER_DAYS == 30
    device = enrol_two_factor(world.funder)
    client.force_login(world.funder)
    response = client.post(reverse("accounts:verify"), {"code": code_now(device), "remember": "on"})
    cookie = response.cookies[two_factor.REMEMBER_COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == 30 * 24 * 3600 and cookie.value
    queue = reverse("reports:queue")

    client.logout()
    clock.move_to(START + timedelta(days=29, hours=23))
    client.cookies[two_factor.REMEMBER_COOKIE] = cookie.value
    client.force_login(world.funder)
    assert client.get(queue).status_code == 200

    client.logout()
    clock.move_to(START + timedelta(days=30, minutes=1))
    client.cookies[two_factor.REMEMBER_COOKIE] = cookie.value
    client.force_login(world.funder)
    assert _path(client.get(queue)) == reverse("accounts:verify")


def test_a_remembered_browser_is_forgotten_on_request_and_belongs_to_one_person(world, client, clock):
    device = enrol_two_factor(world.funder)
    client.force_login(world.funder)
    response = client.post(reverse("accounts:verify"), {"code": code_now(device), "remember": "on"})
    value = response.cookies[two_factor.REMEMBER_COOKIE].value
    # Another enrolled person's session in the same browser gets nothing from it.
    other = CoordinatorFactory(email="toinen@example.org")
    enrol_two_factor(other)
    client.force_login(other)
    client.cookies[two_factor.REMEMBER_COOKIE] = value
    assert _path(client.get(reverse("home:projects"))) == reverse("accounts:verify")

    sign_in(client, world.funder)
    assert client.get(reverse("accounts:forget_browsers")).status_code == 200
    client.post(reverse("accounts:forget_browsers"))
    client.logout()
    client.cookies[two_factor.REMEMBER_COOKIE] = value
    client.force_login(world.funder)
    assert _path(client.get(reverse("reports:queue"))) == reverse("accounts:verify")


def test_an_administrator_resets_a_lost_device_audited_logged_and_emailed(
    world, admin_client, mailoutbox, django_capture_on_commit_callbacks, client
):
    world.funder.language = "sv"
    world.funder.save()
    enrol_two_factor(world.funder)
    two_factor.new_recovery_codes(world.funder)
    changelist = reverse("admin:accounts_user_changelist")
    data = {"action": "reset_two_factor", "_selected_action": [world.funder.pk]}
    confirm = admin_client.post(changelist, data)
    assert confirm.status_code == 200 and world.funder.email in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=world.funder).exists()  # nothing yet

    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(changelist, {**data, "post": "yes"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.funder).exists()
    assert not RecoveryCode.objects.filter(user=world.funder).exists()
    audit = AuditEvent.objects.get(action="two_factor.reset")
    assert audit.target == world.funder and audit.actor.email == "admin@example.com"
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TWO_FACTOR_RESET)
    assert event.user == world.funder and event.actor.email == "admin@example.com"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [world.funder.email]
    assert message.subject == "Din tvåstegsinloggning har återställts"
    # Their next page is enrolment.
    client.force_login(world.funder)
    assert _path(client.get(reverse("reports:queue"))) == reverse("accounts:enrol")


def test_devices_are_not_deleted_in_the_admin_outside_the_reset(admin_client):
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_a_remembered_browser_can_not_be_kept_longer_than_30_days():
    from tests.networkhub.test_settings import _manage

    result = _manage("check", TWO_FACTOR_REMEMBER_DAYS="31")
    assert result.returncode != 0 and "TWO_FACTOR_REMEMBER_DAYS" in result.stderr


def test_a_requirement_switched_on_holds_signed_in_coordinators_within_minutes(world, client, clock):
    client.force_login(world.coordinator)
    assert client.get(reverse("home:projects")).status_code == 200
    world.project.require_two_factor = True
    world.project.save()
    clock.shift(timedelta(seconds=two_factor.FREE_CHECK_SECONDS + 1))
    assert _path(client.get(reverse("home:projects"))) == reverse("accounts:enrol")
