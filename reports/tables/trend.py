"""The trend table: every figure per academic year held."""

from reports import definitions, selectors
from reports.alongside import alongside
from reports.selectors.trend import leads_by_year, marks_by_year, participation_totals_by_year, with_marks
from reports.tables.figures import ReportFigures
from reports.tables.table import PERCENT, SCORE, TEXT, Column, Table


def trend(report: ReportFigures) -> Table:
    """Every figure per academic year held: a fixed number of queries whatever the number of years, each grouped
    by year in the database (``reports.selectors.trend``), two at a time (``reports.alongside``)."""
    filters = report.filters
    by_year: dict[int, dict] = {}

    def merge(rows):
        for row in rows:
            by_year.setdefault(row["key"], {}).update(row)

    # The register marks per year, the largest read, on a second connection meanwhile.
    marks, (totals, engagement, impact, leads) = alongside(
        lambda: marks_by_year(filters),
        lambda: (
            participation_totals_by_year(filters),
            selectors.engagement_by_year(filters),
            selectors.headteacher_impact(filters, by="year", any_year=True),
            leads_by_year(filters),
        ),
    )
    participation = with_marks(totals, marks)
    for rows in (engagement, participation, impact, leads):
        merge(rows)
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
