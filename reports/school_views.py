"""A headteacher's school page, reached from a signed link (no account): their school's CPD as a whole.

The link comes with every consent request (``workgroups.mail_kinds.registrations``) and, on request, from the page
itself (``reports.services.school_link_request``). It shows one school only and expires (``schools.links``);
every view is recorded in the audit trail.
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse

from hubs_portal.caching import personal_data
from reports.forms import SchoolLinkRequestForm
from reports.school_page import school_for_page, school_page
from reports.services import school_link_request, school_page_view_record
from schools.links import school_link_read
from workgroups.services import consent_token_make


@personal_data
def school_page_view(request, token):
    """GET: the school's page (or, for an expired link, only the offer of a fresh one). POST: "e-mail me my
    school's link", answered the same whether or not the address matched."""
    try:
        link = school_link_read(token)
    except signing.BadSignature:
        return render(request, "reports/school_page_invalid.html", status=400)
    school = school_for_page(school_id=link.school_id)
    if school is None:
        return render(request, "reports/school_page_invalid.html", status=400)

    form = SchoolLinkRequestForm(request.POST or None)
    requested = False
    if request.method == "POST" and form.is_valid():
        school_link_request(school=school, email=form.cleaned_data["email"])
        requested, form = True, SchoolLinkRequestForm()
    context = {"school": school, "form": form, "requested": requested, "days": settings.SCHOOL_LINK_DAYS}
    if link.expired:
        return render(request, "reports/school_page_expired.html", context, status=200 if requested else 400)

    page = school_page(school=school)
    school_page_view_record(school=school, email=link.email)
    context["page"] = page
    context["awaiting"] = [
        (registration, reverse("workgroups:consent", args=[consent_token_make(registration=registration)]))
        for registration in page.awaiting
    ]
    return render(request, "reports/school_page.html", context)
