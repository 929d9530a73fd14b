"""The survey link from the e-mail: no sign-in, a token instead."""

from django.urls import path

from . import views

app_name = "pulse_links"

urlpatterns = [path("<str:token>/", views.survey, name="survey")]
