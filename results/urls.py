from django.urls import include, path

from . import views

app_name = "results"

urlpatterns = [
    path(
        "projects/<int:project_pk>/results/",
        include(
            [
                path("", views.output_list, name="list"),
                path("new/", views.output_create, name="output_create"),
                path("<int:output_pk>/edit/", views.output_edit, name="output_edit"),
                path("<int:output_pk>/delete/", views.output_delete, name="output_delete"),
                path("<int:output_pk>/hide/", views.output_hide, name="output_hide"),
                path("<int:output_pk>/merge/", views.output_merge, name="output_merge"),
                path("<int:output_pk>/file/", views.output_file, name="output_file"),
                path("<int:output_pk>/uptakes/new/", views.uptake_create, name="uptake_create"),
                path("uptakes/<int:uptake_pk>/delete/", views.uptake_delete, name="uptake_delete"),
                path("contributions/", views.contribution_list, name="contribution_list"),
                path("contributions/new/", views.contribution_create, name="contribution_create"),
                path("contributions/<int:contribution_pk>/edit/", views.contribution_edit, name="contribution_edit"),
                path(
                    "contributions/<int:contribution_pk>/merge/",
                    views.contribution_merge,
                    name="contribution_merge",
                ),
                path(
                    "contributions/<int:contribution_pk>/delete/",
                    views.contribution_delete,
                    name="contribution_delete",
                ),
                path("continuation/", views.continuation_list, name="continuation_list"),
                path("continuation/<int:membership_pk>/", views.continuation_edit, name="continuation_edit"),
                path("<int:output_pk>/events/new/", views.event_create, name="event_create"),
                path("events/<int:event_pk>/edit/", views.event_edit, name="event_edit"),
                path("events/<int:event_pk>/delete/", views.event_delete, name="event_delete"),
                path("events/<int:event_pk>/merge/", views.event_merge, name="event_merge"),
            ]
        ),
    ),
]
