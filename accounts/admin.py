from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import AuditEntry, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "school", "is_ncetm_staff", "is_staff", "is_active"]
    list_filter = ["is_ncetm_staff", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    raw_id_fields = ["school"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "school")}),
        ("Roles", {"fields": ("is_ncetm_staff", "is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is written by the services only: read it here, never edit it."""

    list_display = ["created_at", "who", "action", "target_label", "hub", "subject"]
    list_filter = ["action"]
    search_fields = ["target_label", "actor__email", "subject__email", "actor_label"]
    raw_id_fields = ["actor", "subject", "hub"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
