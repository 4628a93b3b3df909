from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


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
