"""The schools a hub has not reached: the page and its CSV, for the hub's staff (and NCETM staff, who read every hub)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render

from hubs.forms import NotReachedFilterForm
from hubs.reach import hub_schools_not_reached
from hubs.selectors import hub_filter_choices, hub_visible_to
from hubs_portal.downloads import attachment, csv_lines
from schools.enums import Phase
from schools.grid import kilometres

SCHOOLS_PER_PAGE = 50


def _not_reached(request, slug):
    hub = hub_visible_to(slug=slug, user=request.user)
    if hub is None:
        raise Http404("No such hub.")
    local_authorities, _ = hub_filter_choices(hub=hub)
    form = NotReachedFilterForm(request.GET or None, local_authorities=local_authorities)
    filters = form.filters()
    return hub, form, filters, hub_schools_not_reached(hub=hub, filters=filters)


@login_required
def not_reached(request, slug):
    hub, form, filters, schools = _not_reached(request, slug)
    page = Paginator(schools, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hubs/hub_not_reached.html",
        {"hub": hub, "form": form, "filters": filters, "page": page, "query": query.urlencode()},
    )


@login_required
def not_reached_csv(request, slug):
    """The not-reached list, filtered and ordered as on the page, as CSV streamed row by row."""
    hub, _, filters, schools = _not_reached(request, slug)
    rows = schools.values_list(
        "urn",
        "name",
        "phase",
        "local_authority__name",
        "postcode",
        "number_of_pupils",
        "percentage_fsm",
        "nearest_work_group_m",
    )
    phases = dict(Phase.choices)

    def lines():
        yield [
            "URN",
            "Name",
            "Phase",
            "Local authority",
            "Postcode",
            "Pupils",
            "% FSM",
            "Nearest open Work Group (km)",
        ]
        for urn, name, phase, la, postcode, pupils, fsm, metres in rows.iterator(chunk_size=2000):
            yield [
                urn,
                name,
                phases.get(phase, phase),
                la or "",
                postcode,
                "" if pupils is None else pupils,
                "" if fsm is None else fsm,
                "" if metres is None else kilometres(metres),
            ]

    def stream():
        yield "\ufeff"  # BOM: spreadsheet programs then read the accents in school names correctly
        yield from csv_lines(lines())

    return attachment(
        StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8"),
        f"{hub.slug}-schools-not-reached-{filters.years}-years.csv",
    )
