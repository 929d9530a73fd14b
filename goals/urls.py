from django.urls import include, path

from .views import goals, ideas, reviews

app_name = "goals"

urlpatterns = [
    path(
        "projects/<int:project_pk>/",
        include(
            [
                path("goals/", goals.project_goals, name="goals"),
                path("reviews/", reviews.review_list, name="review_list"),
                path("reviews/new/", reviews.review_create, name="review_create"),
                path("reviews/<int:review_pk>/", reviews.review_detail, name="review_detail"),
                path("reviews/<int:review_pk>/edit/", reviews.review_edit, name="review_edit"),
                path("ideas/", ideas.idea_list, name="idea_list"),
                path("ideas/new/", ideas.idea_create, name="idea_create"),
                path("ideas/<int:idea_pk>/", ideas.idea_detail, name="idea_detail"),
            ]
        ),
    ),
]
