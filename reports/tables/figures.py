"""What a report computes once for all its tables: the figures for its filters, seen from the network or one hub.

Each selector's grid is read once per filter set and kept on the report, so the tables that share a grid (the
engagement tables, participation and evaluations) cost one pass between them. Lookups of names (hubs, regions,
projects, years) are one query each, cached per report.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from hubs.models import Hub
from reports import selectors
from reports.alongside import alongside
from reports.selectors import ReportFilters, rollup
from reports.tables.table import NETWORK_LABEL
from workgroups.models import AcademicYear, NationalProject

NETWORK, HUB = "network", "hub"


def _has_figures(row: dict) -> bool:
    return any(isinstance(value, int | float) and value for key, value in row.items() if key != "key")


@dataclass
class ReportFigures:
    """The figures for ``filters`` seen from ``scope``: the network, or the single hub in ``filters.hub``. The tables
    it shows are ``Report``'s."""

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
        """The names of the regions of the hubs in scope: every region a grid row names (the grids are narrowed as
        the hubs are), without a query of their own (the hubs come with their regions)."""
        return {hub.region_id: hub.region.name for hub in self.hubs if hub.region_id is not None}

    @cached_property
    def counted_years(self) -> set[int]:
        """The years whose engagement and journey are read from the kept counts (``selectors.counted_year_ids``)."""
        return selectors.counted_year_ids()

    @cached_property
    def year_names(self) -> dict[int, str]:
        return {year.pk: year.name for year in AcademicYear.objects.all()}

    @cached_property
    def _grids(self) -> dict:
        return {}

    def _school_grid(self, name: str, filters: ReportFilters, compute: Callable[[ReportFilters], list[dict]]):
        """A grid of schools per (hub, region, …), computed once per report: a hub's (or a region's) is the
        network's rows of that hub (region), so a hub's report beside the network groups the schools once."""
        key = (name, filters)
        if key not in self._grids:
            network = filters.network()
            if filters != network and self.scope == HUB:
                self._grids[key] = [
                    row
                    for row in self._school_grid(name, network, compute)
                    if (filters.hub is None or row["hub"] == filters.hub.pk)
                    and (filters.region is None or row["region"] == filters.region.pk)
                ]
            else:
                self._grids[key] = compute(filters)
        return self._grids[key]

    def open_school_counts(self, filters: ReportFilters) -> list[dict]:
        """The kept open-school counts, read once for the engagement and the journey grids."""
        key = ("counts", filters)
        if key not in self._grids:
            self._grids[key] = selectors.open_school_counts(filters)
        return self._grids[key]

    def engagement_grid(self, filters: ReportFilters) -> list[dict]:
        """Each filter set's engagement grid, computed once for all the engagement tables of the report."""
        return self._school_grid(
            "engagement",
            filters,
            lambda f: selectors.engagement_grid(
                f, self.threshold, counts=self.open_school_counts(f), counted=self.counted_years
            ),
        )

    def journey_grid(self, filters: ReportFilters) -> list[dict]:
        """Each filter set's schools by Teaching for Mastery stage, computed once for both journey tables."""
        return self._school_grid(
            "journey",
            filters,
            lambda f: selectors.journey_grid(f, counts=self.open_school_counts(f), counted=self.counted_years),
        )

    def journey(self, filters: ReportFilters, by: str | None) -> list[dict]:
        """Schools by Teaching for Mastery stage, from one grid per filter set."""
        return selectors.journey_stages(filters, by=by, grid=self.journey_grid(filters))

    def attendance_grid(self, filters: ReportFilters) -> list[dict]:
        key = ("attendance", filters)
        if key not in self._grids:
            self._grids[key] = selectors.attendance_grid(filters)
        return self._grids[key]

    def work_group_rows(self, filters: ReportFilters, *, id_lists: bool = False) -> list[dict]:
        """Each filter set's Work Groups with their figures: participation and evaluations add up from them. Without
        each group's teachers' and schools' ids unless asked (the distinct counts are the kept ones)."""
        key = ("work_groups", filters, id_lists)
        if key not in self._grids:
            self._grids[key] = selectors.work_group_rows(filters, id_lists=id_lists)
        return self._grids[key]

    def specialist_grid(self, filters: ReportFilters) -> list[dict]:
        """Each filter set's Mastery Specialists per hub, cohort and programme year (the specialists page)."""
        key = ("specialists", filters)
        if key not in self._grids:
            self._grids[key] = selectors.specialist_grid(filters)
        return self._grids[key]

    def place_sets(self, filters: ReportFilters, by: str | None) -> dict:
        """The distinct teachers and schools of one grouping, computed when a table asks for it: the kept per-year
        counts for the groupings they keep (hub, project, phase, the selection), else the unions of every Work
        Group's sets (the costly part in Python, growing with the network)."""
        key = ("places", filters, by)
        if key not in self._grids:
            if by in selectors.KEPT_GROUPINGS:
                rows = self.work_group_rows(filters)
                counts_key = ("kept_places", filters)
                if counts_key not in self._grids:
                    # Every kept grouping in one query, of the hub's filters and the network's beside them at once.
                    both = [self.filters, self.comparison]
                    filter_sets = both if self.scope == HUB and filters in both else [filters]
                    for each, counts in zip(filter_sets, selectors.kept_place_counts(*filter_sets), strict=True):
                        self._grids[("kept_places", each)] = counts
                self._grids[key] = selectors.kept_place_sets(filters, rows, by, counts=self._grids[counts_key])
            else:
                self._grids[key] = selectors.place_sets(self.work_group_rows(filters, id_lists=True), bys=[by])
        return self._grids[key]

    def _heads_by_hub(self, filters: ReportFilters) -> list[dict]:
        key = ("heads", filters)
        if key not in self._grids:
            self._grids[key] = selectors.headteacher_impact(filters, by="hub")
        return self._grids[key]

    def impact(self, filters: ReportFilters, by: str | None) -> list[dict]:
        """Headteachers' answers and participants' evaluations side by side."""
        heads = None
        if by in ("hub", None):
            if self.scope == NETWORK:
                heads = self._heads_by_hub(filters)
            elif filters.region is None:
                # A hub's report: the hub's responses are its row of the network's per-hub rows, which the network
                # beside it adds up; one pass over the responses for both.
                heads = self._heads_by_hub(filters.network())
                if filters.hub is not None:
                    heads = [row for row in heads if row["key"] == filters.hub.pk]
        if heads is not None and by is None:
            # Every response counted is from a school some hub serves, so the selection's total is the sum of the
            # per-hub rows the same table already has: no second pass over the responses.
            (heads,) = rollup(heads, None, ("responses", "positive"))
            heads = [{**heads, "positive_rate": selectors.rate(heads["positive"], heads["responses"])}]
        return _impact_rows(filters, by, evaluations=self.work_group_rows(filters), heads=heads)

    def read_year_grids(self) -> None:
        """Read the year's page's grids before its tables ask, the two largest (the journey and the attendance
        grids) on a second connection while the rest are read here (``reports.alongside``): the tables then find
        every grid read. The open-school counts and the counted years, which both sides' grids read, first."""
        filter_sets = [self.filters, self.comparison] if self.scope == HUB else [self.filters]
        self.counted_years  # noqa: B018 - read once, before both sides ask
        for filters in filter_sets:
            self.open_school_counts(filters)

        def side() -> None:
            for filters in filter_sets:
                self.journey_grid(filters)
                self.attendance_grid(filters)

        def here() -> None:
            for filters in filter_sets:
                self.engagement_grid(filters)
                self.work_group_rows(filters)
                self.leadership(filters, by=None)
                self.place_sets(filters, None)
            self._heads_by_hub(self.filters if self.scope == NETWORK else self.comparison)

        alongside(side, here)

    def engagement(self, filters: ReportFilters, by: str | None) -> list[dict]:
        return selectors.engagement_rates(self.engagement_grid(filters), by)

    def participation(self, filters: ReportFilters, by: str | None) -> list[dict]:
        return selectors.participation(
            filters,
            by=by,
            marks=self.attendance_grid(filters),
            rows=self.work_group_rows(filters),
            places=self.place_sets(filters, by),
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


def _impact_rows(
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
