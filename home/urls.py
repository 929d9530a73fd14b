from django.urls import include, path

from . import landing_views, views

app_name = "home"

urlpatterns = [
    path(
        "projects/",
        include(
            [
                path("", views.project_list, name="projects"),
                path("new/", views.project_create, name="project_create"),
                path("overview/", landing_views.overview, name="overview"),
                path("<int:project_pk>/", views.project_detail, name="project"),
            ]
        ),
    ),
]
