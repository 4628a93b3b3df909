from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import AuditEntry, User
from workgroups.models import Registration, WorkGroup
from workgroups.services import work_group_figures_rebuild


def _work_groups_of(users) -> set[int]:
    """The Work Groups whose kept figures count these users: as registered teachers or as leads."""
    registered = Registration.objects.filter(teacher__in=users).values_list("work_group_id", flat=True)
    led = WorkGroup.leads.through.objects.filter(user__in=users).values_list("workgroup_id", flat=True)
    return set(registered) | set(led)


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

    # Deleting a user deletes their registrations (and their marks and evaluations) and their places as a lead
    # around the services, so the reports' kept figures of those Work Groups are recomputed after it. (Closing an
    # account, as a person does from their profile, keeps the figures unchanged and unnamed instead.)
    def delete_model(self, request, obj):
        work_group_ids = _work_groups_of([obj.pk])
        super().delete_model(request, obj)
        work_group_figures_rebuild(work_group_ids=work_group_ids)

    def delete_queryset(self, request, queryset):
        work_group_ids = _work_groups_of(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)
        work_group_figures_rebuild(work_group_ids=work_group_ids)


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
