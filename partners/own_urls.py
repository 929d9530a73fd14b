from django.urls import path

from . import own_views

app_name = "partners_own"

urlpatterns = [
    path("", own_views.own_contacts, name="list"),
    path("<int:contact_pk>/", own_views.own_contact_edit, name="edit"),
]
