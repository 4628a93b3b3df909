from django.contrib import admin

from hubs.models import Hub, HubArea, HubMembership, SchoolHubOverride


class HubAreaInline(admin.TabularInline):
    model = HubArea
    extra = 0
    raw_id_fields = ["local_authority"]


class HubMembershipInline(admin.TabularInline):
    model = HubMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "contact_email", "active_since"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["lead_schools"]
    inlines = [HubAreaInline, HubMembershipInline]


@admin.register(SchoolHubOverride)
class SchoolHubOverrideAdmin(admin.ModelAdmin):
    list_display = ["school", "hub", "reason"]
    raw_id_fields = ["school"]
