from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("projects/<int:project_pk>/network-map/", views.network_map_page, name="network_map"),
    path("projects/<int:project_pk>/network-map/graphml/", views.network_map_graphml, name="network_map_graphml"),
    path("projects/<int:project_pk>/network-map/csv/", views.network_map_csv, name="network_map_csv"),
]
