"""Home pages that show each role what needs them, each item linking to where it is done, in a fixed number of
queries whatever the size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.services import open_school_counts_rebuild
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage
from notifications.sweep import outbox_sweep
from schools.tests.factories import SchoolFactory
from workgroups.enums import ConsentStatus, RegistrationStatus, SessionStatus, WorkGroupStatus
from workgroups.models import Attendance, Evaluation, Registration, TaskResponse
from workgroups.services import work_group_figures_rebuild
from workgroups.tests.factories import AcademicYearFactory, RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db

RS = RegistrationStatus
DAY = datetime.timedelta(days=1)


def _home(client, user) -> tuple[str, int]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _task(page: str, label: str) -> str:
    """The task of ``label`` in the page's task lists, as HTML (up to the next task)."""
    start = page.rfind('class="task-list-item"', 0, page.index(label))
    end = page.find('class="task-list-item"', start + 1)
    return page[start : end if end != -1 else page.index("</ul>\n", start)]


def _hub_with_work(hub, *, groups: int):
    """``groups`` open Work Groups of ``hub``, each with: 2 registrations awaiting a decision (one consent pending
    for 10 days), 4 schools holding places of the 6 it needs, a session held yesterday with participants and no register, a
    failed reminder and an offer lapsing tomorrow."""
    now = timezone.now()
    for _ in range(groups):
        group = WorkGroupFactory(hub=hub, min_schools=6, registration_deadline=timezone.localdate() + 10 * DAY)
        RegistrationFactory(work_group=group, status=RS.APPLIED, consent_status=ConsentStatus.CONFIRMED)
        late = RegistrationFactory(work_group=group, status=RS.APPLIED)
        Registration.objects.filter(pk=late.pk).update(created_at=now - 10 * DAY)
        RegistrationFactory(work_group=group, status=RS.APPROVED, consent_status=ConsentStatus.CONFIRMED)
        RegistrationFactory(work_group=group, status=RS.OFFERED, offer_expires_at=now + DAY)
        SessionFactory(work_group=group, number=1, starts_at=now - DAY)
        SessionFactory(work_group=group, number=2, starts_at=now + 2 * DAY)
    outbox_sweep(now=now)
    OutboxMessage.objects.filter(hub=hub).update(status=OutboxStatus.FAILED)


def test_hub_lead_home_lists_what_needs_deciding_with_links(client):
    hub = HubFactory(name="Matrix")
    _hub_with_work(hub, groups=1)
    _hub_with_work(HubFactory(name="Elsewhere"), groups=1)  # another hub's work is not shown
    group = hub.work_groups.get()
    lead = HubMembershipFactory(hub=hub, role=HubRole.LEAD).user

    page, _ = _home(client, lead)

    assert "Matrix hub" in page and "Elsewhere" not in page
    manage = reverse("workgroups:manage", args=[group.pk]) + "#registrations"
    awaiting = _task(page, "Registrations awaiting a decision")
    assert "2 to do" in awaiting and f'href="{manage}">{group.code} {group.title}: 2</a>' in awaiting
    assert "1 to do" in _task(page, "Headteachers&#x27; answers outstanding for over 7 days")
    assert f"{group.code} {group.title}: 4 of 6 schools" in _task(page, "Open Work Groups below their minimum")
    session = group.sessions.get(number=1)
    assert reverse("workgroups:register", args=[session.pk]) in _task(page, "Registers not taken for sessions held")
    failed = _task(page, "E-mails that failed to send")
    assert reverse("notifications:hub_outbox", args=[hub.slug]) + "?status=failed" in failed and "to do" in failed
    assert "1 to do" in _task(page, "Offers of a place expiring within 2 days")


def test_hub_lead_home_says_nothing_to_do_when_the_register_is_taken_and_all_is_decided(client):
    hub = HubFactory()
    group = WorkGroupFactory(hub=hub, status=WorkGroupStatus.RUNNING, min_schools=1)
    participant = RegistrationFactory(work_group=group, status=RS.APPROVED, consent_status=ConsentStatus.CONFIRMED)
    session = SessionFactory(work_group=group, starts_at=timezone.now() - DAY)
    Attendance.objects.create(registration=participant, session=session, status="present")
    SessionFactory(work_group=group, starts_at=timezone.now() - 2 * DAY, status=SessionStatus.CANCELLED)

    page, _ = _home(client, HubMembershipFactory(hub=hub, role=HubRole.ADMINISTRATOR).user)

    assert page.count("Nothing to do") == 6 and "to do</strong>" not in page


def test_hub_lead_home_runs_fixed_queries_at_two_sizes(client):
    small, large = HubFactory(), HubFactory()
    _hub_with_work(small, groups=1)
    _hub_with_work(large, groups=6)

    _, few = _home(client, HubMembershipFactory(hub=small, role=HubRole.LEAD).user)
    client.logout()
    _, many = _home(client, HubMembershipFactory(hub=large, role=HubRole.LEAD).user)

    assert few == many


def _led_group(lead, *, participants: int):
    group = WorkGroupFactory(status=WorkGroupStatus.RUNNING)
    group.leads.add(lead)
    now = timezone.now()
    held = SessionFactory(work_group=group, number=1, starts_at=now - 3 * DAY, task="Try a bar model.")
    SessionFactory(work_group=group, number=2, starts_at=now + 5 * DAY)
    for _ in range(participants):
        registration = RegistrationFactory(work_group=group, status=RS.APPROVED, consent_status=ConsentStatus.CONFIRMED)
        TaskResponse.objects.create(registration=registration, session=held, reflection="It went well.")
    return group, held


def test_work_group_lead_home_lists_next_sessions_registers_and_reflections(client):
    lead = UserFactory()
    group, held = _led_group(lead, participants=2)

    page, _ = _home(client, lead)

    assert "Work Groups you lead" in page and f"{group.code} {group.title}, session 2" in page
    assert reverse("workgroups:register", args=[held.pk]) in _task(page, "Registers to take")
    reflections = _task(page, "Reflections sent in the last two weeks")
    assert "2 to do" in reflections and reverse("workgroups:reflections", args=[group.pk]) in reflections


def test_work_group_lead_home_runs_fixed_queries_at_two_sizes(client):
    one, several = UserFactory(), UserFactory()
    _led_group(one, participants=1)
    for _ in range(4):
        _led_group(several, participants=5)

    _, few = _home(client, one)
    client.logout()
    _, many = _home(client, several)

    assert few == many


def _teacher_with_history(teacher, *, groups: int):
    """A running group whose task from session 1 awaits a reflection, and completed groups (certificate ready,
    evaluation to do)."""
    now = timezone.now()
    running = WorkGroupFactory(status=WorkGroupStatus.RUNNING)
    registration = RegistrationFactory(
        work_group=running, teacher=teacher, status=RS.APPROVED, consent_status=ConsentStatus.CONFIRMED
    )
    SessionFactory(work_group=running, number=1, starts_at=now - 5 * DAY, task="Try a bar model.")
    SessionFactory(work_group=running, number=2, starts_at=now + 9 * DAY, venue="Room 4")
    for _ in range(groups):
        done = WorkGroupFactory(status=WorkGroupStatus.COMPLETED)
        SessionFactory(work_group=done, starts_at=now - 90 * DAY)
        RegistrationFactory(
            work_group=done, teacher=teacher, status=RS.COMPLETED, consent_status=ConsentStatus.CONFIRMED
        )
    return registration


def test_teacher_home_shows_next_session_task_evaluation_and_certificate(client):
    teacher = UserFactory()
    registration = _teacher_with_history(teacher, groups=1)
    completed = Registration.objects.get(teacher=teacher, status=RS.COMPLETED)

    page, _ = _home(client, teacher)

    assert "Your next session" in page and f"{registration.work_group.title}, session 2, Room 4" in page
    session = registration.work_group.sessions.get(number=1)
    reflection = _task(page, "Reflections on a classroom task")
    assert reverse("workgroups:task_response", args=[registration.pk, session.pk]) in reflection
    assert reverse("workgroups:evaluation", args=[completed.pk]) in _task(page, "Evaluations to complete")
    assert reverse("workgroups:certificate", args=[completed.pk]) in _task(page, "Certificates ready to download")

    Evaluation.objects.create(registration=completed, overall=5, impact_on_practice=4)
    TaskResponse.objects.create(registration=registration, session=session, reflection="Done.")
    page, _ = _home(client, teacher)
    assert "Nothing to do" in _task(page, "Evaluations to complete")
    assert "Nothing to do" in _task(page, "Reflections on a classroom task")


def test_teacher_home_runs_fixed_queries_at_two_sizes(client):
    one, several = UserFactory(), UserFactory()
    _teacher_with_history(one, groups=1)
    _teacher_with_history(several, groups=6)

    _, few = _home(client, one)
    client.logout()
    _, many = _home(client, several)

    assert few == many


def _network_with_falling_hub(*, hubs: int):
    """``hubs`` hubs of 4 open schools each; the first fell from 3 schools participating to 1 in the last full year,
    the others stayed at 2."""
    this = AcademicYearFactory()
    last = AcademicYearFactory(start_year=this.start_year - 1)
    before = AcademicYearFactory(start_year=this.start_year - 2)
    found = []
    for index in range(hubs):
        hub = HubFactory(name=f"Hub {index:02d}")
        schools = SchoolFactory.create_batch(4, local_authority=HubAreaFactory(hub=hub).local_authority)
        counts = (3, 1) if index == 0 else (2, 2)
        for year, count in zip((before, last), counts, strict=True):
            group = WorkGroupFactory(hub=hub, project__academic_year=year, status=WorkGroupStatus.COMPLETED)
            for school in schools[:count]:
                RegistrationFactory(work_group=group, school=school, status=RS.COMPLETED)
        found.append(hub)
    work_group_figures_rebuild()  # made with factories: the reports' kept figures and counts are computed after
    open_school_counts_rebuild()
    return found


def test_ncetm_home_shows_headlines_falling_hubs_and_imports(client):
    hubs = _network_with_falling_hub(hubs=2)

    page, _ = _home(client, UserFactory(is_ncetm_staff=True))

    assert "Schools participating" in page and f'href="{reverse("reports:network")}#engagement_by_hub"' in page
    assert (
        f'<a href="{reverse("reports:hub", args=[hubs[0].slug])}">Hub 00</a>: 75.0% → 25.0% (down 50.0 points)' in page
    )
    assert "Hub 01</a>" not in page
    assert "No extract has been uploaded in the browser yet." in page


def test_ncetm_home_runs_fixed_queries_at_two_sizes(client):
    _network_with_falling_hub(hubs=2)
    staff = UserFactory(is_ncetm_staff=True)
    _, few = _home(client, staff)
    _network_with_falling_hub_more()

    _, many = _home(client, staff)

    assert few == many


def _network_with_falling_hub_more():
    """More hubs, schools and registrations in the same years."""
    this = AcademicYearFactory()
    for index in range(5):
        hub = HubFactory(name=f"More {index}")
        schools = SchoolFactory.create_batch(6, local_authority=HubAreaFactory(hub=hub).local_authority)
        for offset in (1, 2):
            year = AcademicYearFactory(start_year=this.start_year - offset)
            group = WorkGroupFactory(hub=hub, project__academic_year=year, status=WorkGroupStatus.COMPLETED)
            for school in schools[: 6 - offset]:
                RegistrationFactory(work_group=group, school=school, status=RS.COMPLETED)
    work_group_figures_rebuild()
    open_school_counts_rebuild()
