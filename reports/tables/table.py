"""A report's table: rows and labelled columns, with its chart, its definition, and its cells formatted once."""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hubs_portal.escaping import escape_text

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
    # The last row adds up the others ("All cohorts"): in the table, not in the chart, where it would dwarf them.
    total_row: bool = False

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
        if not self.rows:
            return format_html('<tr><td colspan="{}">No figures for this selection.</td></tr>', len(self.columns))
        # Figures are written as digits, separators, "%" and "–", so only text cells need escaping.
        columns = [(c.key, c.kind, c.kind == TEXT) for c in self.columns]
        lines = []
        for row in self.rows:
            cells = []
            for key, kind, text in columns:
                value = _display(row.get(key), kind)
                cells.append(escape_text(value) if text else value)
            first, *figures = cells
            figures = "".join(['<td class="text-end">' + cell + "</td>" for cell in figures])
            lines.append('<tr><th scope="row">' + first + "</th>" + figures + "</tr>")
        return mark_safe("\n".join(lines))  # noqa: S308 - every text cell is escaped, figures need none

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
        rows = self.rows[:-1] if self.total_row else self.rows
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


NETWORK_LABEL = "Network (all hubs in the selection)"
