from django.urls import path

from .views import reviews

app_name = "goal_reviews"

urlpatterns = [
    path("", reviews.review_list, name="list"),
    path("new/", reviews.review_create, name="create"),
    path("<int:review_pk>/", reviews.review_detail, name="detail"),
    path("<int:review_pk>/edit/", reviews.review_edit, name="edit"),
]
