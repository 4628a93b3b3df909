"""Admin for reminders: hubs' schedules, the outbox (read mostly), opt-outs."""

from django.contrib import admin

from workgroups.models.outbox import HubReminderSettings, OutboxMessage, ReminderOptOut


@admin.register(HubReminderSettings)
class HubReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["hub", "session_offset_days"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_key", "recipient_key", "offset_minutes", "status", "attempts", "due_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["object_key", "recipient_key", "message_id"]
    list_select_related = ["hub"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        # Rows are made by the sweep with their unique key and due time; one typed by hand had neither (a 500).
        return False


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["recipient_key", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["recipient_key"]
