from django.contrib import admin

from mastery.models import MasterySpecialist


@admin.register(MasterySpecialist)
class MasterySpecialistAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "cohort_year", "phase", "programme_year", "accreditation_status", "accredited_on"]
    list_filter = ["accreditation_status", "programme_year", "phase", "cohort_year", "hub"]
    search_fields = ["user__full_name", "user__email"]
    raw_id_fields = ["user"]
