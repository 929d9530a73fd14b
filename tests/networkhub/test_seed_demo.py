import base64
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp

from accounts.models import User
from goals.models import Goal
from networkhub.models import Role
from partners.models import ContactPerson, Membership, Organisation, OrganisationType
from projects.models import Programme, Project

MODELS = [User, Programme, Project, Organisation, ContactPerson, Membership, Goal]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_is_complete_and_repeatable(db, client):
    call_command("seed_demo", password="demo-pass-1234")
    first = _counts()
    output = StringIO()
    call_command("seed_demo", password="demo-pass-1234", stdout=output)
    assert _counts() == first

    assert first["Programme"] >= 2 and first["Project"] >= 2 and first["Organisation"] >= 10
    assert Organisation.objects.exclude(country="FI").count() >= 2
    assert Organisation.objects.filter(org_type=OrganisationType.COMPANY).exists()
    assert Organisation.objects.filter(org_type=OrganisationType.NGO).exists()
    assert Organisation.objects.filter(new_to_international=True).exists()
    coordinators = {project.coordinators.get() for project in Project.objects.all()}
    assert len(coordinators) == Project.objects.count()  # one coordinator per project, each their own
    assert User.objects.filter(role=Role.FUNDER).exists()
    assert User.objects.filter(role=Role.PARTNER, contacts__isnull=False).exists()

    coordinator = User.objects.get(email="koordinaattori@demo.networkhub.fi")
    assert coordinator.check_password("demo-pass-1234")
    client.force_login(coordinator)
    assert client.get(reverse("home:projects")).status_code == 200

    # The funder reviewer and the administrator must use two-factor sign-in: the seed enrols them with the
    # key it prints (the same on every run), and a code from that key lets them in.
    for email, page in (("arvioija@demo.networkhub.fi", "reports:queue"), ("admin@demo.networkhub.fi", "admin:index")):
        # Printed without spaces (issue 23): `oathtool --totp -b KEY` takes it as it is.
        clean = re.search(rf"^ +{re.escape(email)} +([A-Z2-7]{{16,}})$", output.getvalue(), re.MULTILINE).group(1)
        code = f"{totp(base64.b32decode(clean + '=' * (-len(clean) % 8))):06d}"
        client.force_login(User.objects.get(email=email))
        assert client.get(reverse(page)).status_code == 302
        assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 302
        assert client.get(reverse(page)).status_code == 200
        client.logout()


def test_seed_demo_needs_a_password(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_seed_demo_reads_password_from_environment(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "from-the-environment")
    call_command("seed_demo")
    assert User.objects.get(email="arvioija@demo.networkhub.fi").check_password("from-the-environment")
