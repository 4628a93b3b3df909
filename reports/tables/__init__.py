"""The report's tables: each figure as rows and labelled columns, with its chart and its definition.

A ``Report`` answers for one scope: the whole network (every hub side by side) or one hub (that hub in full,
beside the network's aggregate). Each table is built by one function from the selectors, so a download computes
only its own table: ``table`` is the table itself, ``figures`` what a report reads once for all its tables,
``engagement``, ``participation``, ``outcomes`` and ``trend`` the tables, ``report`` which a scope shows.
"""

from reports.tables.figures import HUB, NETWORK, ReportFigures
from reports.tables.report import HUB_ONLY, NETWORK_ONLY, TABLES, TREND_TABLES, Report, report_name, report_tables
from reports.tables.table import COUNT, NETWORK_LABEL, PERCENT, SCORE, TEXT, Column, Table

__all__ = [
    "COUNT",
    "HUB",
    "HUB_ONLY",
    "NETWORK",
    "NETWORK_LABEL",
    "NETWORK_ONLY",
    "PERCENT",
    "SCORE",
    "TABLES",
    "TEXT",
    "TREND_TABLES",
    "Column",
    "Report",
    "ReportFigures",
    "Table",
    "report_name",
    "report_tables",
]
