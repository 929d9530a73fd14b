from django.urls import include, path

from . import views

app_name = "privacy"

urlpatterns = [
    path(
        "privacy/",
        include(
            [
                path("", views.search, name="search"),
                path("<slug:kind>/<int:pk>/export/", views.export, name="export"),
                path("<slug:kind>/<int:pk>/erase/", views.erase, name="erase"),
            ]
        ),
    ),
]
