from django.urls import path

from workgroups import reminder_views, views

app_name = "workgroups"

urlpatterns = [
    # Teachers
    path("", views.find, name="find"),
    path("<int:pk>/", views.workgroup_detail, name="detail"),
    path("<int:pk>/register/", views.workgroup_register, name="register_for"),
    path("my-cpd/", views.my_cpd, name="my_cpd"),
    path("registrations/<int:pk>/withdraw/", views.registration_withdraw, name="withdraw"),
    path("registrations/<int:pk>/accept/", views.registration_accept_offer, name="accept_offer"),
    path("registrations/<int:pk>/sessions/<int:session_pk>/reflection/", views.task_response, name="task_response"),
    path("registrations/<int:pk>/sessions/<int:session_pk>/apologies/", views.send_apologies, name="apologies"),
    path("registrations/<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("registrations/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("reflections/<int:pk>/file/", views.task_response_file, name="task_response_file"),
    # Headteachers (no account)
    path("consent/<str:token>/", views.consent, name="consent"),
    # Work Group leads
    path("led/", views.led, name="led"),
    path("sessions/<int:pk>/register/", views.register_take, name="register"),
    path("<int:pk>/reflections/", views.workgroup_reflections, name="reflections"),
    # Hub managers
    path("hub/<slug:slug>/", views.hub_workgroups, name="hub_list"),
    path("hub/<slug:slug>/new/", views.workgroup_create, name="create"),
    path("hub/<slug:slug>/half-terms/", views.hub_half_terms, name="half_terms"),
    path("hub/<slug:slug>/reminders/", reminder_views.hub_reminder_schedule, name="reminder_schedule"),
    path("<int:pk>/manage/", views.workgroup_manage, name="manage"),
    path("<int:pk>/edit/", views.workgroup_edit, name="edit"),
    path("<int:pk>/status/", views.workgroup_transition, name="transition"),
    path("<int:pk>/completion/", views.workgroup_evaluate_completion, name="evaluate_completion"),
    path("<int:pk>/registrations/", views.registrations_decide, name="decide"),
    path("registrations/<int:pk>/resend-consent/", views.consent_resend, name="consent_resend"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    # NCETM staff
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_edit, name="project_create"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    # Calendars
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/new-address/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("sessions/<int:pk>/event.ics", views.session_ics, name="session_ics"),
]
