from django.contrib import admin
from django.db import transaction

from schools.models import GiasImportRun, LocalAuthority, Region, School, Trust
from schools.signals import register_changed


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["urn", "name", "phase", "status", "local_authority", "postcode", "easting", "northing"]
    list_filter = ["phase", "status"]
    search_fields = ["=urn", "name", "postcode"]
    raw_id_fields = ["local_authority", "trust"]

    # A school opened, closed, moved or re-phased here changes the reports' counts: the receivers recount them in
    # the admin's transaction (a bulk deletion gets one of its own).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        register_changed.send(sender=School)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        register_changed.send(sender=School)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            register_changed.send(sender=School)


@admin.register(GiasImportRun)
class GiasImportRunAdmin(admin.ModelAdmin):
    """Browser imports, for the record; they are started from /schools/import/, not here."""

    list_display = ["created_at", "original_name", "uploaded_by", "status", "created_count", "rejected_count"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in GiasImportRun._meta.fields]

    def has_add_permission(self, request):
        return False
