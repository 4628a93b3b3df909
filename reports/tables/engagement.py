"""The tables of schools' engagement: participating and completing schools, and their Teaching for Mastery stages."""

from collections.abc import Callable

from reports import definitions, selectors
from reports.tables.figures import NETWORK, ReportFigures
from reports.tables.table import COUNT, PERCENT, TEXT, Column, Table

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


def _engagement(report: ReportFigures, by: str, name: Callable[[object], str]) -> list[dict]:
    rows = report.engagement(report.filters, by)
    return [{"name": name(row["key"]), **row} for row in rows]


def engagement_by_hub(report: ReportFigures) -> Table:
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


def engagement_by_region(report: ReportFigures) -> Table:
    rows = _engagement(report, "region", lambda key: report.region_names.get(key, "No region"))
    return Table(
        key="engagement_by_region",
        title="Engagement by region",
        definition=definitions.ENGAGEMENT,
        columns=[Column("name", "Region", TEXT), *ENGAGEMENT_COLUMNS],
        rows=rows,
        chart_series=ENGAGEMENT_CHART,
    )


def engagement_by_phase(report: ReportFigures) -> Table:
    rows = _engagement(report, "phase", selectors.phase_label)
    return Table(
        key="engagement_by_phase",
        title="Engagement by phase of school",
        definition=definitions.ENGAGEMENT,
        columns=[Column("name", "Phase", TEXT), *ENGAGEMENT_COLUMNS],
        rows=rows,
        chart_series=ENGAGEMENT_CHART,
    )


def journey_by_hub(report: ReportFigures) -> Table:
    rows, left_out = report.by_hub(report.journey, {c.key: 0 for c in JOURNEY_COLUMNS})
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


def journey_by_region(report: ReportFigures) -> Table:
    rows = report.journey(report.filters, "region")
    return Table(
        key="journey_by_region",
        title="Schools by Teaching for Mastery stage, by region",
        definition=definitions.JOURNEY,
        columns=[Column("name", "Region", TEXT), *JOURNEY_COLUMNS],
        rows=[{"name": report.region_names.get(row["key"], "No region"), **row} for row in rows],
        chart_series=JOURNEY_CHART,
        stacked=True,
    )
