from django.urls import path

from hubs import views

app_name = "hubs"

urlpatterns = [
    path("", views.hub_list, name="list"),
    path("<slug:slug>/", views.hub_dashboard, name="dashboard"),
    path("<slug:slug>/schools.csv", views.hub_schools_csv, name="schools_csv"),
    path("<slug:slug>/edit/", views.hub_edit, name="edit"),
]
