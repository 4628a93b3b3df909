"""Report pages, their downloads, and the headteachers' impact survey. Views parse, ask, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from hubs.models import Hub
from hubs.reach import DEFAULT_YEARS, hubs_not_reached
from hubs_portal.caching import personal_data
from hubs_portal.downloads import attachment, csv_lines
from reports import exports, surveys
from reports.forms import ImpactSurveyForm, QuestionFormSet, ReportFilterForm, SurveyYearForm, default_academic_year
from reports.headlines import headlines
from reports.kept import kept
from reports.models import ImpactSurveyQuestion, ImpactSurveyResponse
from reports.pages import SPECIALISTS_PAGE, page_tables, report_table
from reports.services import SurveyAlreadyAnswered, impact_survey_questions_update, impact_survey_response_create
from reports.tables import HUB, NETWORK, Report, report_name
from schools.models import School
from workgroups.models import AcademicYear

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _network_reader(request) -> None:
    if not request.user.has_perm("reports.view_network_report"):
        raise PermissionDenied


def _hub_for(request, slug: str) -> Hub:
    """The hub whose report the user may read; any other hub answers 404 so slugs do not leak."""
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None or not request.user.has_perm("reports.view_hub_report", hub):
        raise Http404("No such hub report.")
    return hub


def _render_report(request, *, hub: Hub | None, page: str = "year"):
    template = "reports/report_hub.html" if hub else "reports/report_network.html"
    return render(request, template, _report_context(request, hub=hub, page=page))


def _report_context(request, *, hub: Hub | None, page: str) -> dict:
    form = ReportFilterForm(request.GET, hub=hub)
    context = {"form": form, "hub": hub, "tables": [], "query": "", "page": page}
    if form.is_valid():
        filters = form.filters()
        tables, calculated_at = page_tables(Report(filters, scope=HUB if hub else NETWORK), page)
        context.update(
            filters=filters,
            tables=tables,
            headlines=headlines(tables),
            calculated_at=calculated_at,
            query=urlencode({k: v for k, v in form.data.items() if v}),
        )
    return context


@login_required
def network(request):
    """Every hub side by side, for NCETM staff and site administrators."""
    _network_reader(request)
    context = _report_context(request, hub=None, page="year")
    not_reached = kept(f"not-reached:{DEFAULT_YEARS}", hubs_not_reached)
    context.update(not_reached=not_reached, not_reached_years=DEFAULT_YEARS)
    return render(request, "reports/report_network.html", context)


@login_required
def network_trend(request):
    """Every figure over the years held, for the whole network (or the region, hub, phase filtered)."""
    _network_reader(request)
    return _render_report(request, hub=None, page="trend")


@login_required
def hub_report(request, slug):
    """One hub in full beside the network's aggregate, for the hub's members (and national readers)."""
    return _render_report(request, hub=_hub_for(request, slug))


@login_required
def hub_trend(request, slug):
    return _render_report(request, hub=_hub_for(request, slug), page="trend")


@login_required
def network_specialists(request):
    """Mastery Specialists by cohort, programme year and hub, across the network."""
    _network_reader(request)
    return _render_report(request, hub=None, page=SPECIALISTS_PAGE)


@login_required
def hub_specialists(request, slug):
    """The hub's Mastery Specialists by cohort and programme year, beside the network's."""
    return _render_report(request, hub=_hub_for(request, slug), page=SPECIALISTS_PAGE)


def _download(request, *, hub: Hub | None, table_key: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    form = ReportFilterForm(request.GET, hub=hub)
    if not form.is_valid():
        return HttpResponse(
            "The filters are not valid: " + form.errors.as_text(), status=400, content_type="text/plain"
        )
    filters = form.filters()
    report = Report(filters, scope=HUB if hub else NETWORK)
    try:
        table = kept(report_name(report, f"table-{table_key}"), lambda: report_table(report, table_key))
    except KeyError:
        raise Http404("No such table.") from None
    scope = hub.slug if hub else "network"
    filename = f"{table_key.replace('_', '-')}-{scope}-{filters.academic_year.start_year}.{fmt}"
    body = exports.table_csv(table) if fmt == "csv" else exports.table_xlsx(table)
    return attachment(HttpResponse(body, content_type=FORMATS[fmt]), filename)


@login_required
def network_download(request, table, fmt):
    _network_reader(request)
    return _download(request, hub=None, table_key=table, fmt=fmt)


@login_required
def hub_download(request, slug, table, fmt):
    return _download(request, hub=_hub_for(request, slug), table_key=table, fmt=fmt)


def _registrations_csv(request, *, hub: Hub | None):
    form = ReportFilterForm(request.GET, hub=hub)
    if not form.is_valid():
        return HttpResponse(
            "The filters are not valid: " + form.errors.as_text(), status=400, content_type="text/plain"
        )
    filters = form.filters()
    with_people = hub is not None and request.user.has_perm("hubs.view_hub_people", hub)
    rows = exports.registration_rows(filters, with_people=with_people)
    response = StreamingHttpResponse(csv_lines(rows), content_type=FORMATS["csv"])
    scope = hub.slug if hub else "network"
    return attachment(response, f"registrations-{scope}-{filters.academic_year.start_year}.csv")


@login_required
def network_registrations_csv(request):
    """Every registration of the year in the filters, streamed (ids, not names: national readers see figures)."""
    _network_reader(request)
    return _registrations_csv(request, hub=None)


@login_required
def hub_registrations_csv(request, slug):
    return _registrations_csv(request, hub=_hub_for(request, slug))


# ---------------------------------------------------------------- impact survey


@personal_data
def impact_survey(request, token):
    """The headteacher's survey, reached from a signed link: no account, one response per school per year."""
    try:
        school_id, year_id = surveys.impact_survey_token_read(token)
    except signing.SignatureExpired:
        return render(request, "reports/impact_survey_invalid.html", {"expired": True}, status=400)
    except signing.BadSignature:
        return render(request, "reports/impact_survey_invalid.html", {"expired": False}, status=400)
    school = School.objects.filter(pk=school_id).first()
    year = AcademicYear.objects.filter(pk=year_id).first()
    if school is None or year is None:
        return render(request, "reports/impact_survey_invalid.html", {"expired": False}, status=400)
    existing = ImpactSurveyResponse.objects.filter(school=school, academic_year=year).first()
    if existing is not None:
        return render(request, "reports/impact_survey_answered.html", {"response": existing, "school": school})

    questions = ImpactSurveyQuestion.objects.filter(academic_year=year)
    form = ImpactSurveyForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            response = impact_survey_response_create(
                school=school,
                academic_year=year,
                positive_impact=form.cleaned_data["positive_impact"],
                respondent_name=form.cleaned_data["respondent_name"],
                answers=form.answers(),
            )
        except SurveyAlreadyAnswered as already:
            return render(
                request, "reports/impact_survey_answered.html", {"response": already.response, "school": school}
            )
        return render(
            request, "reports/impact_survey_answered.html", {"response": response, "school": school, "thanks": True}
        )
    return render(request, "reports/impact_survey_form.html", {"form": form, "school": school, "year": year})


@login_required
def impact_survey_questions(request):
    """NCETM staff set each year's questions (the positive-impact question is always asked first)."""
    if not request.user.has_perm("reports.change_impact_survey"):
        raise PermissionDenied
    year_form = SurveyYearForm(request.GET or {"year": getattr(default_academic_year(), "pk", None)})
    if not year_form.is_valid():
        return render(request, "reports/impact_survey_questions.html", {"year_form": year_form})
    year = year_form.cleaned_data["year"]
    queryset = ImpactSurveyQuestion.objects.filter(academic_year=year)
    formset = QuestionFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        saved = formset.save(commit=False)
        try:
            impact_survey_questions_update(academic_year=year, saved=saved, deleted=formset.deleted_objects)
        except ValidationError as error:
            formset = QuestionFormSet(request.POST, queryset=queryset)
            formset.is_valid()
            return render(
                request,
                "reports/impact_survey_questions.html",
                {"year_form": year_form, "formset": formset, "year": year, "error": " ".join(error.messages)},
            )
        messages.success(request, f"The {year} survey's questions are saved.")
        return redirect(reverse("reports:survey_questions") + f"?year={year.pk}")
    return render(
        request, "reports/impact_survey_questions.html", {"year_form": year_form, "formset": formset, "year": year}
    )
