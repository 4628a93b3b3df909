from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property

from hubs.forms import HubDetailsForm, HubEditForm, HubSchoolFilterForm
from hubs.selectors import (
    SchoolFilters,
    hub_area_local_authorities,
    hub_dashboards_open_to,
    hub_engagement,
    hub_filter_choices,
    hub_leadership,
    hub_schools,
    hub_schools_count,
    hub_visible_to,
    hubs_for_list,
)
from hubs.services import HubAreaConflict, hub_update
from hubs_portal.downloads import attachment, csv_lines
from mastery.journey import stage_label
from schools.enums import Phase

SCHOOLS_PER_PAGE = 50


def hub_list(request):
    hubs = list(hubs_for_list())
    open_ids = hub_dashboards_open_to(request.user)
    for hub in hubs:
        hub.dashboard_open = open_ids is None or hub.pk in open_ids
    return render(request, "hubs/hub_list.html", {"hubs": hubs})


def _visible_hub(request, slug):
    hub = hub_visible_to(slug=slug, user=request.user)
    if hub is None:
        raise Http404("No such hub.")
    return hub


def _filtered_schools(request, hub):
    local_authorities, trusts = hub_filter_choices(hub=hub)
    form = HubSchoolFilterForm(request.GET or None, local_authorities=local_authorities, trusts=trusts)
    filters = SchoolFilters()
    if form.is_valid():
        filters = SchoolFilters(
            phase=form.cleaned_data["phase"],
            local_authority=form.cleaned_data["local_authority"],
            trust=form.cleaned_data["trust"],
            engaged=form.engaged_value(),
            query=form.cleaned_data["q"].strip(),
            stage=form.cleaned_data["stage"],
        )
    return form, filters, hub_schools(hub=hub, filters=filters)


class CountedPaginator(Paginator):
    """A paginator told how many objects there are when that is known already (``count``), so it does not count
    the whole list again; None: it counts, as any paginator."""

    def __init__(self, object_list, per_page, *, count: int | None):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return Paginator.count.func(self) if self.known_count is None else self.known_count


@login_required
def hub_dashboard(request, slug):
    hub = _visible_hub(request, slug)
    form, filters, schools = _filtered_schools(request, hub)
    engagement = hub_engagement(hub=hub)
    paginator = CountedPaginator(
        schools, SCHOOLS_PER_PAGE, count=hub_schools_count(engagement=engagement, filters=filters)
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hubs/hub_dashboard.html",
        {
            "hub": hub,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "engagement": engagement,
            # Names of the hub's people: its members and site admins (hubs.view_hub_people), not NCETM staff.
            "leadership": hub_leadership(hub=hub) if request.user.has_perm("hubs.view_hub_people", hub) else None,
            "lead_schools": list(hub.lead_schools.order_by("name").only("name", "urn")),
            "area": hub_area_local_authorities(hub=hub),
            "can_edit": request.user.has_perm("hubs.change_hub_area", hub),
            "can_edit_details": request.user.has_perm("hubs.change_hub_details", hub),
            "can_manage_people": request.user.has_perm("hubs.manage_hub_people", hub),
            "can_open_schools": request.user.has_perm("mastery.view_hub_school", hub),
        },
    )


@login_required
def hub_schools_csv(request, slug):
    """The dashboard's filtered school list as CSV, streamed row by row."""
    hub = _visible_hub(request, slug)
    _, _, schools = _filtered_schools(request, hub)
    rows = schools.values_list(
        "urn",
        "name",
        "phase",
        "type_name",
        "local_authority__name",
        "trust__name",
        "postcode",
        "number_of_pupils",
        "percentage_fsm",
        "engaged",
        "journey_rank",
    )
    phases = dict(Phase.choices)

    def lines():
        yield [
            "URN", "Name", "Phase", "Type", "Local authority", "Trust", "Postcode", "Pupils", "% FSM", "Engaged",
            "TfM stage",
        ]  # fmt: skip
        for urn, name, phase, type_name, la, trust, postcode, pupils, fsm, engaged, rank in rows.iterator(
            chunk_size=2000
        ):
            yield [
                urn,
                name,
                phases.get(phase, phase),
                type_name,
                la or "",
                trust or "",
                postcode,
                "" if pupils is None else pupils,
                "" if fsm is None else fsm,
                "yes" if engaged else "no",
                stage_label(rank),
            ]

    def stream():
        yield "\ufeff"  # BOM: spreadsheet programs then read the accents in school names correctly
        yield from csv_lines(lines())

    return attachment(
        StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8"), f"{hub.slug}-schools.csv"
    )


@login_required
def hub_edit(request, slug):
    hub = _visible_hub(request, slug)
    if not request.user.has_perm("hubs.change_hub_area", hub):
        raise PermissionDenied("Only NCETM staff change a hub's area and lead schools.")
    form = HubEditForm(request.POST if request.method == "POST" else None, instance=hub)
    if request.method == "POST" and form.is_valid():
        try:
            hub_update(
                hub=hub,
                local_authorities=list(form.cleaned_data["local_authorities"]),
                lead_schools=form.cleaned_data["lead_school_urns"],
                details={name: form.cleaned_data[name] for name in HubEditForm.Meta.fields},
                moved_schools=form.cleaned_data["moved_school_urns"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except HubAreaConflict as conflict:
            form.add_error("local_authorities", str(conflict))
        else:
            messages.success(request, f"{hub} saved.")
            return redirect("hubs:dashboard", slug=hub.slug)
    return render(request, "hubs/hub_form.html", {"hub": hub, "form": form})


@login_required
def hub_details_edit(request, slug):
    """The hub lead's edit of their hub's contact details and lead schools; the area stays with NCETM staff."""
    hub = _visible_hub(request, slug)
    if not request.user.has_perm("hubs.change_hub_details", hub):
        raise PermissionDenied("Only the hub's lead changes its contact details and lead schools.")
    form = HubDetailsForm(request.POST if request.method == "POST" else None, instance=hub)
    if request.method == "POST" and form.is_valid():
        hub_update(
            hub=hub,
            local_authorities=None,
            lead_schools=form.cleaned_data["lead_school_urns"],
            details=form.details(),
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"{hub} saved.")
        return redirect("hubs:dashboard", slug=hub.slug)
    return render(
        request, "hubs/hub_form.html", {"hub": hub, "form": form, "heading": f"Contact and lead schools of {hub}"}
    )
