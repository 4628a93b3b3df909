"""A report: its figures (``ReportFigures``) and which of the tables it shows for its scope."""

import datetime
from collections.abc import Callable

from django.utils import timezone

from reports.kept import kept
from reports.tables.engagement import (
    engagement_by_hub,
    engagement_by_phase,
    engagement_by_region,
    journey_by_hub,
    journey_by_region,
)
from reports.tables.figures import HUB, ReportFigures
from reports.tables.outcomes import impact_by_hub, leadership_by_hub, mastery_by_cohort
from reports.tables.participation import (
    participation_by_hub,
    participation_by_phase,
    participation_by_project,
    work_groups_of_hub,
)
from reports.tables.table import Table
from reports.tables.trend import trend

TABLES: dict[str, Callable[[ReportFigures], Table]] = {
    "engagement_by_hub": engagement_by_hub,
    "engagement_by_region": engagement_by_region,
    "engagement_by_phase": engagement_by_phase,
    "participation_by_hub": participation_by_hub,
    "participation_by_project": participation_by_project,
    "participation_by_phase": participation_by_phase,
    "impact_by_hub": impact_by_hub,
    "leadership_by_hub": leadership_by_hub,
    "mastery_by_cohort": mastery_by_cohort,
    "journey_by_hub": journey_by_hub,
    "journey_by_region": journey_by_region,
    "work_groups": work_groups_of_hub,
    "trend": trend,
}
TREND_TABLES = ["trend"]
# A hub's report shows its own hub beside the network, never other hubs or regions one by one; the network's
# report shows hubs side by side, not each hub's Work Groups.
NETWORK_ONLY = {"engagement_by_region", "journey_by_region"}
HUB_ONLY = {"work_groups"}


class Report(ReportFigures):
    """The figures for ``filters`` seen from ``scope`` (the network, or the single hub in ``filters.hub``), and the
    tables shown for that scope."""

    def shows(self, key: str) -> bool:
        return key in TABLES and key not in (NETWORK_ONLY if self.scope == HUB else HUB_ONLY)

    def table(self, key: str) -> Table:
        if not self.shows(key):
            raise KeyError(key)
        return TABLES[key](self)

    def tables(self, page: str = "year") -> list[Table]:
        """The tables of the year's dashboard (``page="year"``) or of the trend page (``"trend"``)."""
        keys = TREND_TABLES if page == "trend" else [key for key in TABLES if key not in TREND_TABLES]
        if page != "trend":
            self.read_year_grids()
        return [self.table(key) for key in keys if self.shows(key)]


def report_name(report: ReportFigures, page: str) -> str:
    """What a page's tables depend on besides the data: the page, the scope and every filter."""
    filters = report.filters
    parts = (filters.academic_year, filters.region, filters.hub, filters.phase or None, filters.project)
    return ":".join([page, report.scope, *(str(getattr(part, "pk", part) or "") for part in parts)])


def report_tables(report: Report, page: str = "year") -> tuple[list[Table], datetime.datetime]:
    """The page's tables and when they were calculated: computed now, or kept from an earlier read of the same page
    when nothing has changed since (``reports.kept``), so a change made a moment ago shows at once."""
    return kept(report_name(report, page), lambda: (report.tables(page), timezone.now()))
