"""Which tables each report page shows, and the table a download asks for by its key.

The year's figures and the trend are ``reports.tables``; the Mastery Specialists page is
``reports.specialist_tables``. Both are ``Table`` objects, so the pages, charts and downloads treat them alike.
"""

import datetime

from django.utils import timezone

from reports.kept import kept
from reports.specialist_tables import SPECIALIST_TABLES
from reports.tables import Report, Table, report_name, report_tables

SPECIALISTS_PAGE = "specialists"


def report_table(report: Report, key: str) -> Table:
    """The table ``key`` for the report's scope; raises ``KeyError`` for a key no page of that scope has."""
    if key in SPECIALIST_TABLES:
        return SPECIALIST_TABLES[key](report)
    return report.table(key)


def page_tables(report: Report, page: str = "year") -> tuple[list[Table], datetime.datetime]:
    """The page's tables (``"year"``, ``"trend"`` or ``"specialists"``) and when they were calculated: computed now,
    or kept from an earlier read when nothing has changed since (``reports.kept``)."""
    if page != SPECIALISTS_PAGE:
        return report_tables(report, page)
    return kept(
        report_name(report, page),
        lambda: ([build(report) for build in SPECIALIST_TABLES.values()], timezone.now()),
    )
