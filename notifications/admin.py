"""Admin for the outbox (read mostly) and people's opt-outs."""

from django.contrib import admin

from notifications.models import OptOut, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_key", "recipient_key", "offset_minutes", "status", "attempts", "due_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["object_key", "recipient_key", "message_id"]
    list_select_related = ["hub"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        # Rows are made by the sweep or message_enqueue with their unique key and due time; one typed by hand
        # had neither (a 500).
        return False


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["recipient_key", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["recipient_key"]
