from django.urls import include, path

from . import views

app_name = "pulse"

urlpatterns = [
    path(
        "projects/<int:project_pk>/pulse/",
        include(
            [
                path("", views.results, name="results"),
                path("settings/", views.pulse_settings, name="settings"),
                path("answer/", views.survey_own, name="answer_own"),
                path("comments/<uuid:answer_pk>/hide/", views.hide_comment, name="hide_comment"),
                path("rounds/<int:round_pk>/agenda/", views.put_on_agenda, name="agenda"),
            ]
        ),
    ),
    # The survey link from the e-mail: no sign-in, a token instead.
    path("pulse/<str:token>/", views.survey, name="survey"),
]
