"""Per-programme criteria (issue 22; docs/health.md "Which items a programme scores"): item 12 is scored only
where the programme switches it on, the admin edits the criteria without JSON, and the panel and the card say
which criteria apply."""

import pytest
from django.urls import reverse
from django.utils import translation

from health import items
from health.admin import ProgrammeCriteriaForm, no_data_field, scored_field, threshold_field, weight_field
from health.criteria import criteria
from health.panel import Status, panel
from tests.factories import ProgrammeFactory, ProjectFactory, UserFactory, sign_in

from .helpers import by_key, founding_members

pytestmark = pytest.mark.django_db


def _admin(client):
    return sign_in(client, UserFactory(is_staff=True, is_superuser=True, role="administrator"))


def _form_data(programme, **changes):
    """The admin form as the administrator sees it, with `changes`."""
    data = {
        "code": programme.code,
        "name_fi": programme.name_fi,
        "name_sv": programme.name_sv,
        "name_en": programme.name_en,
        "funder": programme.funder,
        "deadlines-TOTAL_FORMS": "0",
        "deadlines-INITIAL_FORMS": "0",
        "deadlines-MIN_NUM_FORMS": "0",
        "deadlines-MAX_NUM_FORMS": "1000",
    }
    form = ProgrammeCriteriaForm(instance=programme)
    for name, field in form.fields.items():
        if name.startswith("scored_"):
            if form.initial.get(name, field.initial):
                data[name] = "on"
        elif name not in data and field.initial is not None:
            data[name] = str(field.initial)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def test_item_12_is_scored_only_where_the_programme_switches_it_on(world):
    founding_members(world, 3)
    assert items.new_to_international(world.project).status == Status.RED  # the factory's programme: switched on
    elsewhere = ProjectFactory(programme=ProgrammeFactory(health_settings={}))
    result = items.new_to_international(elsewhere)
    assert result.status == Status.NOT_IN_USE
    assert ProgrammeFactory(health_settings={}).unscored_items == {"new_to_international"}


def test_the_admin_switches_an_item_off_and_the_panel_says_not_in_use(world, client):
    founding_members(world, 3)
    programme = world.project.programme
    _admin(client)
    url = reverse("admin:projects_programme_change", args=[programme.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Pisteytetään tässä avustusohjelmassa" in page.content.decode()  # the admin in Finnish, the default
    response = client.post(
        url,
        _form_data(
            programme,
            **{
                scored_field("meetings"): None,  # unticked
                threshold_field("rules_accepted", "green"): "90",
                threshold_field("rules_accepted", "amber"): "60",
                no_data_field("learning"): "200",
                weight_field("management"): "5",
            },
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.health_settings == {
        "off": ["meetings"],
        "on": ["new_to_international"],
        "thresholds": {"rules_accepted": {"green": 90, "amber": 60}},
        "no_data_red_days": {"learning": 200},
        "risk_weights": {"management": 5},
    }
    world.project.refresh_from_db()
    with translation.override("en"):
        result = by_key(panel(world.project))
    assert result["meetings"].status == Status.NOT_IN_USE
    assert result["new_to_international"].status == Status.RED
    # and back on: the round trip keeps what was not changed
    client.post(url, _form_data(programme, **{scored_field("meetings"): "on"}))
    programme.refresh_from_db()
    assert "off" not in programme.health_settings
    assert programme.health_settings["thresholds"] == {"rules_accepted": {"green": 90, "amber": 60}}


def test_the_admin_ticks_item_12_on_for_a_new_programme(world, client):
    programme = ProgrammeFactory(health_settings={})
    _admin(client)
    url = reverse("admin:projects_programme_change", args=[programme.pk])
    client.post(url, _form_data(programme, **{scored_field("new_to_international"): "on"}))
    programme.refresh_from_db()
    assert programme.health_settings == {"on": ["new_to_international"]}


def test_bad_numbers_get_a_message_next_to_the_field_in_the_admins_language(world, client):
    programme = world.project.programme
    before = dict(programme.health_settings)
    _admin(client)
    client.cookies["django_language"] = "fi"
    url = reverse("admin:projects_programme_change", args=[programme.pk])
    response = client.post(url, _form_data(programme, **{weight_field("trust"): "101", no_data_field("meetings"): "x"}))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert weight_field("trust") in errors and no_data_field("meetings") in errors
    assert "100" in str(errors[weight_field("trust")])  # "Varmista, että arvo on enintään 100."
    programme.refresh_from_db()
    assert programme.health_settings == before


def test_the_criteria_in_words(world):
    programme = world.project.programme
    programme.health_settings = {
        "off": ["trust"],
        "thresholds": {"meeting_days": {"green": 60, "amber": 90}, "rules_accepted": {"green": 100}},
    }
    programme.save()
    with translation.override("en"):
        text = criteria(programme).text
    assert text == (
        f"Criteria of the programme {programme.name_en}: items 1–12 scored except 8. Trust, "
        "12. Members new to international activity; thresholds that differ from the defaults: "
        "6. days since the last meeting green 60, amber 90."
    )
    with translation.override("fi"):
        assert criteria(programme).text == (
            f"Avustusohjelman {programme.name_fi} kriteerit: kohdat 1–12 pisteytetään paitsi 8. Luottamus, "
            "12. Kansainvälisessä toiminnassa aloittelevat jäsenet; oletuksista poikkeavat raja-arvot: "
            "6. päivää edellisestä tapaamisesta vihreä 60, keltainen 90."
        )
    with translation.override("sv"):
        assert criteria(programme).text.startswith(
            f"Kriterier för understödsprogrammet {programme.name_sv}: punkterna 1–12 bedöms utom 8. "
        )


def test_the_panel_and_the_card_say_which_criteria_apply(world, client):
    programme = world.project.programme
    programme.health_settings = {"thresholds": {"pulse_average": {"green": 4.5}}}  # item 12 not switched on
    programme.save()
    sign_in(client, world.coordinator)
    client.cookies["django_language"] = "fi"
    home = client.get(reverse("home:project", args=[world.project.pk])).content.decode()
    assert (
        f"Avustusohjelman {programme.name_fi} kriteerit: kohdat 1–12 pisteytetään paitsi 12. Kansainvälisessä "
        "toiminnassa aloittelevat jäsenet; oletuksista poikkeavat raja-arvot: 8. luottamuksen keskiarvo asteikolla "
        "1–5 vihreä 4,5, keltainen 3."
    ) in home
    sign_in(client, world.funder)
    client.cookies["django_language"] = "sv"
    card = client.get(reverse("reports:card", args=[world.project.pk])).content.decode()
    assert f"Kriterier för understödsprogrammet {programme.name_sv}: punkterna 1–12 bedöms utom 12. " in card
    assert "tillitens medelvärde på skalan 1–5 grön 4,5, gul 3." in card
    programme.health_settings = {"on": ["new_to_international"]}
    programme.save()
    card = client.get(reverse("reports:card", args=[world.project.pk])).content.decode()
    assert "alla punkter 1–12 bedöms; gränsvärdena enligt standard." in card
