from django.contrib import admin
from django.urls import include, path

from hubs_portal import mailbox, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("accounts.urls")),
    path("audit/", include("accounts.audit_urls")),
    path("schools/", include("schools.urls")),
    path("hubs/", include("hubs.urls")),
    path("work-groups/", include("workgroups.urls")),
    path("reports/", include("reports.urls")),
    path("reminders/", include("workgroups.reminder_urls")),
    path("dev/mailbox/", mailbox.mailbox_list, name="dev_mailbox"),
    path("dev/mailbox/<str:message_id>/", mailbox.mailbox_detail, name="dev_mailbox_detail"),
]
