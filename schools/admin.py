from django.contrib import admin

from schools.models import LocalAuthority, Region, School, Trust


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
    list_display = ["urn", "name", "phase", "status", "local_authority", "postcode"]
    list_filter = ["phase", "status"]
    search_fields = ["=urn", "name", "postcode"]
    raw_id_fields = ["local_authority", "trust"]
