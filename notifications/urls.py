from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("hubs/<slug:hub_slug>/", views.hub_outbox, name="hub_outbox"),
    path("hubs/<slug:hub_slug>/about/<str:topic_type>/<int:topic_id>/", views.topic_outbox, name="topic_outbox"),
    path("messages/<int:pk>/resend/", views.message_resend, name="resend"),
]
