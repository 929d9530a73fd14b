from django.urls import include, path

from . import views

app_name = "mobility"

urlpatterns = [
    path(
        "projects/<int:project_pk>/mobility/",
        include(
            [
                path("", views.mobility_list, name="list"),
                path("new/", views.mobility_create, name="create"),
                path("<int:mobility_pk>/edit/", views.mobility_edit, name="edit"),
                path("<int:mobility_pk>/delete/", views.mobility_delete, name="delete"),
                path("import/", views.mobility_import, name="import"),
                path("import/template.xlsx", views.import_template, name="import_template"),
            ]
        ),
    ),
]
