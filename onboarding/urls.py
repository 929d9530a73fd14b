from django.urls import include, path

from . import views

app_name = "onboarding"

urlpatterns = [
    path(
        "projects/<int:project_pk>/import/",
        include(
            [
                path("", views.wizard, name="wizard"),
                path("template.xlsx", views.template_xlsx, name="template"),
                path("template/<slug:sheet>.csv", views.template_csv, name="template_csv"),
            ]
        ),
    ),
]
