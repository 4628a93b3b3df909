"""The audit trail's reading pages: hub managers read their hubs' entries, network staff every entry."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.forms import AuditFilterForm
from accounts.selectors import AuditFilters, audit_entries_filtered, audit_hubs_visible_to
from hubs_portal.downloads import attachment, csv_lines

ENTRIES_PER_PAGE = 50


def _filtered(request):
    if not request.user.has_perm("accounts.view_audit_trail"):
        raise PermissionDenied("The audit trail is for hub leads, hub administrators and NCETM staff.")
    form = AuditFilterForm(request.GET or None, hubs=audit_hubs_visible_to(request.user))
    filters = AuditFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = AuditFilters(
            hub=data["hub"],
            action=data["action"].strip(),
            query=data["q"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, audit_entries_filtered(user=request.user, filters=filters)


@login_required
def audit_list(request):
    form, entries = _filtered(request)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})


AUDIT_CSV_HEADERS = [
    "When",
    "Who",
    "Action",
    "Object type",
    "Object id",
    "Object",
    "Hub",
    "About",
    "Before",
    "After",
    "Reason",
]


@login_required
def audit_csv(request):
    """The filtered entries as CSV, streamed."""
    _, entries = _filtered(request)

    def rows():
        yield AUDIT_CSV_HEADERS
        for entry in entries.iterator(chunk_size=2000):
            yield [
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.who,
                entry.action,
                entry.target_type,
                entry.target_id,
                entry.target_label,
                entry.hub.name if entry.hub else "",
                str(entry.subject) if entry.subject else "",
                "" if entry.before is None else entry.before,
                "" if entry.after is None else entry.after,
                entry.reason,
            ]

    response = StreamingHttpResponse(csv_lines(rows()), content_type="text/csv; charset=utf-8")
    return attachment(response, f"audit-trail-{timezone.localdate():%Y-%m-%d}.csv")
