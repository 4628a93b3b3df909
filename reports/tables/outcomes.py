"""The tables of outcomes: impact (headteachers and participants), leadership capacity, Mastery Specialists."""

from reports import definitions, selectors
from reports.tables.figures import NETWORK, ReportFigures
from reports.tables.table import PERCENT, SCORE, TEXT, Column, Table

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


def impact_by_hub(report: ReportFigures) -> Table:
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


def leadership_by_hub(report: ReportFigures) -> Table:
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


def mastery_by_cohort(report: ReportFigures) -> Table:
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
