"""The pages the accessibility test (``test_accessibility.py``) checks, each as the role that uses it.

The test seeds the demo network (``seed_demo``: Matrix hub, its Work Groups, people, reports data) and runs a
reminders sweep, then opens every page below at 1280 and 390 px (axe-core: no serious or critical violation)
and at 390 and 320 px (no sideways scroll).

To add your page, append a ``Page`` to ``PAGES`` (or to the list of your area):

    Page("Hub people", "hublead", lambda: reverse("hubs:people", args=["matrix"]))

- ``role`` is the local part of a demo login (``teacher``, ``participant5``, ``wglead``, ``hublead``,
  ``hubadmin``, ``otherlead``, ``ncetm``, ``admin``, ``specialist``; see ``hubs/demo.py``, ``workgroups/demo.py``,
  ``mastery/demo.py``), or ``None`` for someone not logged in.
- ``url`` is a path, or a function called after the demo is seeded that returns one (look objects up with the
  helpers below; create what the demo lacks there too).
- ``status`` is the HTTP status the page answers with (the error pages).
- ``then`` is an optional function given the Playwright page after it loads, to bring it to the state to check
  (submit a form empty to see its error summary, open a folded section).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from hubs.enums import PersonRole
from hubs.invitation_links import invitation_token
from hubs.models import Hub, Invitation, school_in_hub_q
from mastery.enums import AccreditationKind, AccreditationPhase, AccreditationStatus
from mastery.models import Accreditation, OpenLesson
from mastery.models.accreditation import reregistration_due_for
from notifications.unsubscribe import unsubscribe_token
from reports.surveys import impact_survey_token
from schools.links import school_link_token
from schools.models import GiasImportRun, School
from workgroups.enums import MailKind
from workgroups.models import NationalProject, Registration, Session, WorkGroup
from workgroups.services import consent_token_make


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None
    url: str | Callable[[], str]
    status: int = 200
    then: Callable | None = None

    def path(self) -> str:
        return self.url() if callable(self.url) else self.url


# --------------------------------------------------------------------------- look-ups in the demo data


def demo_user(role: str) -> User:
    return User.objects.get(email=f"{role}@demo.mathshubs.test")


def demo_work_group(code_ends: str) -> WorkGroup:
    """The demo's Work Group whose code ends so: ``MAT-01`` (open, registrations to decide), ``MAT-02``
    (running, Ely, session 2 today), ``MAT-REM`` (reminders demo); the draft is ``demo_draft_work_group()``."""
    return WorkGroup.objects.filter(code__endswith=code_ends, status__in=["open", "running"]).get()


def demo_draft_work_group() -> WorkGroup:
    return WorkGroup.objects.get(status="draft", hub__slug="matrix")


def demo_completed_work_group() -> WorkGroup:
    return WorkGroup.objects.filter(status="completed", hub__slug="matrix").order_by("-academic_year__start_year")[0]


def demo_session(code_ends: str, number: int) -> Session:
    return Session.objects.get(work_group=demo_work_group(code_ends), number=number)


def demo_registration(work_group: WorkGroup, role: str = "teacher") -> Registration:
    return Registration.objects.get(work_group=work_group, teacher=demo_user(role))


def _membership(role: str) -> int:
    """The id of a demo person's role in the Matrix hub."""
    return demo_user(role).hub_memberships.get(hub__slug="matrix").pk


def _invitation_link(email: str) -> str:
    """The link of an invitation to lead the demo's open Work Group (made here: the demo has none)."""
    work_group = demo_work_group("MAT-01")
    invitation, _ = Invitation.objects.get_or_create(
        email=email, role=PersonRole.WORK_GROUP_LEAD, hub=work_group.hub, work_group=work_group, status="pending"
    )
    return reverse("hubs:invitation", args=[invitation_token(invitation=invitation)])


def _unsubscribe_link() -> str:
    """The link in the demo teacher's session reminders that stops them."""
    recipient = f"user:{demo_user('teacher').pk}"
    return reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(kind=MailKind.SESSION_REMINDER, recipient_key=recipient)]
    )


def _lead_remove() -> str:
    """The confirmation of taking the demo's Work Group lead off the open Work Group."""
    work_group = demo_work_group("MAT-01")
    return reverse("hubs:lead_remove", args=["matrix", work_group.pk, work_group.leads.order_by("pk")[0].pk])


def demo_specialist(email_local: str) -> int:
    """The id of a demo person's place on the Mastery Specialist programme (``mastery/demo.py``)."""
    return demo_user(email_local).mastery_specialisms.get().pk


def demo_pd_lead(email_local: str) -> Accreditation:
    """A demo specialist's PD Lead accreditation (``mastery/demo.py``)."""
    return Accreditation.objects.get(specialist=demo_specialist(email_local), kind=AccreditationKind.PD_LEAD)


def _decide(accreditation: Accreditation) -> str:
    return reverse("mastery:accreditation_decide", args=[accreditation.pk])


def _reregistration_due() -> Accreditation:
    """The demo has no accreditation due for re-registration (its cohorts are too young): Sunita's Early Years one."""
    granted = timezone.localdate().replace(day=1, month=1) - datetime.timedelta(days=3 * 365 + 30)
    return Accreditation.objects.get_or_create(
        specialist_id=demo_specialist("specialist.sustaining"),
        kind=AccreditationKind.PD_LEAD,
        phase=AccreditationPhase.EARLY_YEARS,
        defaults={
            "status": AccreditationStatus.REREGISTRATION_DUE,
            "accredited_on": granted,
            "reregistration_due_on": reregistration_due_for(granted),
        },
    )[0]


def _url(name: str, *args) -> Callable[[], str]:
    return lambda: reverse(name, args=args)


def _consent_link() -> str:
    registration = Registration.objects.filter(work_group=demo_work_group("MAT-01"), consent_status="pending").first()
    return reverse("workgroups:consent", args=[consent_token_make(registration=registration)])


def _school_link() -> str:
    """The school page of the demo's school with a consent request waiting (teachers this year and last)."""
    registration = Registration.objects.filter(work_group=demo_work_group("MAT-01"), consent_status="pending").first()
    token = school_link_token(school_id=registration.school_id, email=registration.headteacher_email)
    return reverse("reports:school_page", args=[token])


def _school_link_with_journey() -> str:
    """The school page of a demo school along the Teaching for Mastery journey (it reached Sustaining:
    ``mastery.demo_open_lessons.seed_journeys``), so the page has its year-by-year history."""
    school = School.objects.get(
        registrations__work_group__code__endswith="-MAT-J",
        journey_override__isnull=True,
        registrations__work_group__project__journey_stage="sustaining",
    )
    return reverse("reports:school_page", args=[school_link_token(school_id=school.pk, email="head@demo-school.test")])


def _impact_survey_link() -> str:
    registration = demo_registration(demo_work_group("MAT-02"))
    token = impact_survey_token(school_id=registration.school_id, academic_year_id=registration.academic_year_id)
    return reverse("reports:impact_survey", args=[token])


def _gias_import_run() -> str:
    run = GiasImportRun.objects.create(
        original_name="edubasealldata.csv",
        status="done",
        rows_total=67,
        rows_done=67,
        created_count=3,
        updated_count=2,
        closed_count=1,
        unchanged_count=57,
        rejected_count=1,
        rejects=[{"line": 65, "urn": "9001O4", "name": "Typo Primary School", "reason": "non-numeric URN"}],
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    return reverse("schools:import_run", args=[run.pk])


# --------------------------------------------------------------------------- states to check


# Every form's browser checks off and its text fields emptied (a form that shows saved values has them too).
CLEAR_FORMS = """() => document.querySelectorAll("form").forEach(form => {
  form.noValidate = true;
  form.querySelectorAll("textarea, input:not([type]), input[type=text], input[type=email], input[type=number]")
    .forEach(field => { field.value = ""; });
})"""


def submit_empty(button: str) -> Callable:
    """Empty the form's text fields and press its button (``novalidate`` is not needed: the test turns the
    browser's own checks off), so the page shows its error summary; it must (GOV.UK's pattern: "There is a
    problem", focus on it, the title starting "Error:"), or the error state is not the one checked."""

    def then(page):
        page.evaluate(CLEAR_FORMS)
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        expect(page).to_have_title(re.compile(r"^Error: "))

    return then


def choose_and_submit(label: str, button: str, heading: str) -> Callable:
    """Choose the radio button ``label`` and press ``button``: the page the form leads to (a confirmation), whose
    heading is ``heading``."""

    def then(page):
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    return then


def make_api_token(page):
    """Make a token on the API tokens page, so it shows the new secret once and the list of tokens."""
    page.get_by_label("Name").fill("Hub CRM nightly sync")
    page.get_by_role("button", name="Make token", exact=True).click()
    page.wait_for_load_state()


def swagger_ui_drawn(page):
    """Swagger UI draws the API reference from the schema after the page loads: check it once drawn."""
    page.wait_for_selector(".swagger-ui .opblock")


def open_folds(page) -> None:
    """Open every folded section (<details>), so what is inside is checked too."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


# --------------------------------------------------------------------------- the pages

PUBLIC = [
    Page("Home (not logged in)", None, "/"),
    Page("Log in", None, _url("account_login")),
    Page("Log in with errors", None, _url("account_login"), then=submit_empty("Log in")),
    Page("Sign up", None, _url("account_signup")),
    Page("Sign up with errors", None, _url("account_signup"), then=submit_empty("Sign up")),
    Page("Reset password", None, _url("account_reset_password")),
    Page("Find a Work Group (not logged in)", None, _url("workgroups:find")),
    Page("Maths Hubs", None, _url("hubs:list")),
    Page("Headteacher's consent", None, _consent_link),
    Page("Impact survey", None, _impact_survey_link),
    Page("Headteacher's school page", None, _school_link),
    Page("Headteacher's school page with its Teaching for Mastery history", None, _school_link_with_journey),
    Page(
        "Headteacher's school page, link asked for with errors",
        None,
        _school_link,
        then=submit_empty("E-mail me a new link"),
    ),
    Page("Impact survey with errors", None, _impact_survey_link, then=submit_empty("Send our answers")),
    Page("Invitation (signed out)", None, lambda: _invitation_link("invited@school.example")),
    Page("Invitation link not valid", None, _url("hubs:invitation", "not-a-token")),
    Page("Not found (404)", None, "/no-such-page/", status=404),
    Page("Privacy notice", None, _url("privacy")),
    Page("Accessibility statement", None, _url("accessibility")),
    Page("Reset password with errors", None, _url("account_reset_password"), then=submit_empty("Send the link")),
    Page("Stop an e-mail (unsubscribe link)", None, _unsubscribe_link),
]

TEACHER = [
    Page("Home (teacher)", "teacher", "/"),
    Page("Find a Work Group", "teacher", _url("workgroups:find")),
    Page("Work Group page", "teacher", lambda: reverse("workgroups:detail", args=[demo_work_group("MAT-01").pk])),
    Page(
        "Registration form",
        "participant5",
        lambda: reverse("workgroups:register_for", args=[demo_work_group("MAT-01").pk]),
    ),
    Page(
        "Registration form with errors",
        "participant5",
        lambda: reverse("workgroups:register_for", args=[demo_work_group("MAT-01").pk]),
        then=submit_empty("Register"),
    ),
    Page("My CPD", "teacher", _url("workgroups:my_cpd")),
    Page("Profile", "teacher", _url("accounts:profile")),
    Page("Your data", "teacher", _url("accounts:your_data")),
    Page("Two-factor authentication", "teacher", _url("mfa_index")),
    Page("Close your account", "teacher", _url("accounts:close")),
    Page("Close your account with errors", "teacher", _url("accounts:close"), then=submit_empty("Close my account")),
    Page("Calendar", "teacher", _url("workgroups:calendar")),
    Page("Change password", "teacher", _url("account_change_password")),
    Page(
        "Change password with errors",
        "teacher",
        _url("account_change_password"),
        then=submit_empty("Change password"),
    ),
    Page("Log out", "teacher", _url("account_logout")),
    Page(
        "Reflection form",
        "teacher",
        lambda: reverse(
            "workgroups:task_response",
            args=[demo_registration(demo_work_group("MAT-02")).pk, demo_session("MAT-02", 1).pk],
        ),
    ),
    Page(
        "Reflection form with errors",
        "teacher",
        lambda: reverse(
            "workgroups:task_response",
            args=[demo_registration(demo_work_group("MAT-02")).pk, demo_session("MAT-02", 1).pk],
        ),
        then=submit_empty("Save reflection"),
    ),
    Page(
        "Evaluation form",
        "teacher",
        lambda: reverse("workgroups:evaluation", args=[demo_registration(demo_completed_work_group()).pk]),
    ),
    Page(
        "Evaluation form with errors",
        "teacher",
        lambda: reverse("workgroups:evaluation", args=[demo_registration(demo_completed_work_group()).pk]),
        then=submit_empty("Send evaluation"),
    ),
    Page(
        "Withdraw: confirmation",
        "teacher",
        lambda: reverse("workgroups:withdraw", args=[demo_registration(demo_work_group("MAT-02")).pk]),
    ),
    Page("E-mail preferences", "teacher", _url("notifications:preferences")),
    Page("Invitation (signed in)", "teacher", lambda: _invitation_link("teacher@demo.mathshubs.test")),
    Page("Forbidden (403)", "teacher", _url("schools:import"), status=403),
    Page("Home (Mastery Specialist)", "specialist", "/"),
    Page(
        "Your Mastery Specialist programme",
        "specialist",
        lambda: reverse("mastery:specialist", args=[demo_specialist("specialist")]),
    ),
    Page(
        "Your Mastery Specialist profile",
        "specialist",
        lambda: reverse("reports:specialist_profile", args=[demo_specialist("specialist")]),
    ),
]

WORK_GROUP_LEAD = [
    Page("Work Groups I lead", "wglead", _url("workgroups:led")),
    Page("Take the register", "wglead", lambda: reverse("workgroups:register", args=[demo_session("MAT-02", 2).pk])),
    Page(
        "Reflections",
        "wglead",
        lambda: reverse("workgroups:reflections", args=[demo_work_group("MAT-02").pk]),
    ),
    Page(
        "Attendance grid",
        "wglead",
        lambda: reverse("workgroups:attendance", args=[demo_work_group("MAT-02").pk]),
    ),
    Page(
        "Session form (lead)",
        "wglead",
        lambda: reverse("workgroups:session_edit", args=[demo_session("MAT-02", 3).pk]),
    ),
]

HUB = [
    Page("Home (hub lead)", "hublead", "/"),
    Page("Hub dashboard", "hublead", _url("hubs:dashboard", "matrix")),
    Page("Schools not yet reached", "hublead", _url("hubs:not_reached", "matrix")),
    Page("Hub Work Groups", "hublead", _url("workgroups:hub_list", "matrix")),
    Page("Create a Work Group", "hublead", _url("workgroups:create", "matrix")),
    Page(
        "Create a Work Group with errors",
        "hublead",
        _url("workgroups:create", "matrix"),
        then=submit_empty("Create draft Work Group"),
    ),
    Page(
        "Manage an open Work Group (approvals)",
        "hublead",
        lambda: reverse("workgroups:manage", args=[demo_work_group("MAT-01").pk]),
    ),
    Page(
        "Manage a running Work Group",
        "hubadmin",
        lambda: reverse("workgroups:manage", args=[demo_work_group("MAT-02").pk]),
    ),
    Page("Manage a draft", "hublead", lambda: reverse("workgroups:manage", args=[demo_draft_work_group().pk])),
    Page("Edit a Work Group", "hublead", lambda: reverse("workgroups:edit", args=[demo_work_group("MAT-01").pk])),
    Page(
        "Plan a session",
        "hublead",
        lambda: reverse("workgroups:session_create", args=[demo_work_group("MAT-01").pk]),
    ),
    Page(
        "Cancel a Work Group: confirmation",
        "hublead",
        lambda: reverse("workgroups:cancel", args=[demo_work_group("MAT-01").pk]),
    ),
    Page(
        "Mark completed: refused before the last session",
        "hublead",
        lambda: reverse("workgroups:complete", args=[demo_work_group("MAT-02").pk]),
    ),
    Page(
        "Cancel a session: confirmation",
        "hublead",
        lambda: reverse("workgroups:session_cancel", args=[demo_session("MAT-01", 1).pk]),
    ),
    Page(
        "Plan a session with errors",
        "hublead",
        lambda: reverse("workgroups:session_create", args=[demo_work_group("MAT-01").pk]),
        then=submit_empty("Save session"),
    ),
    Page("Half-term dates", "hublead", _url("workgroups:half_terms", "matrix")),
    Page("Reminder schedule", "hublead", _url("workgroups:reminder_schedule", "matrix")),
    Page(
        "Reminder schedule with errors",
        "hublead",
        _url("workgroups:reminder_schedule", "matrix"),
        then=submit_empty("Save schedule"),
    ),
    Page("Hub report", "hublead", _url("reports:hub", "matrix"), then=open_folds),
    Page("Hub report trend", "hublead", _url("reports:hub_trend", "matrix")),
    Page("Hub report: Mastery Specialists", "hublead", _url("reports:hub_specialists", "matrix"), then=open_folds),
    Page("Hub's e-mails (outbox)", "hublead", _url("notifications:hub_outbox", "matrix")),
    Page("Audit trail (hub lead)", "hublead", _url("audit:list")),
    Page("Hub people", "hublead", _url("hubs:people", "matrix")),
    Page(
        "Remove a role (confirmation)",
        "hublead",
        lambda: reverse("hubs:role_remove", args=["matrix", _membership("hubadmin")]),
    ),
    Page("Take a Work Group lead off (confirmation)", "hublead", _lead_remove),
    Page("Invite someone", "hublead", _url("hubs:invite", "matrix")),
    Page(
        "Invite someone with errors",
        "hublead",
        _url("hubs:invite", "matrix"),
        then=submit_empty("Send the invitation"),
    ),
    Page("Edit contact and lead schools", "hublead", _url("hubs:edit_details", "matrix")),
    Page(
        "Edit contact and lead schools with errors",
        "hublead",
        _url("hubs:edit_details", "matrix"),
        then=submit_empty("Save"),
    ),
    Page(
        "E-mails about a session",
        "hublead",
        lambda: reverse(
            "notifications:topic_outbox", args=["matrix", "workgroups.session", demo_session("MAT-REM", 2).pk]
        ),
    ),
]

MASTERY_HUB = [
    Page("Hub Mastery Specialists", "hublead", _url("mastery:hub_specialists", "matrix")),
    Page("Nominate a Mastery Specialist", "hublead", _url("mastery:nominate", "matrix")),
    Page(
        "Nominate a Mastery Specialist with errors",
        "hublead",
        _url("mastery:nominate", "matrix"),
        then=submit_empty("Nominate"),
    ),
    Page(
        "A Mastery Specialist (hub lead)",
        "hublead",
        lambda: reverse("mastery:specialist", args=[demo_specialist("wglead")]),
    ),
    Page(
        "Record a specialist's milestones",
        "hublead",
        lambda: reverse("mastery:milestones", args=[demo_specialist("wglead")]),
    ),
    Page(
        "A Mastery Specialist's profile (hub lead)",
        "hublead",
        lambda: reverse("reports:specialist_profile", args=[demo_specialist("wglead")]),
    ),
]

MASTERY_NCETM = [
    Page("Mastery Specialist cohorts", "ncetm", _url("mastery:cohorts")),
    Page(
        "A Mastery Specialist cohort",
        "ncetm",
        lambda: reverse("mastery:cohort", args=[demo_user("wglead").mastery_specialisms.get().cohort_id]),
    ),
    Page(
        "Place a specialist in a cohort",
        "ncetm",
        lambda: reverse("mastery:place", args=[demo_specialist("wglead")]),
    ),
    Page(
        "A Mastery Specialist's accreditations (NCETM staff)",
        "ncetm",
        lambda: reverse("mastery:specialist", args=[demo_specialist("specialist.sustaining")]),
    ),
    Page(
        "Start an accreditation",
        "ncetm",
        lambda: reverse("mastery:accreditation_new", args=[demo_specialist("wglead")]),
    ),
    Page(
        "Start an accreditation with errors",
        "ncetm",
        lambda: reverse("mastery:accreditation_new", args=[demo_specialist("wglead")]),
        then=submit_empty("Start the accreditation"),
    ),
    Page("Record an accreditation decision", "ncetm", lambda: _decide(demo_pd_lead("wglead"))),
    Page(
        "Record an accreditation decision with errors",
        "ncetm",
        lambda: _decide(demo_pd_lead("wglead")),
        then=submit_empty("Record the decision"),
    ),
    Page(
        "Confirm an accreditation lapsing",
        "ncetm",
        lambda: _decide(_reregistration_due()),
        then=choose_and_submit("Lapsed", "Record the decision", "Record the accreditation as lapsed?"),
    ),
]

NCETM = [
    Page("Home (NCETM staff)", "ncetm", "/"),
    Page("Network report", "ncetm", _url("reports:network")),
    Page("Network report, every section open", "ncetm", _url("reports:network"), then=open_folds),
    Page("Network trend", "ncetm", _url("reports:network_trend")),
    Page("Network report: Mastery Specialists", "ncetm", _url("reports:network_specialists"), then=open_folds),
    Page("National projects", "ncetm", _url("workgroups:project_list")),
    Page("National project form", "ncetm", _url("workgroups:project_create")),
    Page(
        "National project form with errors",
        "ncetm",
        _url("workgroups:project_create"),
        then=submit_empty("Save project"),
    ),
    Page(
        "Edit a national project",
        "ncetm",
        lambda: reverse("workgroups:project_edit", args=[NationalProject.objects.order_by("-pk")[0].pk]),
    ),
    Page("Edit a hub's area", "ncetm", _url("hubs:edit", "matrix")),
    Page("Hub leads and NCETM staff", "ncetm", _url("hubs:network_people")),
    Page("Invite a hub lead or NCETM staff", "ncetm", _url("hubs:network_invite")),
    Page(
        "Invite a hub lead or NCETM staff with errors",
        "ncetm",
        _url("hubs:network_invite"),
        then=submit_empty("Send the invitation"),
    ),
    Page("Schools register import", "ncetm", _url("schools:import")),
    Page(
        "Schools register import with errors",
        "ncetm",
        _url("schools:import"),
        then=submit_empty("Upload and import"),
    ),
    Page("Schools register import run", "ncetm", _gias_import_run),
    Page("Impact survey questions", "ncetm", _url("reports:survey_questions")),
    Page("Audit trail", "ncetm", _url("audit:list")),
    Page("API reference", "ncetm", _url("api:docs"), then=swagger_ui_drawn),
]

API = [
    Page("API tokens", "teacher", _url("api_tokens:list")),
    Page("API tokens with errors", "teacher", _url("api_tokens:list"), then=submit_empty("Make token")),
    Page("API token made", "hublead", _url("api_tokens:list"), then=make_api_token),
]


def _demo_open_lesson(focus: str = "Reasoning with fractions"):
    return OpenLesson.objects.get(focus=focus, specialist__user__email="wglead@demo.mathshubs.test")


def _hub_calendar_of_demo_lesson() -> str:
    month = timezone.localtime(_demo_open_lesson().starts_at).strftime("%Y-%m")
    return reverse("mastery:hub_calendar", args=["matrix"]) + f"?month={month}"


def _demo_journey_school(index: int) -> str:
    """The school page of the demo's journey schools (``mastery.demo.seed_journeys``: 0 recorded, 1-4 derived)."""
    matrix = Hub.objects.get(slug="matrix")
    school = School.objects.open().filter(school_in_hub_q(matrix)).order_by("urn")[3 + index]
    return reverse("mastery:hub_school", args=["matrix", school.urn])


OPEN_LESSONS = [
    Page("Open lessons", "teacher", _url("mastery:open_lessons")),
    Page("Open lesson (booked)", "teacher", lambda: reverse("mastery:open_lesson", args=[_demo_open_lesson().pk])),
    Page(
        "Open lesson with its bookings (host)",
        "wglead",
        lambda: reverse("mastery:open_lesson", args=[_demo_open_lesson().pk]),
    ),
    Page(
        "Open lesson cancelled",
        "teacher",
        lambda: reverse("mastery:open_lesson", args=[_demo_open_lesson("Place value with Dienes").pk]),
    ),
    Page("Plan an open lesson", "hublead", _url("mastery:open_lesson_create", "matrix")),
    Page(
        "Plan an open lesson with errors",
        "hublead",
        _url("mastery:open_lesson_create", "matrix"),
        then=submit_empty("Save the open lesson"),
    ),
    Page(
        "Cancel an open lesson with errors",
        "hublead",
        lambda: reverse("mastery:open_lesson_cancel", args=[_demo_open_lesson("Fluency in number bonds").pk]),
        then=submit_empty("Cancel the open lesson"),
    ),
    Page("Hub calendar", "hublead", _hub_calendar_of_demo_lesson),
    Page("School page (Embedding, repeated)", "hublead", lambda: _demo_journey_school(3)),
    Page(
        "School page, recording the stage with errors",
        "hublead",
        lambda: _demo_journey_school(0),
        then=lambda page: (open_folds(page), submit_empty("Record the stage")(page)),
    ),
]


PAGES: list[Page] = PUBLIC + TEACHER + WORK_GROUP_LEAD + HUB + NCETM + API + OPEN_LESSONS
PAGES: list[Page] = PUBLIC + TEACHER + WORK_GROUP_LEAD + HUB + MASTERY_HUB + NCETM + MASTERY_NCETM + API
