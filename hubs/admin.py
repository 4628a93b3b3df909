from django.contrib import admin

from hubs.models import Hub, HubArea, HubMembership, SchoolHubOverride
from hubs.services import hub_membership_record


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

    def save_formset(self, request, form, formset, change):
        if formset.model is not HubMembership:
            return super().save_formset(request, form, formset, change)
        saved = formset.save(commit=False)
        for membership in formset.deleted_objects:
            hub_membership_record(membership=membership, actor=request.user, granted=False)
            membership.delete()
        for membership in saved:
            if membership.pk:  # a changed role: the old one goes, the new one comes
                old = HubMembership.objects.get(pk=membership.pk)
                hub_membership_record(membership=old, actor=request.user, granted=False)
            membership.save()
            hub_membership_record(membership=membership, actor=request.user, granted=True)
        formset.save_m2m()


@admin.register(SchoolHubOverride)
class SchoolHubOverrideAdmin(admin.ModelAdmin):
    list_display = ["school", "hub", "reason"]
    raw_id_fields = ["school"]
