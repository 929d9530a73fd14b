from django.core.management import call_command

from goals.models import Goal, GoalMeasure
from mobility.models import Direction, Mobility, ParticipantType
from networkhub import contributions


def test_demo_has_outgoing_students_incoming_staff_and_a_newcomers_first_mobility(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", password="demo-pass-1234")
    verkko = Mobility.objects.filter(project__acronym="VERKKO")
    assert verkko.filter(direction=Direction.OUTGOING, participant_type=ParticipantType.STUDENTS).count() >= 2
    assert verkko.filter(direction=Direction.INCOMING, participant_type=ParticipantType.STAFF).count() == 1
    first = verkko.get(newcomer_first=True)
    assert first.sending_organisation.new_to_international
    assert all(mobility.created_by is not None for mobility in Mobility.objects.all())
    assert Mobility.objects.filter(project__acronym="BRO").exists()
    count = Mobility.objects.count()
    for mobility in Mobility.objects.all():
        mobility.full_clean()
    counted = Goal.objects.filter(project__acronym="VERKKO", measure=GoalMeasure.MOBILITIES)
    assert counted.count() == 2
    values = contributions.goal_values(counted, max(m.start_date for m in verkko))
    assert sorted(values.values()) == [2, 9]  # staff 2; outgoing students 4 + 3 + 2
    call_command("seed_demo", password="demo-pass-1234")  # again: nothing twice
    assert Mobility.objects.count() == count
