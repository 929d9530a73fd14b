from django.urls import path

from . import invitation_views

urlpatterns = [
    path("<str:token>/", invitation_views.invitation, name="invitation"),
]
