"""Personal links from e-mails and the calendar feed: no sign-in, a token instead."""

from django.urls import path

from .views import links

app_name = "meeting_links"

urlpatterns = [
    path("rsvp/<str:token>/", links.rsvp, name="rsvp"),
    path("poll/<str:token>/", links.poll, name="poll"),
    path("calendar/", links.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", links.feed, name="feed"),
]
