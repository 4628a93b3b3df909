"""The network's figures, each read in a fixed number of queries from the kept figures (``workgroups.models.figures``)
and the schools register.

Every selector takes a ``ReportFilters`` (academic year, and optionally region, hub, phase, national project) and
returns plain rows (dicts of counts and rates). These selectors cross hubs on purpose: they are the national
reports. Views narrow the filters to one hub for a hub's own report.

Definitions (also written on the report pages, see ``reports.definitions``):

- A school is *served by* a hub through its explicit override, else through its local authority's hub area.
- *Open* schools are those GIAS lists as open (``School.objects.open()``); closed schools are never counted.
- A school *participated* (is engaged) and *completed* as ``workgroups.engagement`` says, once for the portal.
- The *most disadvantaged* schools are the fifth of the network's open schools (with a known figure) with the
  highest % free school meals; schools tied at the boundary are left out.
"""

from reports.selectors.engaged import (
    ENGAGEMENT_COUNTS,
    engagement,
    engagement_by_year,
    engagement_grid,
    engagement_rates,
)
from reports.selectors.impact import EVALUATION_COUNTS, evaluation_scores, headteacher_impact
from reports.selectors.journey import journey_grid, journey_stages
from reports.selectors.leaders import leadership, leadership_rows, mastery_specialists_by_cohort
from reports.selectors.places import (
    KEPT_GROUPINGS,
    MARK_COUNTS,
    PARTICIPATION_DIMENSIONS,
    PLACE_COUNTS,
    attendance_grid,
    figures_of_work_groups,
    kept_place_counts,
    kept_place_sets,
    participation,
    place_sets,
    work_group_figures,
    work_group_rows,
)
from reports.selectors.scope import (
    ReportFilters,
    counted_year_ids,
    disadvantaged_threshold,
    fetch,
    hubs_in_scope,
    in_school_scope,
    open_school_counts,
    phase_label,
    rate,
    rollup,
    schools_in_scope,
    work_groups_in_scope,
    years_held,
)
from reports.selectors.specialists import (
    SPECIALIST_COUNTS,
    specialist_counts,
    specialist_grid,
    specialist_work_groups,
    specialists_in_scope,
)

__all__ = [
    "KEPT_GROUPINGS",
    "counted_year_ids",
    "journey_grid",
    "journey_stages",
    "ENGAGEMENT_COUNTS",
    "EVALUATION_COUNTS",
    "MARK_COUNTS",
    "PARTICIPATION_DIMENSIONS",
    "PLACE_COUNTS",
    "ReportFilters",
    "attendance_grid",
    "disadvantaged_threshold",
    "engagement",
    "engagement_by_year",
    "engagement_grid",
    "engagement_rates",
    "figures_of_work_groups",
    "evaluation_scores",
    "headteacher_impact",
    "hubs_in_scope",
    "fetch",
    "in_school_scope",
    "leadership",
    "leadership_rows",
    "mastery_specialists_by_cohort",
    "open_school_counts",
    "participation",
    "phase_label",
    "kept_place_counts",
    "kept_place_sets",
    "place_sets",
    "rate",
    "rollup",
    "schools_in_scope",
    "SPECIALIST_COUNTS",
    "specialist_counts",
    "specialist_grid",
    "specialist_work_groups",
    "specialists_in_scope",
    "work_group_figures",
    "work_group_rows",
    "work_groups_in_scope",
    "years_held",
]
