"""Leadership capacity: Work Group leads and where they come from; Mastery Specialists by cohort."""

from django.db.models import Count, F

from mastery.enums import HOLDS_ACCREDITATION, AccreditationStatus
from mastery.selectors import pd_lead_status_expression
from reports.selectors.places import PARTICIPATION_DIMENSIONS
from reports.selectors.scope import ReportFilters, in_work_group_scope, rate
from reports.selectors.specialists import specialists_in_scope
from workgroups.models import WorkGroup


def leadership_rows(filters: ReportFilters, *, any_year: bool = False) -> list[tuple]:
    """Each lead of each Work Group in scope: (hub, project, phase, year, lead, lead's school, its trust). One
    query; a year has a few thousand."""
    through = in_work_group_scope(WorkGroup.leads.through.objects.all(), filters, any_year=any_year, prefix="workgroup__")
    return list(
        through.values_list(
            *(f"workgroup__{field}" for field in PARTICIPATION_DIMENSIONS.values()),
            "user_id",
            "user__school_id",
            "user__school__trust_id",
        )
    )


def leadership(
    filters: ReportFilters, *, by: str | None, any_year: bool = False, rows: list[tuple] | None = None
) -> list[dict]:
    """Work Group leads of the Work Groups that ran, and the distinct schools and trusts they come from.

    A lead's school is the school on their profile; leads without one count as leads but add no school or trust.
    Counted from ``leadership_rows`` (one query, shared by a report's groupings when given).
    """
    if rows is None:
        rows = leadership_rows(filters, any_year=any_year)
    position = list(PARTICIPATION_DIMENSIONS).index(by) if by else None
    groups: dict = {}
    for row in rows:
        key = row[position] if by else None
        leads, schools, trusts = groups.setdefault(key, (set(), set(), set()))
        leads.add(row[4])
        if row[5] is not None:
            schools.add(row[5])
        if row[6] is not None:
            trusts.add(row[6])
    counted = {
        key: {"leads": len(leads), "lead_schools": len(schools), "lead_trusts": len(trusts)}
        for key, (leads, schools, trusts) in groups.items()
    }
    if by is None:
        return [counted.get(None, {"leads": 0, "lead_schools": 0, "lead_trusts": 0})]
    return [{"key": key, **counted[key]} for key in sorted(counted, key=lambda k: (k is None, k))]


def mastery_specialists_by_cohort(filters: ReportFilters) -> list[dict]:
    """Mastery Specialists by cohort (start year) and PD Lead accreditation status (``mastery.selectors``: a
    specialist's best-standing PD Lead accreditation), for cohorts up to the year. ``accredited_rate``: the share
    holding accreditation (accredited, or re-registration due).

    One query. Filters: region, hub and phase (the cohort's phase).
    """
    # Grouped by (start year, status) and folded here: the status is a subquery per specialist, and counting each
    # status in a FILTER of its own ran it once per status (five times per specialist) instead of once.
    counted = (
        specialists_in_scope(filters)
        .values(key=F("cohort__academic_year__start_year"), pd_lead_status=pd_lead_status_expression())
        .annotate(n=Count("pk"))
        .order_by()
    )
    years: dict = {}
    for row in counted:
        year = years.get(row["key"])
        if year is None:
            year = years[row["key"]] = {"key": row["key"], "specialists": 0} | dict.fromkeys(AccreditationStatus.values, 0)
        year["specialists"] += row["n"]
        if row["pd_lead_status"] in AccreditationStatus.values:
            year[row["pd_lead_status"]] += row["n"]
    rows = [years[key] for key in sorted(years)]
    for row in rows:
        row["accredited_rate"] = rate(sum(row[status] for status in HOLDS_ACCREDITATION), row["specialists"])
    return rows
