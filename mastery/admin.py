from django.contrib import admin

from mastery.models import Accreditation, Cohort, MasterySpecialist, OpenLesson, OpenLessonBooking


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "academic_year", "phase", "created_by", "created_at"]
    list_filter = ["phase", "academic_year"]
    raw_id_fields = ["created_by"]


class AccreditationInline(admin.TabularInline):
    """Read only: NCETM staff decide accreditations in the portal (the service keeps the allowed moves and records
    each one); the evidence document is private and downloaded from the portal's checked view only."""

    model = Accreditation
    extra = 0
    can_delete = False
    exclude = ["document"]
    readonly_fields = [
        "kind",
        "phase",
        "status",
        "accredited_on",
        "reregistration_due_on",
        "evidence_notes",
        "document_name",
        "decided_by",
        "decided_at",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MasterySpecialist)
class MasterySpecialistAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "cohort", "programme_year"]
    list_filter = ["programme_year", "cohort__phase", "cohort__academic_year", "hub"]
    search_fields = ["user__full_name", "user__email"]
    raw_id_fields = ["user", "nominated_by", "first_work_group"]
    list_select_related = ["user", "hub", "cohort__academic_year"]
    inlines = [AccreditationInline]


class OpenLessonBookingInline(admin.TabularInline):
    model = OpenLessonBooking
    extra = 0
    raw_id_fields = ["teacher", "school"]
    readonly_fields = ["status", "created_at", "waitlisted_at", "ended_at"]


@admin.register(OpenLesson)
class OpenLessonAdmin(admin.ModelAdmin):
    """For looking things up; plan, book and cancel in the portal's pages (the services keep the capacity)."""

    list_display = ["focus", "class_or_year_group", "specialist", "school", "starts_at", "capacity", "status"]
    list_filter = ["status", "specialist__hub"]
    search_fields = ["focus", "specialist__user__full_name", "school__name"]
    raw_id_fields = ["specialist", "school", "created_by"]
    inlines = [OpenLessonBookingInline]
