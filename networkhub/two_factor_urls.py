from django.urls import path

from . import two_factor_views

app_name = "two_factor"

urlpatterns = [
    path("", two_factor_views.overview, name="overview"),
    path("enrol/", two_factor_views.enrol, name="enrol"),
    path("verify/", two_factor_views.verify, name="verify"),
    path("recovery-codes/", two_factor_views.recovery_codes, name="recovery_codes"),
    path("forget-browsers/", two_factor_views.forget_browsers, name="forget_browsers"),
]
