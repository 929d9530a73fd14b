from django.urls import include, path

from .views import links, meetings, minutes, polls

app_name = "meetings"

urlpatterns = [
    path(
        "projects/<int:project_pk>/meetings/",
        include(
            [
                path("", meetings.meeting_list, name="list"),
                path("new/", meetings.meeting_create, name="create"),
                path("series/new/", meetings.series_create, name="series_create"),
                path("<int:meeting_pk>/", meetings.meeting_detail, name="detail"),
                path("<int:meeting_pk>/edit/", meetings.meeting_edit, name="edit"),
                path("<int:meeting_pk>/cancel/", meetings.meeting_cancel, name="cancel"),
                path("<int:meeting_pk>/held/", meetings.meeting_held, name="held"),
                path("<int:meeting_pk>/calendar.ics", meetings.meeting_ics, name="ics"),
                path("<int:meeting_pk>/agenda/", meetings.agenda_edit, name="agenda"),
                path("<int:meeting_pk>/invite/", meetings.invite, name="invite"),
                path("<int:meeting_pk>/attachments/", meetings.attachments, name="attachments"),
                path(
                    "<int:meeting_pk>/attachments/<int:attachment_pk>/",
                    meetings.attachment_download,
                    name="attachment_download",
                ),
                path(
                    "<int:meeting_pk>/attachments/<int:attachment_pk>/delete/",
                    meetings.attachment_delete,
                    name="attachment_delete",
                ),
                path("<int:meeting_pk>/attendance/", minutes.attendance, name="attendance"),
                path("<int:meeting_pk>/minutes/", minutes.minutes_edit, name="minutes"),
                path("<int:meeting_pk>/minutes/publish/", minutes.minutes_publish, name="minutes_publish"),
                path("actions/", minutes.action_list, name="actions"),
                path("actions/<int:item_pk>/status/", minutes.action_status, name="action_status"),
                path("polls/new/", polls.poll_create, name="poll_create"),
                path("polls/<int:poll_pk>/", polls.poll_detail, name="poll_detail"),
                path("polls/<int:poll_pk>/slots/<int:slot_pk>/schedule/", polls.poll_convert, name="poll_convert"),
                path("polls/<int:poll_pk>/close/", polls.poll_close, name="poll_close"),
            ]
        ),
    ),
    # Personal links from e-mails and the calendar feed: no sign-in, a token instead.
    path(
        "m/",
        include(
            [
                path("rsvp/<str:token>/", links.rsvp, name="rsvp"),
                path("poll/<str:token>/", links.poll, name="poll"),
                path("calendar/", links.calendar_settings, name="calendar"),
                path("calendar/<str:token>.ics", links.feed, name="feed"),
            ]
        ),
    ),
]
