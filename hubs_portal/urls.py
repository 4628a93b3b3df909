from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from hubs_portal import mailbox, views
from notifications import views as notification_views

# The admin's own login form has no rate limit and no second factor: send it to the portal's login (allauth).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("accounts.urls")),
    path("profile/api-tokens/", include("api.token_urls")),
    path("api/v1/", include("api.urls")),
    path("audit/", include("accounts.audit_urls")),
    path("schools/", include("schools.urls")),
    path("hubs/", include("hubs.urls")),
    path("work-groups/", include("workgroups.urls")),
    path("reports/", include("reports.urls")),
    path("mastery/", include("mastery.urls")),
    path("e-mails/", include("notifications.urls")),
    # Addresses in reminders e-mailed before the outbox had its own app.
    path("reminders/unsubscribe/<str:token>/", notification_views.unsubscribe, name="legacy_unsubscribe"),
    path(
        "reminders/preferences/",
        RedirectView.as_view(pattern_name="notifications:preferences"),
        name="legacy_preferences",
    ),
    path("dev/mailbox/", mailbox.mailbox_list, name="dev_mailbox"),
    path("dev/mailbox/<str:message_id>/", mailbox.mailbox_detail, name="dev_mailbox_detail"),
]
