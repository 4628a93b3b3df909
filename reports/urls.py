from django.urls import path, re_path

from reports import school_views, specialist_views, views

app_name = "reports"

urlpatterns = [
    path("", views.network, name="network"),
    path("trend/", views.network_trend, name="network_trend"),
    path("specialists/", views.network_specialists, name="network_specialists"),
    path("specialists/<int:pk>/", specialist_views.specialist_profile, name="specialist_profile"),
    re_path(r"^download/(?P<table>[a-z_]+)\.(?P<fmt>csv|xlsx)$", views.network_download, name="network_download"),
    path("registrations.csv", views.network_registrations_csv, name="network_registrations"),
    path("hubs/<slug:slug>/", views.hub_report, name="hub"),
    path("hubs/<slug:slug>/trend/", views.hub_trend, name="hub_trend"),
    path("hubs/<slug:slug>/specialists/", views.hub_specialists, name="hub_specialists"),
    re_path(
        r"^hubs/(?P<slug>[-\w]+)/download/(?P<table>[a-z_]+)\.(?P<fmt>csv|xlsx)$",
        views.hub_download,
        name="hub_download",
    ),
    path("hubs/<slug:slug>/registrations.csv", views.hub_registrations_csv, name="hub_registrations"),
    path("impact-survey/questions/", views.impact_survey_questions, name="survey_questions"),
    path("impact-survey/<str:token>/", views.impact_survey, name="impact_survey"),
    # Headteachers (no account): their school's page from a signed link.
    path("school/<str:token>/", school_views.school_page_view, name="school_page"),
]
