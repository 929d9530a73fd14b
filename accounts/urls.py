from django.urls import path

from . import notifications, views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.overview, name="overview"),
    path("two-factor/enrol/", views.enrol, name="enrol"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-factor/forget-browsers/", views.forget_browsers, name="forget_browsers"),
    path("notifications/", notifications.notification_preferences, name="notification_preferences"),
]
