"""Which tables each report page shows, and the table a download asks for by its key.

The year's figures and the trend are ``reports.tables``; the Mastery Specialists page is
``reports.specialist_tables``. Both are ``Table`` objects, so the pages, charts and downloads treat them alike.
"""

import datetime

from django.utils import timezone

from reports.specialist_tables import SPECIALIST_TABLES
from reports.tables import Report, Table

SPECIALISTS_PAGE = "specialists"


def report_table(report: Report, key: str) -> Table:
    """The table ``key`` for the report's scope; raises ``KeyError`` for a key no page of that scope has."""
    if key in SPECIALIST_TABLES:
        return SPECIALIST_TABLES[key](report)
    return report.table(key)


def page_tables(report: Report, page: str = "year") -> tuple[list[Table], datetime.datetime]:
    """The page's tables (``"year"``, ``"trend"`` or ``"specialists"``) and when they were calculated (now: the
    kept figures are never stale, so nothing is cached; a change made a moment ago shows at once)."""
    if page == SPECIALISTS_PAGE:
        tables = [build(report) for build in SPECIALIST_TABLES.values()]
    else:
        tables = report.tables(page)
    return tables, timezone.now()
