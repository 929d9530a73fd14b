from django.urls import path

from . import views

app_name = "pulse"

urlpatterns = [
    path("", views.results, name="results"),
    path("settings/", views.pulse_settings, name="settings"),
]
