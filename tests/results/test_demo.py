from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from health.network_map import map_data
from results.models import (
    AudienceType,
    ContinuationPlan,
    Contribution,
    DisseminationChannel,
    DisseminationEvent,
    Output,
    Uptake,
)
from results.queries import dissemination_coverage


def test_demo_has_disseminated_and_undisseminated_outputs(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", password="demo-pass-1234")
    counts = (
        Output.objects.count(),
        DisseminationEvent.objects.count(),
        Uptake.objects.count(),
        ContinuationPlan.objects.count(),
        Contribution.objects.count(),
    )
    verkko = Output.objects.filter(project__acronym="VERKKO")
    assert verkko.count() >= 3
    assert verkko.filter(events__channel=DisseminationChannel.SEMINAR, events__reach__gt=0).distinct().count() >= 2
    assert verkko.filter(events__isnull=True).count() == 1  # one not yet disseminated
    assert Output.objects.filter(project__acronym="BRO").count() == 2
    assert Output.objects.get(title="Handledarmodell för internationella praktikanter").events.count() == 2
    model = Output.objects.get(title="Liikkuvuusjakson valmennusmalli")
    assert model.contributors.count() == 3  # made together: the network map ties the three by outputs
    # As of two months after it was recorded: the demo's outputs have fixed dates, the map looks back a year.
    as_of = timezone.localdate(model.created_at) + timedelta(days=60)
    assert sum(edge["outputs"] > 0 for edge in map_data(model.project, as_of)["edges"]) == 3
    # A partner (Saimaa) recorded one with a co-author and presented it to the public; one output was taken up,
    # and two members keep a continuation plan.
    partners = Output.objects.get(title="Kv-jakson paluupäivä")
    assert partners.recorded_for.business_id == "0445577-4" and partners.created_by is not None
    assert partners.contributors.count() == 2
    assert partners.events.get().audience_type == AudienceType.PUBLIC
    assert Uptake.objects.filter(output=model).count() == 1
    assert ContinuationPlan.objects.filter(membership__project=model.project).count() == 2
    assert Contribution.objects.filter(project=model.project, recorded_for__isnull=False).count() == 2
    coverage = dissemination_coverage(verkko.first().project)
    assert coverage["outputs"] == verkko.count() and coverage["disseminated"] == verkko.count() - 1
    call_command("seed_demo", password="demo-pass-1234")  # again: nothing twice
    assert (
        Output.objects.count(),
        DisseminationEvent.objects.count(),
        Uptake.objects.count(),
        ContinuationPlan.objects.count(),
        Contribution.objects.count(),
    ) == counts
