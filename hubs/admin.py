from django.contrib import admin
from django.db import transaction

from hubs.models import Hub, HubArea, HubMembership, SchoolHubOverride
from hubs.services import hub_membership_record, open_school_counts_refresh
from workgroups.services import year_participation_recount


class RecountsOpenSchools:
    """An admin whose saves and deletions can change who serves which school: the reports' open-school counts are
    recounted in the same transaction (the admin's own, or one around a bulk deletion)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after the inlines (a hub's area)
        open_school_counts_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        open_school_counts_refresh()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            open_school_counts_refresh()


class HubAreaInline(admin.TabularInline):
    model = HubArea
    extra = 0
    raw_id_fields = ["local_authority"]


class HubMembershipInline(admin.TabularInline):
    model = HubMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Hub)
class HubAdmin(RecountsOpenSchools, admin.ModelAdmin):
    list_display = ["name", "region", "contact_email", "active_since"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["lead_schools"]
    inlines = [HubAreaInline, HubMembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "region" in form.changed_data:  # the hub's Work Groups count in another region now
            year_participation_recount()

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
class SchoolHubOverrideAdmin(RecountsOpenSchools, admin.ModelAdmin):
    list_display = ["school", "hub", "reason"]
    raw_id_fields = ["school"]
