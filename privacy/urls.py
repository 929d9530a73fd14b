from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.search, name="search"),
    path("<slug:kind>/<int:pk>/export/", views.export, name="export"),
    path("<slug:kind>/<int:pk>/erase/", views.erase, name="erase"),
]
