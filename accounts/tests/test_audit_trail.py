"""The services record their changes; hub managers and network staff read them (and only theirs)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.audit import audit_record
from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.models import HubArea, HubMembership
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from schools.services import schools_import_gias
from schools.tests.extracts import school_row, write_extract
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import AttendanceStatus, RegistrationStatus, WorkGroupStatus
from workgroups.tests.factories import RegistrationFactory, SessionFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db
RS = RegistrationStatus


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


@pytest.fixture
def group():
    work_group = WorkGroupFactory(capacity=1, teachers_per_school=1)
    SessionFactory(work_group=work_group)
    return work_group


def test_a_registrations_life_is_recorded_with_actor_hub_and_teacher(group):
    lead = HubMembershipFactory(hub=group.hub, role=HubRole.LEAD).user
    first, second = UserFactory(), UserFactory()
    kwargs = {"role_in_school": "Teacher", "headteacher_name": "Pat Head", "headteacher_email": "head@school.example"}
    held = services.registration_create(work_group=group, teacher=first, school=SchoolFactory(), **kwargs)
    waiting = services.registration_create(work_group=group, teacher=second, school=SchoolFactory(), **kwargs)

    services.registration_decide(registration=held, action="approve", actor=lead, override_reason="Head on leave")
    services.registration_withdraw(registration=held)
    services.registration_accept_offer(registration=waiting)

    created = entries("registration.created")
    assert [(e.actor, e.subject, e.hub, e.after["status"]) for e in created] == [
        (first, first, group.hub, RS.APPLIED),
        (second, second, group.hub, RS.WAITLISTED),
    ]
    (decided,) = entries("registration.decided")
    assert (decided.actor, decided.subject, decided.before, decided.after) == (
        lead,
        first,
        {"status": RS.APPLIED},
        {"status": RS.APPROVED},
    )
    (withdrawn,) = entries("registration.withdrawn")
    assert (withdrawn.actor, withdrawn.before, withdrawn.after) == (
        first,
        {"status": RS.APPROVED},
        {"status": RS.WITHDRAWN},
    )
    (offered,) = entries("registration.offered")
    assert (offered.actor, offered.subject, offered.target_id) == (None, second, str(waiting.pk))
    (accepted,) = entries("registration.offer_accepted")
    assert accepted.actor == second


def test_a_headteachers_answer_is_recorded_under_their_name(group):
    registration = RegistrationFactory(work_group=group, headteacher_name="Pat Head", headteacher_email="p@s.example")
    services.consent_decide(token=services.consent_token_make(registration=registration), confirm=False)
    (entry,) = entries("registration.consent_decided")
    assert entry.who == "Headteacher Pat Head <p@s.example>"
    assert (entry.subject, entry.after) == (registration.teacher, {"consent_status": "declined"})


def test_a_register_and_its_correction_are_recorded_per_participant(group, time_machine):
    session = group.sessions.get()
    time_machine.move_to(session.starts_at, tick=True)  # a register opens at the session's start
    lead = UserFactory()
    registration = RegistrationFactory(work_group=group, status=RS.APPROVED)
    services.attendance_record(session=session, marks={registration.pk: AttendanceStatus.PRESENT}, recorded_by=lead)
    services.attendance_record(session=session, marks={registration.pk: AttendanceStatus.LATE}, recorded_by=lead)
    (recorded,) = entries("attendance.recorded")
    (corrected,) = entries("attendance.corrected")
    assert (recorded.actor, recorded.subject, recorded.after) == (lead, registration.teacher, {"status": "present"})
    assert (corrected.before, corrected.after) == ({"status": "present"}, {"status": "late"})
    assert corrected.hub == group.hub


def test_work_group_status_and_session_changes_are_recorded(client, group):
    lead = HubMembershipFactory(hub=group.hub, role=HubRole.LEAD).user
    client.force_login(lead)
    session = group.sessions.get()

    client.post(reverse("workgroups:transition", args=[group.pk]), {"to": WorkGroupStatus.CLOSED})
    client.post(reverse("workgroups:session_cancel", args=[session.pk]), {"confirm": "yes"})

    (status,) = entries("workgroup.status_changed")
    assert (status.actor, status.hub, status.before, status.after) == (
        lead,
        group.hub,
        {"status": "open"},
        {"status": "closed"},
    )
    (cancelled,) = entries("session.cancelled")
    assert (cancelled.actor, cancelled.target_id, cancelled.after) == (lead, str(session.pk), {"status": "cancelled"})


@pytest.fixture
def hub_with_area():
    hub = HubFactory(name="Alpha", slug="alpha")
    area = [HubAreaFactory(hub=hub).local_authority for _ in range(2)]
    lead_school = SchoolFactory(local_authority=area[0])
    hub.lead_schools.add(lead_school)
    return hub, area, lead_school


def test_hub_edit_posted_empty_asks_for_confirmation_and_changes_nothing(client, hub_with_area):
    hub, area, lead_school = hub_with_area
    client.force_login(UserFactory(is_ncetm_staff=True))

    response = client.post(reverse("hubs:edit", args=[hub.slug]), {})

    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert set(HubArea.objects.filter(hub=hub).values_list("local_authority", flat=True)) == {la.pk for la in area}
    assert list(hub.lead_schools.all()) == [lead_school]
    assert not AuditEntry.objects.exists()


def test_hub_edit_confirmed_removal_is_recorded_with_before_after_and_reason(client, hub_with_area):
    hub, area, lead_school = hub_with_area
    ncetm = UserFactory(is_ncetm_staff=True)
    client.force_login(ncetm)

    response = client.post(
        reverse("hubs:edit", args=[hub.slug]),
        {
            "local_authorities": [area[0].pk],
            "lead_school_urns": str(lead_school.urn),
            "confirm_removals": "on",
            "reason": "The council moved to Beta",
        },
    )

    assert response.status_code == 302
    (entry,) = entries("hub.updated")
    assert (entry.actor, entry.hub, entry.reason) == (ncetm, hub, "The council moved to Beta")
    assert entry.before["local_authorities"] == sorted(la.pk for la in area)
    assert entry.after["local_authorities"] == [area[0].pk]


def test_hub_roles_given_and_taken_in_the_admin_are_recorded(client):
    hub = HubFactory()
    person = UserFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:hubs_hub_change", args=[hub.pk])
    form = {
        "name": hub.name,
        "slug": hub.slug,
        "area-TOTAL_FORMS": "0",
        "area-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": str(person.pk),
        "memberships-0-role": HubRole.ADMINISTRATOR,
        "memberships-0-title": "Hub manager",
    }
    assert client.post(url, form).status_code == 302
    membership = HubMembership.objects.get(hub=hub, user=person)
    form.update(
        {"memberships-INITIAL_FORMS": "1", "memberships-0-id": str(membership.pk), "memberships-0-DELETE": "on"}
    )
    assert client.post(url, form).status_code == 302

    granted, revoked = entries("hub.role_granted"), entries("hub.role_revoked")
    assert [(e.actor, e.subject, e.hub, e.after) for e in granted] == [
        (admin, person, hub, {"role": "administrator", "title": "Hub manager"})
    ]
    assert [(e.subject, e.before["role"]) for e in revoked] == [(person, "administrator")]
    assert not HubMembership.objects.filter(hub=hub).exists()


def test_a_gias_import_is_recorded_with_its_counts(tmp_path):
    path = write_extract(tmp_path, [school_row(URN="100001"), school_row(URN="100002", EstablishmentName="")])
    schools_import_gias(path=path, report_dir=tmp_path, actor="manage.py import_gias")
    (entry,) = entries("gias.imported")
    assert entry.who == "manage.py import_gias"
    assert (entry.after["created"], entry.after["rejected"], entry.after["file"]) == (1, 1, "extract.csv")


# --------------------------------------------------------------------------- the reading pages


@pytest.fixture
def trail():
    mine, theirs = HubFactory(name="Alpha"), HubFactory(name="Beta")
    teacher = UserFactory(full_name="Tess Teacher")
    audit_record(actor=None, action="registration.created", target=mine, hub=mine, subject=teacher)
    audit_record(actor=None, action="session.cancelled", target=mine, hub=mine)
    audit_record(actor=None, action="registration.created", target=theirs, hub=theirs)
    audit_record(actor="manage.py import_gias", action="gias.imported")
    return mine, theirs, teacher


def test_audit_page_shows_a_hub_lead_only_their_hubs_entries(client, trail):
    mine, theirs, _ = trail
    client.force_login(HubMembershipFactory(hub=mine, role=HubRole.LEAD).user)
    page = client.get(reverse("audit:list")).context["page"]
    assert {e.hub for e in page.object_list} == {mine}
    assert page.paginator.count == 2
    # Asking for another hub's entries by id finds nothing of theirs.
    response = client.get(reverse("audit:list"), {"hub": theirs.pk})
    assert response.status_code == 200
    assert theirs.name not in [e.hub.name for e in response.context["page"].object_list]


def test_audit_page_shows_network_staff_everything_filtered(client, trail):
    client.force_login(UserFactory(is_ncetm_staff=True))
    assert client.get(reverse("audit:list")).context["page"].paginator.count == 4
    filtered = client.get(reverse("audit:list"), {"action": "registration", "q": "tess"}).context["page"]
    assert [e.action for e in filtered.object_list] == ["registration.created"]


@pytest.mark.parametrize("role", [HubRole.LEADERSHIP_TEAM, None])
def test_audit_page_is_refused_to_leadership_team_and_teachers(client, trail, role):
    user = HubMembershipFactory(hub=trail[0], role=role).user if role else UserFactory()
    client.force_login(user)
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:csv")).status_code == 403


def test_audit_csv_has_the_filtered_entries_with_cells_neutralised(client, trail):
    mine = trail[0]
    audit_record(actor=None, action="hub.updated", target=mine, hub=mine, reason='=HYPERLINK("http://evil")')
    client.force_login(HubMembershipFactory(hub=mine, role=HubRole.ADMINISTRATOR).user)
    response = client.get(reverse("audit:csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When", "Who", "Action"]
    assert len(rows) == 1 + 3
    assert rows[1][10] == '\'=HYPERLINK("http://evil")'
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')


def test_audit_page_queries_do_not_grow_with_entries(client):
    hub = HubFactory()
    client.force_login(UserFactory(is_ncetm_staff=True))

    def count(n):
        for _ in range(n):
            audit_record(actor=UserFactory(), action="x.happened", target=hub, hub=hub, subject=UserFactory())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("audit:list")).status_code == 200
        return len(queries)

    assert count(2) == count(20)
