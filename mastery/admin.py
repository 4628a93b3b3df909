from django.contrib import admin

from mastery.models import Cohort, MasterySpecialist


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "academic_year", "phase", "created_by", "created_at"]
    list_filter = ["phase", "academic_year"]
    raw_id_fields = ["created_by"]


@admin.register(MasterySpecialist)
class MasterySpecialistAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "cohort", "programme_year", "accreditation_status", "accredited_on"]
    list_filter = ["accreditation_status", "programme_year", "cohort__phase", "cohort__academic_year", "hub"]
    search_fields = ["user__full_name", "user__email"]
    raw_id_fields = ["user", "nominated_by", "first_work_group"]
    list_select_related = ["user", "hub", "cohort__academic_year"]
