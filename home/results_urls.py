from django.urls import path

from . import results

app_name = "results"

urlpatterns = [
    path("", results.output_list, name="list"),
    path("new/", results.output_create, name="output_create"),
    path("<int:output_pk>/edit/", results.output_edit, name="output_edit"),
    path("<int:output_pk>/delete/", results.output_delete, name="output_delete"),
    path("<int:output_pk>/file/", results.output_file, name="output_file"),
    path("<int:output_pk>/events/new/", results.event_create, name="event_create"),
    path("events/<int:event_pk>/edit/", results.event_edit, name="event_edit"),
    path("events/<int:event_pk>/delete/", results.event_delete, name="event_delete"),
]
