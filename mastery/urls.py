from django.urls import path

from mastery.views import accreditation, calendar, cohorts, open_lessons, schools, specialists

app_name = "mastery"

urlpatterns = [
    path("open-lessons/", open_lessons.open_lesson_list, name="open_lessons"),
    path("open-lessons/<int:pk>/", open_lessons.open_lesson_detail, name="open_lesson"),
    path("open-lessons/<int:pk>/book/", open_lessons.open_lesson_book, name="open_lesson_book"),
    path("open-lessons/<int:pk>/cancel/", open_lessons.open_lesson_cancel, name="open_lesson_cancel"),
    path("open-lessons/bookings/<int:pk>/cancel/", open_lessons.booking_cancel, name="booking_cancel"),
    path("hubs/<slug:slug>/open-lessons/new/", open_lessons.open_lesson_create, name="open_lesson_create"),
    path("hubs/<slug:slug>/calendar/", calendar.hub_calendar, name="hub_calendar"),
    path("hubs/<slug:slug>/schools/<int:urn>/", schools.school_page, name="hub_school"),
    path("hubs/<slug:slug>/schools/<int:urn>/stage/", schools.school_stage, name="hub_school_stage"),
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
    # Accreditations: NCETM staff decide; the evidence document for those who read the specialist
    path("specialists/<int:pk>/accreditations/new/", accreditation.accreditation_new, name="accreditation_new"),
    path("accreditations/<int:pk>/decide/", accreditation.accreditation_decide, name="accreditation_decide"),
    path("accreditations/<int:pk>/document/", accreditation.accreditation_document, name="accreditation_document"),
]
