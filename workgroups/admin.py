from django.contrib import admin

from workgroups.models import AcademicYear, HalfTerm, NationalProject, Registration, Session, WorkGroup


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year"]


@admin.register(HalfTerm)
class HalfTermAdmin(admin.ModelAdmin):
    list_display = ["academic_year", "hub", "number", "starts_on", "ends_on"]
    list_filter = ["academic_year", "hub"]


@admin.register(NationalProject)
class NationalProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "strand", "academic_year"]
    list_filter = ["strand", "academic_year"]
    search_fields = ["code", "title"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["number", "starts_at", "ends_at", "venue", "status"]


@admin.register(WorkGroup)
class WorkGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "hub", "academic_year", "status"]
    list_filter = ["status", "academic_year", "hub"]
    search_fields = ["code", "title"]
    filter_horizontal = ["leads"]
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["teacher", "work_group", "school", "status", "consent_status", "created_at"]
    list_filter = ["status", "consent_status"]
    raw_id_fields = ["teacher", "school", "work_group"]


# Reminders (issue 5) register their models in their own module.
from workgroups import reminder_admin  # noqa: E402,F401
