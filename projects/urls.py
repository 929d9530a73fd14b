from django.urls import include, path

from . import messages_views, views

app_name = "projects"

urlpatterns = [
    path(
        "projects/",
        include(
            [
                path("<int:project_pk>/edit/", views.project_edit, name="edit"),
                path("<int:project_pk>/coordinators/", views.project_coordinators, name="coordinators"),
                path(
                    "<int:project_pk>/coordinators/<int:user_pk>/remove/",
                    views.coordinator_remove,
                    name="coordinator_remove",
                ),
                path("<int:project_pk>/messages/", messages_views.project_messages, name="messages"),
            ]
        ),
    ),
]
