from django.urls import path

from . import deadline_views, review_views

app_name = "review"

urlpatterns = [
    path("", review_views.queue, name="queue"),
    path("queue.csv", review_views.queue_csv, name="queue_csv"),
    path("queue.xlsx", review_views.queue_xlsx, name="queue_xlsx"),
    path("projects/", deadline_views.project_list, name="projects"),
    path("projects/<int:project_pk>/deadlines/", deadline_views.project_deadlines, name="deadlines"),
    path("reports/<int:report_pk>/", review_views.report, name="report"),
    path("reports/<int:report_pk>/versions/<int:number>/pdf/", review_views.version_pdf, name="version_pdf"),
    path("reports/<int:report_pk>/<slug:action>/", review_views.transition, name="transition"),
]
