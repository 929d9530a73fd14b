from django.urls import include, path

from . import api_views, landing_views, views

app_name = "home"

urlpatterns = [
    path(
        "projects/",
        include(
            [
                path("", views.project_list, name="projects"),
                path("new/", views.project_create, name="project_create"),
                path("overview/", landing_views.overview, name="overview"),
                path("overview/xlsx/", landing_views.overview_xlsx, name="overview_xlsx"),
                path("overview/csv/", landing_views.overview_csv, name="overview_csv"),
                path("overview/programmes/", landing_views.programmes, name="programmes"),
                path("overview/programmes/<slug:code>/", landing_views.programme, name="programme"),
                path("<int:project_pk>/", views.project_detail, name="project"),
            ]
        ),
    ),
    path("api/v1/overview/", api_views.overview_feed, name="overview_feed"),
]
