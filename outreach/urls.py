from django.urls import include, path

from . import views

app_name = "outreach"

urlpatterns = [
    path(
        "projects/<int:project_pk>/",
        include(
            [
                path("announcements/", views.announcement_list, name="announcements"),
                path("announcements/new/", views.announcement_create, name="announcement_create"),
                path("announcements/<int:announcement_pk>/", views.announcement_detail, name="announcement"),
                path("announcements/<int:announcement_pk>/edit/", views.announcement_edit, name="announcement_edit"),
                path(
                    "announcements/<int:announcement_pk>/confirm/",
                    views.announcement_confirm,
                    name="announcement_confirm",
                ),
                path("motivation/", views.motivation, name="motivation"),
                path("motivation/new/", views.motivation_create, name="motivation_create"),
                path("motivation/<int:entry_pk>/edit/", views.motivation_edit, name="motivation_edit"),
                path("motivation/<int:entry_pk>/delete/", views.motivation_delete, name="motivation_delete"),
            ]
        ),
    ),
]
