from django.urls import include, path

from . import card_views, deadline_views, review_views, views

app_name = "reports"

urlpatterns = [
    path(
        "projects/<int:project_pk>/reports/",
        include(
            [
                path("", views.report_list, name="list"),
                path("new/", views.report_create, name="create"),
                path("<int:report_pk>/", views.report_detail, name="detail"),
                path("<int:report_pk>/edit/", views.report_edit, name="edit"),
                path("<int:report_pk>/render/", views.report_render, name="render"),
                path("<int:report_pk>/pdf/", views.report_pdf, name="pdf"),
                path("<int:report_pk>/submit/", views.report_submit, name="submit"),
                path("<int:report_pk>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
            ]
        ),
    ),
    path(
        "review/",
        include(
            [
                path("", review_views.queue, name="queue"),
                path("queue.csv", review_views.queue_csv, name="queue_csv"),
                path("queue.xlsx", review_views.queue_xlsx, name="queue_xlsx"),
                path("projects/", deadline_views.project_list, name="projects"),
                path("projects/<int:project_pk>/deadlines/", deadline_views.project_deadlines, name="deadlines"),
                path("projects/<int:project_pk>/card/", card_views.project_card, name="card"),
                path("projects/<int:project_pk>/card/officer/", card_views.assign_officer, name="card_officer"),
                path("projects/<int:project_pk>/card/notes/", card_views.add_note, name="card_note"),
                path("projects/<int:project_pk>/card/follow-ups/", card_views.add_follow_up, name="card_follow_up"),
                path(
                    "projects/<int:project_pk>/card/follow-ups/<int:follow_up_pk>/done/",
                    card_views.complete_follow_up,
                    name="card_follow_up_done",
                ),
                path("reports/<int:report_pk>/", review_views.report, name="report"),
                path(
                    "reports/<int:report_pk>/versions/<int:number>/pdf/",
                    review_views.version_pdf,
                    name="review_version_pdf",
                ),
                path("reports/<int:report_pk>/<slug:action>/", review_views.transition, name="transition"),
            ]
        ),
    ),
]
