from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from networkhub.models import AuditEvent
from partners.models import ExpertiseProfile
from partners.queries import current_members, directory_coverage
from projects.models import Project


def test_demo_profiles_leave_one_member_without_and_are_repeatable(db, client):
    call_command("seed_demo", password="demo-pass-1234")
    counts = (ExpertiseProfile.objects.count(), AuditEvent.objects.filter(action="expertise.updated").count())
    call_command("seed_demo", password="demo-pass-1234")
    assert (ExpertiseProfile.objects.count(), AuditEvent.objects.filter(action="expertise.updated").count()) == counts

    verkko = Project.objects.get(case_number="OPH-1234-2026")
    coverage = directory_coverage(verkko)
    # Konepaja Virtanen Oy, the one without a profile, is only invited: not a current member, not counted.
    assert coverage["profiled"] == coverage["members"]
    assert not current_members(verkko).filter(organisation__name="Konepaja Virtanen Oy").exists()
    assert 0 < coverage["consenting"] < coverage["contacts"]
    bro = Project.objects.get(case_number="OPH-877-2025")
    assert directory_coverage(bro)["profiled"] == directory_coverage(bro)["members"]

    client.force_login(User.objects.get(email="kumppani@demo.networkhub.fi"))
    # Nor is it in the directory: the directory lists the same members the panel counts.
    response = client.get(reverse("partners:directory", args=[verkko.pk]), {"q": "Konepaja"})
    assert list(response.context["page"]) == []
    # The tags are the members' too: "apprenticeship" is only the invited Berufskolleg Spree's.
    assert response.context["form"].fields["tag"].choices[1:4] == [
        ("arctic tourism", "arctic tourism"),
        ("digital pedagogy", "digital pedagogy"),
        ("employer cooperation", "employer cooperation"),
    ]


def test_demo_reproduction_of_the_registry_attack_is_refused(db, client):
    """Issue 11: BRO's coordinator adds Helmijoen ammattiopisto (a VERKKO member) from the registry."""
    from partners.models import Membership, Organisation

    call_command("seed_demo", password="demo-pass-1234")
    bro = Project.objects.get(case_number="OPH-877-2025")
    helmi = Organisation.objects.get(name="Helmijoen ammattiopisto")
    client.force_login(User.objects.get(email="koordinator@demo.networkhub.fi"))
    assert (
        client.post(reverse("partners:add_existing", args=[bro.pk, helmi.pk]), {"role": "partner"}).status_code == 302
    )
    membership = Membership.objects.get(project=bro, organisation=helmi)
    page = client.get(reverse("partners:detail", args=[bro.pk, membership.pk])).content.decode()
    assert "pekka.laine@helmijoki.example" not in page  # he has not consented
    pekka = helmi.contacts.get(email="pekka.laine@helmijoki.example")
    edit = reverse("partners:contact_edit", args=[bro.pk, membership.pk, pekka.pk])
    assert client.post(edit, {"name": "Pekka Laine", "email": "x@evil.example", "language": "fi"}).status_code == 404
    anna = helmi.contacts.get(email="koordinaattori@demo.networkhub.fi")  # consented: shown, but serves VERKKO
    edit = reverse("partners:contact_edit", args=[bro.pk, membership.pk, anna.pk])
    assert client.post(edit, {"name": "Anna", "email": "x@evil.example", "language": "fi"}).status_code == 403
    assert set(helmi.contacts.values_list("email", flat=True)) == {
        "pekka.laine@helmijoki.example",
        "koordinaattori@demo.networkhub.fi",
    }
