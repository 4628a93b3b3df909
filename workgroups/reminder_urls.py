from django.urls import path

from workgroups import reminder_views

app_name = "reminders"

urlpatterns = [
    path("preferences/", reminder_views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
    path("hubs/<slug:hub_slug>/", reminder_views.hub_outbox, name="hub_outbox"),
    path("sessions/<int:session_id>/", reminder_views.session_outbox, name="session_outbox"),
    path("outbox/<int:pk>/resend/", reminder_views.outbox_resend, name="resend"),
]
