"""The report's tables: each figure as rows and labelled columns, with its chart and its definition.

A ``Report`` answers for one scope: the whole network (every hub side by side) or one hub (that hub in full,
beside the network's aggregate). Each table is built by one function from the selectors, so a download computes
only its own table. Lookups of names (hubs, regions, projects, years) are one query each, cached per report.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from hubs.models import Hub
from reports import definitions, selectors
from reports.selectors import ReportFilters, rollup
from schools.enums import Phase
from schools.models import Region
from workgroups.enums import WorkGroupStatus
from workgroups.models import AcademicYear, NationalProject

TEXT, COUNT, PERCENT, SCORE = "text", "count", "percent", "score"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT


@dataclass
class Table:
    key: str
    title: str
    definition: str
    columns: list[Column]
    rows: list[dict]
    chart_type: str = "bar"
    chart_series: list[str] = field(default_factory=list)
    stacked: bool = False
    # One bar per hub: the chart is sorted by its first series, without the selection's total row.
    per_hub: bool = False
    # Hubs in the selection left out of a per-hub table because they have no open schools and no figures.
    hubs_left_out: list[str] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c.label for c in self.columns]

    def values(self) -> list[list]:
        """Raw cell values, row by row (for CSV and XLSX)."""
        return [[row.get(c.key) for c in self.columns] for row in self.rows]

    def display_rows(self) -> list[list[str]]:
        """Cells formatted once in Python (template number formatting in loops is the slow part of a page)."""
        return [[_display(row.get(c.key), c.kind) for c in self.columns] for row in self.rows]

    def body_html(self) -> str:
        """The table's body rows, written here rather than by two nested template loops: the report pages show a
        few thousand cells, and the template engine's per-cell cost was a large part of their time."""
        rows = self.display_rows()
        if not rows:
            return format_html('<tr><td colspan="{}">No figures for this selection.</td></tr>', len(self.columns))
        lines = []
        for first, *cells in rows:
            lines.append(
                '<tr><th scope="row">'
                + conditional_escape(first)
                + "</th>"
                + "".join('<td class="text-end">' + conditional_escape(cell) + "</td>" for cell in cells)
                + "</tr>"
            )
        return mark_safe("\n".join(lines))  # noqa: S308 - every cell is escaped

    def summary_row(self) -> dict | None:
        """The row that sums the table up: the selection's total (network), or the hub itself (a hub's report)."""
        if not self.rows:
            return None
        return self.rows[-1] if self.rows[-1].get("name") == NETWORK_LABEL else self.rows[0]

    def cell(self, row: dict, key: str) -> str:
        """One cell, formatted as the table shows it."""
        kind = next(c.kind for c in self.columns if c.key == key)
        return _display(row.get(key), kind)

    def chart(self) -> dict:
        """What the chart draws: every row (per-hub charts: every hub, biggest first, without the total)."""
        label_key = self.columns[0].key
        series = [c for c in self.columns if c.key in self.chart_series]
        rows = self.rows
        if self.per_hub:
            rows = [row for row in rows if row.get("name") != NETWORK_LABEL]
            first = series[0].key if series else None
            rows = sorted(rows, key=lambda row: (row.get(first) is None, -(row.get(first) or 0), str(row.get("name"))))
        return {
            "type": self.chart_type,
            "stacked": self.stacked,
            "percent": all(c.kind == PERCENT for c in series),
            "per_hub": self.per_hub,
            "labels": [str(row.get(label_key)) for row in rows],
            "datasets": [{"label": c.label, "data": [row.get(c.key) for row in rows]} for c in series],
        }


def _display(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == PERCENT:
        return f"{value:.1f}%"
    if kind == SCORE:
        return f"{value:.2f}"
    if kind == COUNT:
        return f"{value:,}"
    return str(value)


NETWORK, HUB = "network", "hub"
NETWORK_LABEL = "Network (all hubs in the selection)"


def _has_figures(row: dict) -> bool:
    return any(isinstance(value, int | float) and value for key, value in row.items() if key != "key")


@dataclass
class Report:
    """The figures for ``filters`` seen from ``scope``: the network, or the single hub in ``filters.hub``."""

    filters: ReportFilters
    scope: str = NETWORK

    @property
    def comparison(self) -> ReportFilters:
        return self.filters.network()

    @cached_property
    def hubs(self) -> list[Hub]:
        return list(selectors.hubs_in_scope(self.filters))

    @cached_property
    def threshold(self) -> float | None:
        return selectors.disadvantaged_threshold()

    @cached_property
    def region_names(self) -> dict[int, str]:
        return dict(Region.objects.values_list("pk", "name"))

    @cached_property
    def year_names(self) -> dict[int, str]:
        return {year.pk: year.name for year in AcademicYear.objects.all()}

    @cached_property
    def _grids(self) -> dict:
        return {}

    def engagement_grid(self, filters: ReportFilters) -> list[dict]:
        """Each filter set's engagement grid, computed once for all the engagement tables of the report."""
        key = ("engagement", filters)
        if key not in self._grids:
            self._grids[key] = selectors.engagement_grid(filters, self.threshold)
        return self._grids[key]

    def attendance_grid(self, filters: ReportFilters) -> list[dict]:
        key = ("attendance", filters)
        if key not in self._grids:
            self._grids[key] = selectors.attendance_grid(filters)
        return self._grids[key]

    def work_group_rows(self, filters: ReportFilters) -> list[dict]:
        """Each filter set's Work Groups with their figures: participation and evaluations add up from them."""
        key = ("work_groups", filters)
        if key not in self._grids:
            self._grids[key] = selectors.work_group_rows(filters)
        return self._grids[key]

    def place_sets(self, filters: ReportFilters) -> dict:
        key = ("places", filters)
        if key not in self._grids:
            self._grids[key] = selectors.place_sets(self.work_group_rows(filters))
        return self._grids[key]

    def impact(self, filters: ReportFilters, by: str | None) -> list[dict]:
        """Headteachers' answers and participants' evaluations side by side."""
        heads = None
        if self.scope == NETWORK and by in ("hub", None):
            # Every response counted is from a school some hub serves, so the selection's total is the sum of the
            # per-hub rows the same table already has: no second pass over the responses.
            key = ("heads", filters)
            if key not in self._grids:
                self._grids[key] = selectors.headteacher_impact(filters, by="hub")
            heads = self._grids[key]
            if by is None:
                (heads,) = rollup(heads, None, ("responses", "positive"))
                heads = [{**heads, "positive_rate": selectors.rate(heads["positive"], heads["responses"])}]
        return _impact(filters, by, evaluations=self.work_group_rows(filters), heads=heads)

    def engagement(self, filters: ReportFilters, by: str | None) -> list[dict]:
        return selectors.engagement_rates(self.engagement_grid(filters), by)

    def participation(self, filters: ReportFilters, by: str | None) -> list[dict]:
        return selectors.participation(
            filters,
            by=by,
            marks=self.attendance_grid(filters),
            rows=self.work_group_rows(filters),
            places=self.place_sets(filters),
        )

    def leadership(self, filters: ReportFilters, by: str | None) -> list[dict]:
        key = ("leads", filters)
        if key not in self._grids:
            self._grids[key] = selectors.leadership_rows(filters)
        return selectors.leadership(filters, by=by, rows=self._grids[key])

    def project_names(self, keys) -> dict[int, str]:
        return {p.pk: str(p) for p in NationalProject.objects.filter(pk__in=list(keys))}

    @cached_property
    def hubs_with_open_schools(self) -> set[int]:
        """Hubs with at least one open school in the selection (from the engagement grid every report builds)."""
        return {row["key"] for row in self.engagement(self.filters, "hub") if row.get("open_schools")}

    def by_hub(self, figure: Callable[..., list[dict]], empty: dict) -> tuple[list[dict], list[str]]:
        """Every hub in scope side by side and the selection's total; or, for a hub, it and the network. Also the
        names of the hubs left out: those with no open school in the selection and nothing to show (the rows
        would be zeros)."""
        if self.scope == HUB:
            (own,) = figure(self.filters, by=None)
            (network,) = figure(self.comparison, by=None)
            return [{"name": self.filters.hub.name, **own}, {"name": "Network", **network}], []
        per_hub = {row["key"]: row for row in figure(self.filters, by="hub")}
        rows, left_out = [], []
        for hub in self.hubs:
            if hub.pk in self.hubs_with_open_schools or _has_figures(per_hub.get(hub.pk, {})):
                rows.append({"name": hub.name, **empty, **per_hub.get(hub.pk, {})})
            else:
                left_out.append(hub.name)
        (total,) = figure(self.filters, by=None)
        return rows + [{"name": NETWORK_LABEL, **total}], left_out

    def shows(self, key: str) -> bool:
        return key in TABLES and key not in (NETWORK_ONLY if self.scope == HUB else HUB_ONLY)

    def table(self, key: str) -> Table:
        if not self.shows(key):
            raise KeyError(key)
        return TABLES[key](self)

    def tables(self, page: str = "year") -> list[Table]:
        """The tables of the year's dashboard (``page="year"``) or of the trend page (``"trend"``)."""
        keys = TREND_TABLES if page == "trend" else [key for key in TABLES if key not in TREND_TABLES]
        return [self.table(key) for key in keys if self.shows(key)]


def report_tables(report: Report, page: str = "year") -> tuple[list[Table], datetime.datetime]:
    """The page's tables and when they were calculated (now: the kept figures are never stale, so nothing is
    cached; a change made a moment ago shows at once)."""
    return report.tables(page), timezone.now()


ENGAGEMENT_COLUMNS = [
    Column("open_schools", "Open schools"),
    Column("participating_schools", "Participating schools"),
    Column("participating_rate", "Participating (%)", PERCENT),
    Column("completed_schools", "Completed schools"),
    Column("completed_rate", "Completed (%)", PERCENT),
    Column("disadvantaged_schools", "Most disadvantaged open schools"),
    Column("disadvantaged_participating", "Most disadvantaged participating"),
    Column("disadvantaged_rate", "Most disadvantaged participating (%)", PERCENT),
]
ENGAGEMENT_CHART = ["participating_rate", "completed_rate", "disadvantaged_rate"]
EMPTY_ENGAGEMENT = {c.key: 0 for c in ENGAGEMENT_COLUMNS if c.kind == COUNT} | {
    c.key: None for c in ENGAGEMENT_COLUMNS if c.kind == PERCENT
}

PARTICIPATION_COLUMNS = [
    Column("work_groups", "Work Groups run"),
    Column("teachers", "Teachers"),
    Column("schools", "Schools"),
    Column("attendance_rate", "Attendance (%)", PERCENT),
    Column("completion_rate", "Completion (%)", PERCENT),
]
EMPTY_PARTICIPATION = {"work_groups": 0, "teachers": 0, "schools": 0, "attendance_rate": None, "completion_rate": None}

IMPACT_COLUMNS = [
    Column("responses", "Headteacher responses"),
    Column("positive", "Positive answers"),
    Column("positive_rate", "Positive impact (%)", PERCENT),
    Column("evaluations", "Participant evaluations"),
    Column("average_overall", "Average overall score (1-5)", SCORE),
    Column("average_impact_on_practice", "Average impact on practice (1-5)", SCORE),
]

LEADERSHIP_COLUMNS = [
    Column("leads", "Work Group leads"),
    Column("lead_schools", "Their schools"),
    Column("lead_trusts", "Their academy trusts"),
]


def _engagement(report: Report, by: str, name: Callable[[object], str]) -> list[dict]:
    rows = report.engagement(report.filters, by)
    return [{"name": name(row["key"]), **row} for row in rows]


def engagement_by_hub(report: Report) -> Table:
    rows, left_out = report.by_hub(report.engagement, EMPTY_ENGAGEMENT)
    return Table(
        key="engagement_by_hub",
        title="Engagement by hub",
        definition=definitions.ENGAGEMENT,
        columns=[Column("name", "Hub", TEXT), *ENGAGEMENT_COLUMNS],
        rows=rows,
        hubs_left_out=left_out,
        per_hub=report.scope == NETWORK,
        chart_series=ENGAGEMENT_CHART,
    )


def engagement_by_region(report: Report) -> Table:
    rows = _engagement(report, "region", lambda key: report.region_names.get(key, "No region"))
    return Table(
        key="engagement_by_region",
        title="Engagement by region",
        definition=definitions.ENGAGEMENT,
        columns=[Column("name", "Region", TEXT), *ENGAGEMENT_COLUMNS],
        rows=rows,
        chart_series=ENGAGEMENT_CHART,
    )


def engagement_by_phase(report: Report) -> Table:
    rows = _engagement(report, "phase", selectors.phase_label)
    return Table(
        key="engagement_by_phase",
        title="Engagement by phase of school",
        definition=definitions.ENGAGEMENT,
        columns=[Column("name", "Phase", TEXT), *ENGAGEMENT_COLUMNS],
        rows=rows,
        chart_series=ENGAGEMENT_CHART,
    )


def participation_by_hub(report: Report) -> Table:
    rows, left_out = report.by_hub(report.participation, EMPTY_PARTICIPATION)
    return Table(
        key="participation_by_hub",
        title="Participation by hub",
        definition=definitions.PARTICIPATION,
        columns=[Column("name", "Hub", TEXT), *PARTICIPATION_COLUMNS],
        rows=rows,
        hubs_left_out=left_out,
        per_hub=report.scope == NETWORK,
        chart_series=["teachers", "schools"],
    )


def participation_by_project(report: Report) -> Table:
    rows = report.participation(report.filters, "project")
    names = report.project_names(row["key"] for row in rows)
    return Table(
        key="participation_by_project",
        title="Participation by national project",
        definition=definitions.PARTICIPATION,
        columns=[Column("name", "National project", TEXT), *PARTICIPATION_COLUMNS],
        rows=[{"name": names.get(row["key"], "–"), **row} for row in rows],
        chart_series=["teachers", "schools"],
    )


def participation_by_phase(report: Report) -> Table:
    rows = report.participation(report.filters, "phase")
    return Table(
        key="participation_by_phase",
        title="Participation by phase of Work Group",
        definition=definitions.PARTICIPATION,
        columns=[Column("name", "Phase", TEXT), *PARTICIPATION_COLUMNS],
        rows=[{"name": selectors.phase_label(row["key"]), **row} for row in rows],
        chart_series=["attendance_rate", "completion_rate"],
    )


def work_groups_of_hub(report: Report) -> Table:
    rows = selectors.work_group_figures(report.filters)
    return Table(
        key="work_groups",
        title="Work Groups of the hub",
        definition=definitions.PARTICIPATION,
        columns=[
            Column("name", "Work Group", TEXT),
            Column("project_code", "National project", TEXT),
            Column("status_label", "Status", TEXT),
            Column("teachers", "Teachers"),
            Column("schools", "Schools"),
            Column("attendance_rate", "Attendance (%)", PERCENT),
            Column("completion_rate", "Completion (%)", PERCENT),
        ],
        rows=[
            {"name": f"{row['code']} {row['title']}", "status_label": WorkGroupStatus(row["status"]).label, **row}
            for row in rows
        ],
        chart_series=["attendance_rate", "completion_rate"],
    )


def _impact(
    filters: ReportFilters, by: str | None, evaluations: list[dict], heads: list[dict] | None = None
) -> list[dict]:
    if heads is None:
        heads = selectors.headteacher_impact(filters, by=by)
    heads = {row.get("key"): row for row in heads}
    evaluations = {row.get("key"): row for row in selectors.evaluation_scores(filters, by=by, grid=evaluations)}
    empty = {"responses": 0, "positive": 0, "positive_rate": None}
    empty_evaluations = {"evaluations": 0, "average_overall": None, "average_impact_on_practice": None}
    keys = sorted(set(heads) | set(evaluations), key=lambda k: (k is None, k))
    return [
        {"key": key, **empty, **heads.get(key, {}), **empty_evaluations, **evaluations.get(key, {})} for key in keys
    ]


def impact_by_hub(report: Report) -> Table:
    empty = {"responses": 0, "positive": 0, "evaluations": 0}
    rows, left_out = report.by_hub(report.impact, empty)
    return Table(
        key="impact_by_hub",
        title="Impact by hub",
        definition=definitions.IMPACT,
        columns=[Column("name", "Hub", TEXT), *IMPACT_COLUMNS],
        rows=rows,
        hubs_left_out=left_out,
        per_hub=report.scope == NETWORK,
        chart_series=["positive_rate"],
    )


def leadership_by_hub(report: Report) -> Table:
    empty = {"leads": 0, "lead_schools": 0, "lead_trusts": 0}
    rows, left_out = report.by_hub(report.leadership, empty)
    return Table(
        key="leadership_by_hub",
        title="Leadership capacity by hub",
        definition=definitions.LEADERSHIP,
        columns=[Column("name", "Hub", TEXT), *LEADERSHIP_COLUMNS],
        rows=rows,
        hubs_left_out=left_out,
        per_hub=report.scope == NETWORK,
        chart_series=["leads", "lead_schools", "lead_trusts"],
    )


def mastery_by_cohort(report: Report) -> Table:
    rows = selectors.mastery_specialists_by_cohort(report.filters)
    return Table(
        key="mastery_by_cohort",
        title="Mastery Specialists by cohort and accreditation",
        definition=definitions.MASTERY,
        columns=[
            Column("name", "Cohort", TEXT),
            Column("specialists", "Mastery Specialists"),
            Column("not_started", "Not started"),
            Column("in_progress", "In progress"),
            Column("accredited", "Accredited"),
            Column("reregistration_due", "Re-registration due"),
            Column("lapsed", "Lapsed"),
            Column("accredited_rate", "Accredited (%)", PERCENT),
        ],
        rows=[{"name": f"{row['key']}/{(row['key'] + 1) % 100:02d}", **row} for row in rows],
        chart_series=["not_started", "in_progress", "accredited", "reregistration_due", "lapsed"],
        stacked=True,
    )


JOURNEY_COLUMNS = [
    Column("open_schools", "Open schools"),
    Column("not_started", "Not started"),
    Column("readiness", "Mastery Readiness"),
    Column("development", "Development"),
    Column("embedding", "Embedding"),
    Column("sustaining", "Sustaining"),
    Column("moved_on", "Moved on a stage in the year"),
]
JOURNEY_CHART = ["readiness", "development", "embedding", "sustaining"]


def journey_by_hub(report: Report) -> Table:
    rows, left_out = report.by_hub(selectors.journey_stages, {c.key: 0 for c in JOURNEY_COLUMNS})
    return Table(
        key="journey_by_hub",
        title="Schools by Teaching for Mastery stage, by hub",
        definition=definitions.JOURNEY,
        columns=[Column("name", "Hub", TEXT), *JOURNEY_COLUMNS],
        rows=rows,
        hubs_left_out=left_out,
        per_hub=report.scope == NETWORK,
        chart_series=JOURNEY_CHART,
        stacked=True,
    )


def journey_by_region(report: Report) -> Table:
    rows = selectors.journey_stages(report.filters, by="region")
    return Table(
        key="journey_by_region",
        title="Schools by Teaching for Mastery stage, by region",
        definition=definitions.JOURNEY,
        columns=[Column("name", "Region", TEXT), *JOURNEY_COLUMNS],
        rows=[{"name": report.region_names.get(row["key"], "No region"), **row} for row in rows],
        chart_series=JOURNEY_CHART,
        stacked=True,
    )


def trend(report: Report) -> Table:
    """Every figure per academic year held: a fixed number of queries whatever the number of years."""
    filters = report.filters
    by_year: dict[int, dict] = {}

    def merge(rows):
        for row in rows:
            by_year.setdefault(row["key"], {}).update(row)

    merge(selectors.engagement_by_year(filters))
    rows = selectors.work_group_rows(filters, any_year=True)
    merge(selectors.participation(filters, by="year", any_year=True, rows=rows))
    merge(selectors.headteacher_impact(filters, by="year", any_year=True))
    merge(selectors.evaluation_scores(filters, by="year", any_year=True, grid=rows))
    merge(selectors.leadership(filters, by="year", any_year=True))
    names = report.year_names
    order = sorted(by_year, key=lambda pk: names.get(pk, ""))
    return Table(
        key="trend",
        title="Trend over the years held",
        definition=definitions.TREND,
        columns=[
            Column("name", "Academic year", TEXT),
            Column("participating_rate", "Participating schools (%)", PERCENT),
            Column("completed_rate", "Completed schools (%)", PERCENT),
            Column("work_groups", "Work Groups run"),
            Column("teachers", "Teachers"),
            Column("schools", "Schools"),
            Column("attendance_rate", "Attendance (%)", PERCENT),
            Column("completion_rate", "Completion (%)", PERCENT),
            Column("responses", "Headteacher responses"),
            Column("positive_rate", "Positive impact (%)", PERCENT),
            Column("average_overall", "Average evaluation (1-5)", SCORE),
            Column("leads", "Work Group leads"),
        ],
        rows=[{"name": names.get(pk, "–"), **by_year[pk]} for pk in order],
        chart_type="line",
        chart_series=["participating_rate", "completed_rate", "attendance_rate", "completion_rate", "positive_rate"],
    )


TABLES: dict[str, Callable[[Report], Table]] = {
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

PHASES = [(value, label) for value, label in Phase.choices if value != Phase.NOT_APPLICABLE]
