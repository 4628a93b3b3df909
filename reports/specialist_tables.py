"""The Mastery Specialists page's tables (specialists by cohort, by programme year, by PD Lead accreditation status
and by hub), and the table of a specialist's Work Groups on their profile.

Each is a ``reports.tables.Table`` like every other figure of the reports (chart, table, definition, CSV and XLSX
downloads), built from one grid per filter set (``Report.specialist_grid``): a network page reads one query of
specialists (and the hubs), a hub's page two (the hub and the network beside it).
"""

from collections.abc import Callable

from mastery.enums import COHORT_PHASE_CHOICES, AccreditationStatus, ProgrammeYear
from reports import definitions, selectors
from reports.tables import HUB, NETWORK, NETWORK_LABEL, PERCENT, SCORE, TEXT, Column, Report, Table
from workgroups.enums import WorkGroupStatus

PROGRAMME_YEAR_COLUMNS = [
    Column("specialists", "Mastery Specialists"),
    Column("year_1", "Year 1 (training)"),
    Column("year_2", "Year 2 (leading a Work Group)"),
    Column("year_3", "Year 3 (sustaining)"),
    Column("accredited_rate", "Holding PD Lead accreditation (%)", PERCENT),
]
PROGRAMME_YEAR_CHART = ["year_1", "year_2", "year_3"]
EMPTY = dict.fromkeys(selectors.SPECIALIST_COUNTS, 0) | {"accredited_rate": None}
PHASE_NAMES = dict(COHORT_PHASE_CHOICES)


def cohort_name(start_year: int, phase: str) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d} {PHASE_NAMES.get(phase, phase)}"


def _counts(report: Report, by: str | None, *, network: bool = False) -> list[dict]:
    filters = report.comparison if network else report.filters
    return selectors.specialist_counts(report.specialist_grid(filters), by)


def specialists_by_cohort(report: Report) -> Table:
    rows = [{"name": cohort_name(row["start_year"], row["cohort_phase"]), **row} for row in _counts(report, "cohort")]
    if rows:
        (total,) = _counts(report, None)
        rows.append({"name": "All cohorts", **total})
    return Table(
        key="specialists_by_cohort",
        title="Mastery Specialists by cohort",
        definition=definitions.SPECIALISTS,
        columns=[Column("name", "Cohort", TEXT), *PROGRAMME_YEAR_COLUMNS],
        rows=rows,
        chart_series=PROGRAMME_YEAR_CHART,
        stacked=True,
        total_row=bool(rows),
    )


def _by_category(report: Report, *, key: str, title: str, by: str, heading: str, choices, total: str) -> Table:
    """One row per ``choices`` value of the grid's ``by`` and the total, with each one's share; a hub's page sets
    the network's figures beside the hub's."""
    columns = [
        Column("name", heading, TEXT),
        Column("specialists", "Mastery Specialists"),
        Column("share", "Share (%)", PERCENT),
    ]
    if report.scope == HUB:
        columns += [
            Column("network_specialists", "Network: Mastery Specialists"),
            Column("network_share", "Network: share (%)", PERCENT),
        ]
    own = {row["key"]: row["specialists"] for row in _counts(report, by)}
    network = {row["key"]: row["specialists"] for row in _counts(report, by, network=True)}
    own_total, network_total = sum(own.values()), sum(network.values())
    rows = []
    for value, label in [*choices, (None, total)]:
        count = own_total if value is None else own.get(value, 0)
        row = {"name": label, "specialists": count, "share": selectors.rate(count, own_total)}
        if report.scope == HUB:
            theirs = network_total if value is None else network.get(value, 0)
            row.update(network_specialists=theirs, network_share=selectors.rate(theirs, network_total))
        rows.append(row)
    return Table(
        key=key,
        title=title,
        definition=definitions.SPECIALISTS,
        columns=columns,
        rows=rows,
        chart_series=["specialists", "network_specialists"] if report.scope == HUB else ["specialists"],
        total_row=True,
    )


def specialists_by_programme_year(report: Report) -> Table:
    return _by_category(
        report,
        key="specialists_by_programme_year",
        title="Mastery Specialists by programme year",
        by="programme_year",
        heading="Programme year",
        choices=ProgrammeYear.choices,
        total="All programme years",
    )


def specialists_by_accreditation(report: Report) -> Table:
    return _by_category(
        report,
        key="specialists_by_accreditation",
        title="Mastery Specialists by PD Lead accreditation status",
        by="pd_lead_status",
        heading="PD Lead accreditation",
        choices=AccreditationStatus.choices,
        total="All specialists",
    )


def specialists_by_hub(report: Report) -> Table:
    """Every hub in the selection (those with none too: a hub without specialists is a finding) and the total; a
    hub's page: the hub and the network."""
    if report.scope == HUB:
        (own,) = _counts(report, None)
        (network,) = _counts(report, None, network=True)
        rows = [{"name": report.filters.hub.name, **own}, {"name": "Network", **network}]
    else:
        per_hub = {row["key"]: row for row in _counts(report, "hub")}
        (total,) = _counts(report, None)
        rows = [{"name": hub.name, **EMPTY, **per_hub.get(hub.pk, {})} for hub in report.hubs]
        rows.append({"name": NETWORK_LABEL, **total})
    return Table(
        key="specialists_by_hub",
        title="Mastery Specialists by hub",
        definition=definitions.SPECIALISTS,
        columns=[Column("name", "Hub", TEXT), *PROGRAMME_YEAR_COLUMNS],
        rows=rows,
        per_hub=report.scope == NETWORK,
        chart_series=PROGRAMME_YEAR_CHART,
        stacked=True,
    )


SPECIALIST_TABLES: dict[str, Callable[[Report], Table]] = {
    "specialists_by_cohort": specialists_by_cohort,
    "specialists_by_programme_year": specialists_by_programme_year,
    "specialists_by_accreditation": specialists_by_accreditation,
    "specialists_by_hub": specialists_by_hub,
}


def work_groups_led(rows: list[dict]) -> Table:
    """A specialist's Work Groups (``selectors.specialist_work_groups``) as a table, for their profile page."""
    return Table(
        key="work_groups_led",
        title="Work Groups led",
        definition=definitions.WORK_GROUPS_LED,
        columns=[
            Column("name", "Work Group", TEXT),
            Column("year_name", "Academic year", TEXT),
            Column("status_label", "Status", TEXT),
            Column("teachers", "Teachers"),
            Column("schools", "Schools"),
            Column("attendance_rate", "Attendance (%)", PERCENT),
            Column("completion_rate", "Completion (%)", PERCENT),
            Column("evaluations", "Evaluations"),
            Column("average_overall", "Average overall score (1-5)", SCORE),
            Column("average_impact_on_practice", "Average impact on practice (1-5)", SCORE),
        ],
        rows=[
            {
                **row,
                "name": f"{row['code']} {row['title']}",
                "year_name": f"{row['start_year']}/{(row['start_year'] + 1) % 100:02d}",
                "status_label": WorkGroupStatus(row["status"]).label,
            }
            for row in rows
        ],
    )
