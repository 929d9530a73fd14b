from django.urls import path

from .views import ideas

app_name = "ideas"

urlpatterns = [
    path("", ideas.idea_list, name="list"),
    path("new/", ideas.idea_create, name="create"),
    path("<int:idea_pk>/", ideas.idea_detail, name="detail"),
]
