"""Links e-mailed to signers: no account, the token is the key."""

from django.urls import path

from .views import signing as views

app_name = "signing"

urlpatterns = [
    path("rules/<str:token>/", views.rules_accept, name="rules"),
    path("<str:token>/", views.sign, name="sign"),
    path("<str:token>/decline/", views.decline, name="decline"),
    path("<str:token>/deputy/", views.delegate, name="delegate"),
    path("<str:token>/letter.pdf", views.signing_pdf, name="pdf"),
    path("<str:token>/current/", views.send_current_link, name="send_current"),
]
