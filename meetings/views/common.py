from django.shortcuts import get_object_or_404

from meetings.models import Meeting, TimePoll


def get_meeting(project, meeting_pk):
    """A meeting of this project, else 404 (another project's meeting does not exist here)."""
    return get_object_or_404(
        Meeting.objects.filter(project=project).select_related("project", "series", "created_by"), pk=meeting_pk
    )


def get_poll(project, poll_pk):
    return get_object_or_404(TimePoll.objects.filter(project=project).select_related("project"), pk=poll_pk)


def error_to_form(form, error):
    """Show a service's refusal at its field when the form has that field, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
