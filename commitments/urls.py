from django.urls import path

from .views import coordination as views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_overview, name="overview"),
    path("rules/", views.rules_view, name="rules"),
    path("rules/publish/", views.rules_publish, name="rules_publish"),
    path("settings/", views.signing_settings, name="settings"),
    path("verify/", views.verify_view, name="verify"),
    path("letters/<int:membership_pk>/", views.letter_detail, name="letter"),
    path("letters/<int:membership_pk>/edit/", views.letter_edit, name="letter_edit"),
    path("letters/<int:membership_pk>/send/", views.letter_send, name="letter_send"),
    path("letters/<int:membership_pk>/new-version/", views.letter_new_version, name="letter_new_version"),
    path("letters/<int:membership_pk>/v<int:number>.pdf", views.version_pdf, name="letter_pdf"),
    path("letters/<int:membership_pk>/requests/<int:request_pk>/resend/", views.request_resend, name="request_resend"),
    path("letters/<int:membership_pk>/requests/<int:request_pk>/revoke/", views.request_revoke, name="request_revoke"),
]
