from django.urls import path

from workgroups.views import (
    calendars,
    decisions,
    hub,
    leads,
    lifecycle,
    participants,
    projects,
    reminders,
    sessions,
    teachers,
)

app_name = "workgroups"

urlpatterns = [
    # Teachers
    path("", teachers.find, name="find"),
    path("<int:pk>/", teachers.workgroup_detail, name="detail"),
    path("<int:pk>/register/", teachers.workgroup_register, name="register_for"),
    path("my-cpd/", participants.my_cpd, name="my_cpd"),
    path("registrations/<int:pk>/withdraw/", participants.registration_withdraw, name="withdraw"),
    path("registrations/<int:pk>/accept/", participants.registration_accept_offer, name="accept_offer"),
    path(
        "registrations/<int:pk>/sessions/<int:session_pk>/reflection/", participants.task_response, name="task_response"
    ),
    path("registrations/<int:pk>/sessions/<int:session_pk>/apologies/", participants.send_apologies, name="apologies"),
    path("registrations/<int:pk>/evaluation/", participants.evaluation, name="evaluation"),
    path("registrations/<int:pk>/certificate.pdf", participants.certificate, name="certificate"),
    path("reflections/<int:pk>/file/", participants.task_response_file, name="task_response_file"),
    # Headteachers (no account)
    path("consent/<str:token>/", teachers.consent, name="consent"),
    # Work Group leads
    path("led/", leads.led, name="led"),
    path("sessions/<int:pk>/register/", leads.register_take, name="register"),
    path("<int:pk>/reflections/", leads.workgroup_reflections, name="reflections"),
    path("<int:pk>/attendance/", leads.workgroup_attendance, name="attendance"),
    # Hub managers
    path("hub/<slug:slug>/", hub.hub_workgroups, name="hub_list"),
    path("hub/<slug:slug>/new/", hub.workgroup_create, name="create"),
    path("hub/<slug:slug>/half-terms/", hub.hub_half_terms, name="half_terms"),
    path("hub/<slug:slug>/reminders/", reminders.hub_reminder_schedule, name="reminder_schedule"),
    path("<int:pk>/manage/", hub.workgroup_manage, name="manage"),
    path("<int:pk>/edit/", hub.workgroup_edit, name="edit"),
    path("<int:pk>/status/", lifecycle.workgroup_transition, name="transition"),
    path("<int:pk>/cancel/", lifecycle.workgroup_cancel, name="cancel"),
    path("<int:pk>/complete/", lifecycle.workgroup_complete, name="complete"),
    path("<int:pk>/completion/", lifecycle.workgroup_evaluate_completion, name="evaluate_completion"),
    path("<int:pk>/registrations/", decisions.registrations_decide, name="decide"),
    path("registrations/<int:pk>/resend-consent/", decisions.consent_resend, name="consent_resend"),
    path("<int:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", sessions.session_cancel, name="session_cancel"),
    # NCETM staff
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_edit, name="project_create"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    # Calendars
    path("calendar/", calendars.calendar_settings, name="calendar"),
    path("calendar/new-address/", calendars.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/<str:token>.ics", calendars.calendar_feed, name="calendar_feed"),
    path("sessions/<int:pk>/event.ics", calendars.session_ics, name="session_ics"),
]
