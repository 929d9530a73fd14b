from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from networkhub import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    # Browsers ask for /favicon.ico before reading the page's <link rel="icon">.
    path("favicon.ico", views.favicon, name="favicon"),
    path("language/", views.set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),
    path("accounts/password-reset/", views.password_reset, name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("home.urls")),
    path("", include("projects.urls")),
    path("", include("partners.urls")),
    path("", include("commitments.urls")),
    path("", include("meetings.urls")),
    path("", include("goals.urls")),
    path("", include("pulse.urls")),
    path("", include("reports.urls")),
    path("", include("results.urls")),
    path("", include("mobility.urls")),
    path("", include("outreach.urls")),
    path("", include("onboarding.urls")),
    path("", include("health.urls")),
    path("", include("privacy.urls")),
    path("admin/", admin.site.urls),
]
