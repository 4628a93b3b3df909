from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction

from workgroups import services
from workgroups.models import (
    AcademicYear,
    Attendance,
    AttendanceChange,
    CalendarFeed,
    Evaluation,
    HalfTerm,
    HubReminderSettings,
    NationalProject,
    Registration,
    Session,
    TaskResponse,
    WorkGroup,
)


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year"]


@admin.register(HalfTerm)
class HalfTermAdmin(admin.ModelAdmin):
    """Half-term dates: rows without a hub are the network's defaults; a hub's rows override them."""

    list_display = ["academic_year", "hub", "number", "starts_on", "ends_on"]
    list_filter = ["academic_year", "hub"]
    list_editable = ["starts_on", "ends_on"]


class KeepsSchoolYearsAdmin(admin.ModelAdmin):
    """An edit or deletion here bypasses the services, so the kept school years of the Work Groups it touched (a
    project's stage, a Work Group's project, a deleted Work Group's schools) are recomputed after it
    (``work_groups_of`` names an object's Work Groups)."""

    work_groups_of = staticmethod(lambda obj: [obj.pk])

    def _schools_of(self, objects) -> dict[int, set[int]]:
        schools: dict[int, set[int]] = {}
        for obj in objects:
            for year, found in services.school_years_of_work_groups(self.work_groups_of(obj)).items():
                schools.setdefault(year, set()).update(found)
        return schools

    def _refresh(self, schools: dict[int, set[int]]) -> None:
        with transaction.atomic():
            services.school_years_refresh(schools_by_year=schools)

    def save_model(self, request, obj, form, change):
        schools = self._schools_of([obj]) if change else {}
        super().save_model(request, obj, form, change)
        self._refresh(schools)

    def delete_model(self, request, obj):
        schools = self._schools_of([obj])
        super().delete_model(request, obj)
        self._refresh(schools)

    def delete_queryset(self, request, queryset):
        schools = self._schools_of(queryset)
        super().delete_queryset(request, queryset)
        self._refresh(schools)


@admin.register(NationalProject)
class NationalProjectAdmin(KeepsSchoolYearsAdmin):
    list_display = ["code", "title", "strand", "academic_year"]
    list_filter = ["strand", "academic_year"]
    search_fields = ["code", "title"]
    work_groups_of = staticmethod(lambda obj: list(obj.work_groups.values_list("pk", flat=True)))


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["number", "starts_at", "ends_at", "venue", "status", "sequence"]
    readonly_fields = ["status", "sequence"]


@admin.register(WorkGroup)
class WorkGroupAdmin(KeepsSchoolYearsAdmin):
    list_display = ["code", "title", "hub", "academic_year", "status"]
    list_filter = ["status", "academic_year", "hub"]
    search_fields = ["code", "title"]
    filter_horizontal = ["leads"]
    raw_id_fields = ["venue_school"]  # 24,000 schools: a select of them all would not load
    readonly_fields = ["status"]
    inlines = [SessionInline]

    def get_readonly_fields(self, request, obj=None):
        # Registrations copy their Work Group's academic year (see Registration.academic_year): fixed once created.
        return [*self.readonly_fields, "academic_year"] if obj is not None else self.readonly_fields

    actions = ["evaluate_completion"]

    @admin.action(description="Work out completion (attendance share) for the selected Work Groups")
    def evaluate_completion(self, request, queryset):
        total = 0
        for work_group in queryset:
            try:
                total += services.registrations_evaluate_completion(work_group=work_group, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
        self.message_user(request, f"{total} participant(s) completed.")


def _decide(modeladmin, request, queryset, action):
    done = refused = 0
    for registration in queryset:
        try:
            services.registration_decide(registration=registration, action=action, actor=request.user)
            done += 1
        except ValidationError as error:
            refused += 1
            modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
    modeladmin.message_user(request, f"{done} done, {refused} refused.")


class KeepsReportFiguresAdmin(admin.ModelAdmin):
    """An edit or deletion here bypasses the services, so the reports' kept figures of the Work Groups it touched
    are recomputed after it (``work_group_of`` names an object's Work Group)."""

    work_group_of = staticmethod(lambda obj: obj.work_group_id)

    def save_model(self, request, obj, form, change):
        before = {self.work_group_of(type(obj).objects.get(pk=obj.pk))} if change else set()
        super().save_model(request, obj, form, change)
        services.work_group_figures_rebuild(work_group_ids=before | {self.work_group_of(obj)})

    def delete_model(self, request, obj):
        work_group_id = self.work_group_of(obj)
        super().delete_model(request, obj)
        services.work_group_figures_rebuild(work_group_ids=[work_group_id])

    def delete_queryset(self, request, queryset):
        work_group_ids = {self.work_group_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        services.work_group_figures_rebuild(work_group_ids=work_group_ids)


@admin.register(Registration)
class RegistrationAdmin(KeepsReportFiguresAdmin):
    """Status changes go through the services (places, waitlist offers, e-mails), so status is read-only here."""

    list_display = ["teacher", "work_group", "school", "status", "consent_status", "created_at"]
    list_filter = ["status", "consent_status"]
    raw_id_fields = ["teacher", "school", "work_group", "decided_by"]
    readonly_fields = ["status", "consent_status", "waitlisted_at", "offered_at", "decided_at", "completed_at"]
    search_fields = ["teacher__email", "teacher__full_name", "work_group__code"]
    actions = ["approve", "reject", "waitlist"]

    @admin.action(description="Approve the selected registrations")
    def approve(self, request, queryset):
        _decide(self, request, queryset, "approve")

    @admin.action(description="Reject the selected registrations")
    def reject(self, request, queryset):
        _decide(self, request, queryset, "reject")

    @admin.action(description="Waitlist the selected registrations")
    def waitlist(self, request, queryset):
        _decide(self, request, queryset, "waitlist")


class AttendanceChangeInline(admin.TabularInline):
    model = AttendanceChange
    extra = 0
    can_delete = False
    readonly_fields = ["old_status", "new_status", "changed_by", "changed_at"]


@admin.register(Attendance)
class AttendanceAdmin(KeepsReportFiguresAdmin):
    work_group_of = staticmethod(lambda obj: obj.registration.work_group_id)
    list_display = ["registration", "session", "status", "recorded_by", "recorded_at"]
    list_filter = ["status"]
    raw_id_fields = ["registration", "session", "recorded_by"]
    readonly_fields = ["status"]
    inlines = [AttendanceChangeInline]


@admin.register(TaskResponse)
class TaskResponseAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "file_name", "submitted_at"]
    raw_id_fields = ["registration", "session"]
    exclude = ["file"]  # student work is private: downloaded from the portal's checked view only


@admin.register(Evaluation)
class EvaluationAdmin(KeepsReportFiguresAdmin):
    work_group_of = staticmethod(lambda obj: obj.registration.work_group_id)
    list_display = ["registration", "overall", "impact_on_practice", "submitted_at"]
    raw_id_fields = ["registration"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]
    exclude = ["token"]


@admin.register(HubReminderSettings)
class HubReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["hub", "session_offset_days"]
