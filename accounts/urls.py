from django.urls import path

from . import notifications, views

app_name = "accounts"

urlpatterns = [
    # The accessibility statement: public, at the address the law's statement links point to.
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accessibility/sent/", views.accessibility_sent, name="accessibility_sent"),
    path("accounts/two-factor/", views.overview, name="overview"),
    path("accounts/two-factor/enrol/", views.enrol, name="enrol"),
    path("accounts/two-factor/verify/", views.verify, name="verify"),
    path("accounts/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("accounts/two-factor/forget-browsers/", views.forget_browsers, name="forget_browsers"),
    path("accounts/notifications/", notifications.notification_preferences, name="notification_preferences"),
]
