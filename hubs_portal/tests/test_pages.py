"""What every page shares: messages shown in the section acted on, the error summary, the error pages, the
favicon and the accessibility statement."""

import re

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubMembershipFactory
from hubs_portal.feedback import SECTION_TAG, redirect_to_section
from workgroups.enums import ConsentStatus, RegistrationStatus
from workgroups.tests.factories import RegistrationFactory, WorkGroupFactory

SECTIONED_PAGE = Template(
    "{% load portal %}{% placing_messages %}"
    '<section id="registrations">{% section_messages "registrations" %}<table></table></section>'
    "{% endplacing_messages %}"
)


def _section_of(html: str, text: str) -> str:
    """What comes before the message in the page: '<section…' when it was placed inside the section."""
    return html[: html.index(text)]


def test_message_for_a_section_is_shown_inside_it_and_announced():
    found = [Message(constants.SUCCESS, "2 registration(s) approved.", extra_tags=f"{SECTION_TAG}registrations")]

    html = SECTIONED_PAGE.render(Context({"messages": found}))

    assert _section_of(html, "2 registration(s) approved.").startswith('<section id="registrations">')
    assert re.search(r'role="status" tabindex="-1" data-portal-message>2 registration\(s\) approved\.', html)
    assert html.count("approved.") == 1


def test_error_message_for_a_section_is_an_alert():
    found = [Message(constants.ERROR, "Choose an action.", extra_tags=f"{SECTION_TAG}registrations")]

    html = SECTIONED_PAGE.render(Context({"messages": found}))

    assert 'role="alert"' in html and 'class="alert alert-danger"' in html


def test_message_for_a_section_the_page_lacks_is_shown_at_the_top():
    found = [
        Message(constants.SUCCESS, "Session 2 is saved.", extra_tags=f"{SECTION_TAG}sessions"),
        Message(constants.INFO, "Plain message."),
    ]

    html = SECTIONED_PAGE.render(Context({"messages": found}))

    before_section = html[: html.index('<section id="registrations">')]
    assert "Session 2 is saved." in before_section and "Plain message." in before_section


def test_redirect_to_section_lands_on_the_section():
    response = redirect_to_section("workgroups:manage", 7, section="registrations")

    assert response.url == "/work-groups/7/manage/#registrations"


@pytest.mark.django_db
def test_approving_on_the_manage_page_tells_the_lead_in_the_registrations_section(client):
    work_group = WorkGroupFactory()
    lead = HubMembershipFactory(hub=work_group.hub, role=HubRole.LEAD).user
    registration = RegistrationFactory(work_group=work_group, consent_status=ConsentStatus.CONFIRMED)
    client.force_login(lead)

    response = client.post(
        reverse("workgroups:decide", args=[work_group.pk]), {"action": "approve", "registration": [registration.pk]}
    )
    assert response.url.endswith("/manage/#registrations")
    page = client.get(response.url.split("#")[0]).content.decode()

    section = page[page.index('<section id="registrations"') :]
    assert "1 registration(s) approved." in section
    assert "1 registration(s) approved." not in page[: page.index('<section id="registrations"')]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED


@pytest.mark.django_db
def test_form_with_errors_has_error_summary_linking_each_field_and_error_title(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-address"})

    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Error: Sign up", page)
    summary = page[page.index("data-error-summary") : page.index("</ul>", page.index("data-error-summary"))]
    assert "There is a problem" in summary
    assert '<a href="#id_full_name">Full name: This field is required.</a>' in summary
    assert '<a href="#id_email">E-mail address: Enter a valid email address.</a>' in summary
    assert '<a href="#id_password1">' in summary
    # The summary comes before the form, and the page without errors has none.
    assert page.index("data-error-summary") < page.index("<form")
    assert "data-error-summary" not in client.get(reverse("account_signup")).content.decode()


@pytest.mark.django_db
def test_sign_up_fields_say_what_to_autocomplete(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert re.search(r'name="full_name"[^>]*autocomplete="name"', page)
    assert re.search(r'name="email"[^>]*autocomplete="email"', page)
    assert re.search(r'name="password1"[^>]*autocomplete="new-password"', page)
    assert "Fields marked * must be filled in." in page


@pytest.mark.django_db
def test_log_in_page_uses_the_portal_wording(client):
    page = client.get(reverse("account_login")).content.decode()

    assert "<h1" in page and ">Log in</h1>" in page
    assert ">Log in</button>" in page and "Remember me" in page and "E-mail address" in page
    for other in ("Sign In", "Sign in", "Remember Me", "Sign Up"):
        assert other not in page


@pytest.mark.django_db
def test_not_found_page_is_in_the_portal_layout_with_a_way_back(client):
    response = client.get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en-GB">' in page and "Page not found" in page
    assert 'href="/">Go to the home page' in page and "Skip to main content" in page


@pytest.mark.django_db
def test_forbidden_page_is_in_the_portal_layout_with_a_way_back(client):
    client.force_login(UserFactory())

    response = client.get(reverse("schools:import"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in page and 'href="/">Go to the home page' in page
    assert 'aria-label="Main navigation"' in page


def test_server_error_page_is_in_the_layout_without_touching_the_database():
    # No django_db mark: any query here raises, as it would with the database down.
    response = server_error(RequestFactory().get("/work-groups/my-cpd/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en-GB">' in page and "Sorry, there is a problem with the service" in page
    assert 'href="/">Go to the home page' in page and "Accessibility statement" in page


@pytest.mark.django_db
def test_favicon_is_served_at_the_root_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_accessibility_statement_is_linked_from_the_footer(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@hubs.example"
    home = client.get("/").content.decode()
    assert f'href="{reverse("accessibility")}">Accessibility statement' in home

    page = client.get(reverse("accessibility")).content.decode()

    for heading in ("How accessible the portal is", "Reporting accessibility problems", "Enforcement procedure"):
        assert heading in page
    assert "WCAG" in page or "Web Content Accessibility Guidelines version 2.2" in page
    assert 'href="mailto:access@hubs.example"' in page


class _AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Positive impact?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    school = forms.IntegerField(label="Your school")
    error_anchors = {"school": "school-picker"}


def test_error_summary_links_radios_to_their_first_option_and_honours_the_forms_own_anchor():
    form = _AnswerForm(data={})

    html = Template("{% load portal %}{% form_errors as errors %}{% error_summary errors %}").render(
        Context({"form": form})
    )

    assert '<a href="#id_answer_0">Positive impact: This field is required.</a>' in html
    assert '<a href="#school-picker">Your school: This field is required.</a>' in html
