from django.contrib import admin

from schools.models import GiasImportRun, LocalAuthority, Region, School, Trust


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


@admin.register(GiasImportRun)
class GiasImportRunAdmin(admin.ModelAdmin):
    """Browser imports, for the record; they are started from /schools/import/, not here."""

    list_display = ["created_at", "original_name", "uploaded_by", "status", "created_count", "rejected_count"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in GiasImportRun._meta.fields]

    def has_add_permission(self, request):
        return False
