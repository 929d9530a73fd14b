from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:report_pk>/", views.report_detail, name="detail"),
    path("<int:report_pk>/edit/", views.report_edit, name="edit"),
    path("<int:report_pk>/render/", views.report_render, name="render"),
    path("<int:report_pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:report_pk>/submit/", views.report_submit, name="submit"),
    path("<int:report_pk>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
]
