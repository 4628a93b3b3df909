from django.urls import path

from mastery.views import cohorts, specialists

app_name = "mastery"

urlpatterns = [
    # NCETM staff
    path("cohorts/", cohorts.cohort_list, name="cohorts"),
    path("cohorts/<int:pk>/", cohorts.cohort_detail, name="cohort"),
    # A hub's managers (and NCETM staff, reading)
    path("hub/<slug:slug>/specialists/", specialists.hub_specialists, name="hub_specialists"),
    path("hub/<slug:slug>/specialists/nominate/", specialists.nominate, name="nominate"),
    # One specialist: themself, their hub's managers, NCETM staff
    path("specialists/<int:pk>/", specialists.specialist_detail, name="specialist"),
    path("specialists/<int:pk>/milestones/", specialists.milestones, name="milestones"),
    path("specialists/<int:pk>/cohort/", specialists.place, name="place"),
]
