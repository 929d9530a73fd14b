from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:project_pk>/", views.project_detail, name="detail"),
    path("<int:project_pk>/edit/", views.project_edit, name="edit"),
    path("<int:project_pk>/goals/", views.project_goals, name="goals"),
    path("<int:project_pk>/coordinators/", views.project_coordinators, name="coordinators"),
    path("<int:project_pk>/coordinators/<int:user_pk>/remove/", views.coordinator_remove, name="coordinator_remove"),
]
