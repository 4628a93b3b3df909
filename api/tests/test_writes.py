"""Writes through the API call the pages' services: registration decisions, registers, national projects."""

import pytest
from django.core import mail

from accounts.models import AuditEntry
from workgroups.enums import ConsentStatus, RegistrationStatus
from workgroups.models import AttendanceChange, NationalProject
from workgroups.tests.factories import AcademicYearFactory, NationalProjectFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def decide(client, registration, action="approve", **headers):
    return client.post(f"/api/v1/registrations/{registration.pk}/decision/", {"action": action}, **headers)


def test_decision_approves_through_the_service_and_mails_the_teacher(
    network, api_as, django_capture_on_commit_callbacks
):
    client = api_as(network.alpha_lead, scope="read_write")
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, network.alpha_registration)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    network.alpha_registration.refresh_from_db()
    assert network.alpha_registration.status == RegistrationStatus.APPROVED
    assert network.alpha_registration.decided_by == network.alpha_lead
    assert [m.to for m in mail.outbox] == [[network.teacher.email]]


def test_decision_refused_by_the_rules_answers_400_with_the_pages_message(network, api_as):
    network.alpha_registration.consent_status = ConsentStatus.DECLINED
    network.alpha_registration.save()
    response = decide(api_as(network.alpha_lead, scope="read_write"), network.alpha_registration)
    assert response.status_code == 400
    assert "headteacher declined" in response.json()["non_field_errors"][0]
    network.alpha_registration.refresh_from_db()
    assert network.alpha_registration.status == RegistrationStatus.APPLIED


def test_decision_before_the_headteacher_confirms_needs_a_reason(network, api_as):
    registration = RegistrationFactory(work_group=network.alpha_group, consent_status=ConsentStatus.PENDING)
    client = api_as(network.alpha_lead, scope="read_write")
    refused = decide(client, registration)
    assert refused.status_code == 400
    assert "has not confirmed yet" in refused.json()["non_field_errors"][0]
    response = client.post(
        f"/api/v1/registrations/{registration.pk}/decision/",
        {"action": "approve", "override_reason": "Head confirmed by phone on Monday"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["consent_override_reason"] == "Head confirmed by phone on Monday"
    entry = AuditEntry.objects.get(action="registration.decided", target_id=str(registration.pk))
    assert entry.reason == "Head confirmed by phone on Monday" and entry.actor == network.alpha_lead


def test_decision_by_work_group_lead_or_ncetm_is_forbidden(network, api_as):
    for user in (network.wg_lead, network.ncetm):
        assert decide(api_as(user, scope="read_write"), network.alpha_registration).status_code == 403
    network.alpha_registration.refresh_from_db()
    assert network.alpha_registration.status == RegistrationStatus.APPLIED


def test_decision_unknown_action_answers_field_message(network, api_as):
    response = decide(api_as(network.alpha_lead, scope="read_write"), network.alpha_registration, action="promote")
    assert response.status_code == 400
    assert list(response.json()) == ["action"]


def test_decision_bumps_updated_at_for_modified_since(network, api_as):
    before = network.alpha_registration.updated_at
    decide(api_as(network.alpha_lead, scope="read_write"), network.alpha_registration)
    network.alpha_registration.refresh_from_db()
    assert network.alpha_registration.updated_at > before


def _participant(network):
    return RegistrationFactory(work_group=network.alpha_group, status=RegistrationStatus.APPROVED)


def test_register_saved_by_the_lead_keeps_corrections(network, api_as):
    registration = _participant(network)
    session = network.alpha_group.sessions.get()
    client = api_as(network.wg_lead, scope="read_write")
    url = f"/api/v1/sessions/{session.pk}/attendance/"
    first = client.post(url, {"marks": [{"registration": registration.pk, "status": "present"}]}, format="json")
    assert first.status_code == 200 and first.json() == {"created": 1, "changed": 0, "unchanged": 0}
    second = client.post(url, {"marks": [{"registration": registration.pk, "status": "late"}]}, format="json")
    assert second.json() == {"created": 0, "changed": 1, "unchanged": 0}
    change = AttendanceChange.objects.filter(old_status="present").get()
    assert change.new_status == "late" and change.changed_by == network.wg_lead
    marks = api_as(network.wg_lead).get("/api/v1/attendance/", {"session": session.pk}).json()["results"]
    assert [(m["registration"], m["status"]) for m in marks] == [(registration.pk, "late")]


def test_register_refuses_someone_not_in_the_group(network, api_as):
    session = network.alpha_group.sessions.get()
    response = api_as(network.wg_lead, scope="read_write").post(
        f"/api/v1/sessions/{session.pk}/attendance/",
        {"marks": [{"registration": network.beta_registration.pk, "status": "present"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "not a participant" in response.json()["non_field_errors"][0]


def test_register_of_another_hubs_session_is_forbidden(network, api_as):
    registration = _participant(network)
    session = network.alpha_group.sessions.get()
    response = api_as(network.beta_lead, scope="read_write").post(
        f"/api/v1/sessions/{session.pk}/attendance/",
        {"marks": [{"registration": registration.pk, "status": "present"}]},
        format="json",
    )
    assert response.status_code == 403
    assert not registration.attendances.exists()


def project_body(**values):
    year = AcademicYearFactory()
    return {
        "code": f"ncp{year.start_year % 100:02d}-14B",
        "title": "Sustaining with a KS3 multiplicative reasoning focus",
        "phases": ["secondary"],
        "strand": "school_improvement",
        "academic_year": year.name,
        **values,
    }


def test_project_created_by_ncetm_normalises_the_code(network, api_as):
    body = project_body()
    response = api_as(network.ncetm, scope="read_write").post("/api/v1/projects/", body, format="json")
    assert response.status_code == 201, response.content
    code = body["code"].upper()[:-1] + "b"
    assert response.json()["code"] == code
    project = NationalProject.objects.get(code=code)
    assert project.default_capacity == 20
    entry = AuditEntry.objects.get(action="project.created")
    assert (entry.actor, entry.target_id) == (network.ncetm, str(project.pk))


def test_project_for_next_year_creates_the_year(network, api_as):
    year = AcademicYearFactory().start_year + 1
    body = project_body(code=f"NCP{year % 100:02d}-01", academic_year=str(year))
    response = api_as(network.ncetm, scope="read_write").post("/api/v1/projects/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["academic_year"] == f"{year}/{(year + 1) % 100:02d}"


def test_project_with_taken_code_answers_a_field_message(network, api_as):
    body = project_body()
    NationalProjectFactory(code=body["code"].upper()[:-1] + "b", academic_year=AcademicYearFactory())
    response = api_as(network.ncetm, scope="read_write").post("/api/v1/projects/", body, format="json")
    assert response.status_code == 400
    assert "code" in response.json()


def test_project_with_bad_values_answers_field_messages(network, api_as):
    client = api_as(network.ncetm, scope="read_write")
    bad_phase = client.post("/api/v1/projects/", project_body(phases=["reception"]), format="json")
    assert bad_phase.status_code == 400 and "phases" in bad_phase.json()
    wrong_year = client.post("/api/v1/projects/", project_body(code="NCP19-01"), format="json")
    assert wrong_year.status_code == 400
    assert "NCP19-01 is a 2019/20 code" in wrong_year.json()["code"][0]
    far = client.post("/api/v1/projects/", project_body(code="NCP31-01", academic_year="2031/32"), format="json")
    assert far.status_code == 400 and list(far.json()) == ["academic_year"]
    assert not NationalProject.objects.filter(code__in=["NCP19-01", "NCP31-01"]).exists()


def test_project_patch_changes_only_what_is_sent(network, api_as):
    project = NationalProjectFactory(
        code=f"NCP{AcademicYearFactory().start_year % 100:02d}-77", title="Old title", default_capacity=30
    )
    response = api_as(network.ncetm, scope="read_write").patch(
        f"/api/v1/projects/{project.pk}/", {"title": "New title"}, format="json"
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert (project.title, project.default_capacity) == ("New title", 30)
    assert AuditEntry.objects.get(action="project.updated").actor == network.ncetm


def test_project_write_by_hub_lead_is_forbidden_and_reads_are_open(network, api_as):
    client = api_as(network.alpha_lead, scope="read_write")
    assert client.post("/api/v1/projects/", project_body(), format="json").status_code == 403
    assert NationalProject.objects.count() == 2
    assert client.get("/api/v1/projects/").json()["count"] == NationalProject.objects.count()
