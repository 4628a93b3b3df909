from django.contrib import admin

from reports.models import ImpactSurveyAnswer, ImpactSurveyQuestion, ImpactSurveyResponse


@admin.register(ImpactSurveyQuestion)
class ImpactSurveyQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "academic_year", "kind", "position", "required"]
    list_filter = ["academic_year", "kind"]


class ImpactSurveyAnswerInline(admin.TabularInline):
    model = ImpactSurveyAnswer
    extra = 0
    readonly_fields = ["question", "value"]


@admin.register(ImpactSurveyResponse)
class ImpactSurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "positive_impact", "respondent_name", "submitted_at"]
    list_filter = ["academic_year", "positive_impact"]
    raw_id_fields = ["school"]
    inlines = [ImpactSurveyAnswerInline]
