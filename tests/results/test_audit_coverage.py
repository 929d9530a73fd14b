"""Every state change in results.services writes its audit event."""

from functools import partial

from results import services
from results.models import (
    ContinuationPlan,
    Contribution,
    ContributionKind,
    DisseminationChannel,
    DisseminationEvent,
    Output,
    OutputType,
    Uptake,
)
from tests.audit_coverage import audit_coverage_tests
from tests.factories import ContributionFactory, DisseminationEventFactory, OutputFactory


def _add_output(world):
    output = Output(project=world.project, output_type=OutputType.METHOD, title="Mentorointimalli")
    return partial(services.add_output, output, actor=world.coordinator), world.project


def _update_output(world):
    output = OutputFactory(project=world.project)
    output.title = "Uusi otsikko"
    return partial(services.update_output, output, actor=world.coordinator, changed_fields=["title"]), world.project


def _delete_output(world):
    output = OutputFactory(project=world.project)
    return partial(services.delete_output, output, actor=world.coordinator), world.project


def _add_event(world):
    event = DisseminationEvent(
        output=OutputFactory(project=world.project),
        date=world.project.start_date,
        channel=DisseminationChannel.SEMINAR,
        audience="Opettajat",
        reach=30,
    )
    return partial(services.add_event, event, actor=world.coordinator), world.project


def _update_event(world):
    event = DisseminationEventFactory(output=OutputFactory(project=world.project), date=world.project.start_date)
    event.reach = 55
    return partial(services.update_event, event, actor=world.coordinator, changed_fields=["reach"]), world.project


def _delete_event(world):
    event = DisseminationEventFactory(output=OutputFactory(project=world.project), date=world.project.start_date)
    return partial(services.delete_event, event, actor=world.coordinator), world.project


def _hide_output(world):
    output = OutputFactory(project=world.project)
    return partial(services.set_output_hidden, output, actor=world.coordinator, hidden=True), world.project


def _add_uptake(world):
    uptake = Uptake(
        output=OutputFactory(project=world.project),
        organisation_name="Kaupungin koulutuspalvelut",
        date=world.project.start_date,
        evidence="Otettu käyttöön kaikissa kouluissa.",
    )
    return partial(services.add_uptake, uptake, actor=world.coordinator), world.project


def _delete_uptake(world):
    uptake = Uptake.objects.create(
        output=OutputFactory(project=world.project),
        organisation_name="Kaupunki",
        date=world.project.start_date,
        evidence="Käytössä.",
    )
    return partial(services.delete_uptake, uptake, actor=world.coordinator), world.project


def _save_plan(world):
    plan = ContinuationPlan(
        membership=world.membership, continues="Mentorointi jatkuu.", decided_by="Hallitus", resources="0,2 htv"
    )
    return partial(services.save_continuation_plan, plan, actor=world.partner, changed_fields=["continues"]), (
        world.project
    )


def _add_contribution(world):
    contribution = Contribution(
        project=world.project, kind=ContributionKind.STUDY_VISIT, date=world.project.start_date, description="Vierailu"
    )
    return partial(services.add_contribution, contribution, actor=world.partner), world.project


def _update_contribution(world):
    contribution = ContributionFactory(project=world.project)
    contribution.description = "Uusi"
    return partial(
        services.update_contribution, contribution, actor=world.coordinator, changed_fields=["description"]
    ), world.project


def _delete_contribution(world):
    contribution = ContributionFactory(project=world.project)
    return partial(services.delete_contribution, contribution, actor=world.coordinator), world.project


def _merge_outputs(world):
    keep, duplicate = OutputFactory(project=world.project), OutputFactory(project=world.project)
    return partial(services.merge_outputs, keep, duplicate, actor=world.coordinator), world.project


def _merge_events(world):
    output = OutputFactory(project=world.project)
    keep, duplicate = DisseminationEventFactory(output=output), DisseminationEventFactory(output=output)
    return partial(services.merge_events, keep, duplicate, actor=world.coordinator), world.project


def _merge_contributions(world):
    keep, duplicate = ContributionFactory(project=world.project), ContributionFactory(project=world.project)
    return partial(services.merge_contributions, keep, duplicate, actor=world.coordinator), world.project


STATE_CHANGING = {
    "merge_outputs": ("project.output_merged", _merge_outputs),
    "merge_events": ("project.dissemination_merged", _merge_events),
    "merge_contributions": ("project.contribution_merged", _merge_contributions),
    "add_contribution": ("project.contribution_added", _add_contribution),
    "update_contribution": ("project.contribution_updated", _update_contribution),
    "delete_contribution": ("project.contribution_deleted", _delete_contribution),
    "set_output_hidden": ("project.output_hidden", _hide_output),
    "add_uptake": ("project.uptake_added", _add_uptake),
    "delete_uptake": ("project.uptake_deleted", _delete_uptake),
    "save_continuation_plan": ("project.continuation_plan_saved", _save_plan),
    "add_output": ("project.output_added", _add_output),
    "update_output": ("project.output_updated", _update_output),
    "delete_output": ("project.output_deleted", _delete_output),
    "add_event": ("project.dissemination_added", _add_event),
    "update_event": ("project.dissemination_updated", _update_event),
    "delete_event": ("project.dissemination_deleted", _delete_event),
}
READ_ONLY = {"output_merge_moves"}


test_every_public_service_function_is_listed, test_state_change_writes_its_audit_event = audit_coverage_tests(
    (services, STATE_CHANGING, READ_ONLY)
)
