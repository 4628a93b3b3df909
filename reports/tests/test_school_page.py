"""A headteacher's school page from a signed link: one school only, expiring, every view recorded."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.tests.factories import HubAreaFactory, HubFactory, HubMembershipFactory
from mastery.services import school_stage_record
from mastery.tests.test_journey import took_part
from notifications.models import OutboxMessage
from reports.surveys import impact_survey_token
from schools.enums import Phase
from schools.links import school_link_token
from schools.models import School
from schools.tests.factories import SchoolFactory
from workgroups import services
from workgroups.enums import (
    AttendanceStatus,
    ConsentStatus,
    Format,
    JourneyStage,
    RegistrationStatus,
    WorkGroupStatus,
)
from workgroups.models import Attendance, TaskResponse
from workgroups.tests.factories import (
    AcademicYearFactory,
    NationalProjectFactory,
    RegistrationFactory,
    SessionFactory,
    WorkGroupFactory,
    register,
)

pytestmark = pytest.mark.django_db

RS = RegistrationStatus
HEAD = "pat.head@riverside.example"


def _year(start_year):
    return AcademicYearFactory(start_year=start_year)


def _group(hub, start_year, **fields):
    project = NationalProjectFactory(academic_year=_year(start_year))
    return WorkGroupFactory(hub=hub, project=project, **fields)


@pytest.fixture
def network():
    """Riverside Primary (hub Alpha) with a teacher this year (approved, one session held and attended, its task
    answered), one last year (completed), one waiting for the headteacher's answer; Hillside Primary, the same
    hub's, with a teacher of its own this year."""
    this_year = AcademicYearFactory().start_year
    alpha = HubFactory(name="Alpha")
    area = HubAreaFactory(hub=alpha).local_authority
    riverside = SchoolFactory(name="Riverside Primary", local_authority=area, phase=Phase.PRIMARY)
    hillside = SchoolFactory(name="Hillside Primary", local_authority=area, phase=Phase.PRIMARY)
    now = timezone.now()

    current = _group(alpha, this_year, code="ALPHA-NOW", title="Reasoning in Year 4", status=WorkGroupStatus.RUNNING)
    held = SessionFactory(
        work_group=current, number=1, starts_at=now - datetime.timedelta(days=3), task="Try bar models"
    )
    SessionFactory(work_group=current, number=2, starts_at=now + datetime.timedelta(days=20))
    amira = RegistrationFactory(
        work_group=current,
        school=riverside,
        teacher=UserFactory(full_name="Amira Teacher"),
        status=RS.APPROVED,
        consent_status=ConsentStatus.CONFIRMED,
        consent_decided_at=now - datetime.timedelta(days=30),
        headteacher_email=HEAD,
    )
    Attendance.objects.create(registration=amira, session=held, status=AttendanceStatus.PRESENT)
    TaskResponse.objects.create(registration=amira, session=held, reflection="The bar models helped.")
    waiting = RegistrationFactory(
        work_group=current, school=riverside, teacher=UserFactory(full_name="Ben Waiting"), status=RS.APPLIED
    )
    RegistrationFactory(
        work_group=current, school=hillside, teacher=UserFactory(full_name="Hana Hillside"), status=RS.APPROVED
    )

    past = _group(alpha, this_year - 1, code="ALPHA-PAST", status=WorkGroupStatus.COMPLETED)
    RegistrationFactory(
        work_group=past, school=riverside, teacher=UserFactory(full_name="Carl Completed"), status=RS.COMPLETED
    )
    older = _group(alpha, this_year - 2, code="ALPHA-OLD", status=WorkGroupStatus.COMPLETED)
    RegistrationFactory(
        work_group=older, school=riverside, teacher=UserFactory(full_name="Olive Older"), status=RS.COMPLETED
    )

    open_primary = _group(alpha, this_year, code="ALPHA-OPEN", title="Mastering Number", status=WorkGroupStatus.OPEN)
    _group(alpha, this_year, code="ALPHA-SEC", title="Secondary reasoning", phase=Phase.SECONDARY)
    _group(HubFactory(name="Beta"), this_year, code="BETA-OPEN", title="Beta's own group")
    return SimpleNamespace(
        hub=alpha, riverside=riverside, hillside=hillside, amira=amira, waiting=waiting, open_primary=open_primary
    )


def _url(school, email=HEAD):
    return reverse("reports:school_page", args=[school_link_token(school_id=school.pk, email=email)])


def test_school_page_shows_the_schools_teachers_this_year_and_last(client, network):
    response = client.get(_url(network.riverside))

    body = response.content.decode()
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert "Amira Teacher" in body and "Ben Waiting" in body and "Carl Completed" in body
    year = response.context["page"].years[0]
    [row] = [r for r in year.rows if r.registration == network.amira]
    assert (row.attended, row.held, row.tasks_submitted, row.tasks_set, row.completion) == (1, 1, 1, 1, "In progress")
    [last] = response.context["page"].years[1].rows
    assert (last.registration.teacher.full_name, last.completion) == ("Carl Completed", "Completed")


def test_school_page_shows_only_that_schools_teachers(client, network):
    body = client.get(_url(network.riverside)).content.decode()
    other = client.get(_url(network.hillside)).content.decode()

    assert "Hana Hillside" not in body
    assert "Olive Older" not in body  # two years ago: neither this year nor last
    assert "Hana Hillside" in other
    assert not {"Amira Teacher", "Ben Waiting", "Carl Completed"} & set(re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", other))


def test_school_page_links_each_open_consent_request_to_its_consent_page(client, network):
    response = client.get(_url(network.riverside))

    [(registration, consent_url)] = response.context["awaiting"]
    assert registration == network.waiting
    assert consent_url in response.content.decode()
    consent_page = client.get(consent_url)
    assert consent_page.status_code == 200
    assert "Ben Waiting" in consent_page.content.decode()


def test_school_page_lists_work_groups_open_to_the_schools_phase_in_its_hub(client, network):
    page = client.get(_url(network.riverside)).context["page"]

    assert [wg.code for wg in page.open_work_groups] == ["ALPHA-OPEN"]


def test_school_page_every_view_is_recorded(client, network):
    client.get(_url(network.riverside))
    client.get(_url(network.riverside))

    entries = AuditEntry.objects.filter(action="school.page_viewed")
    assert entries.count() == 2
    entry = entries.first()
    assert (entry.actor_label, entry.target_id, entry.hub_id) == (
        f"Headteacher <{HEAD}>",
        str(network.riverside.pk),
        network.hub.pk,
    )


def _tampered_school_id(token: str, school_id: int) -> str:
    """The token with its payload swapped for another school's, keeping the timestamp and signature."""
    payload, timestamp, signature = token.rsplit(":", 2)
    other = signing.b64_encode(signing.JSONSerializer().dumps({"s": school_id, "e": HEAD})).decode()
    return f"{other}:{timestamp}:{signature}"


@pytest.mark.parametrize("how", ["school id changed", "signature changed", "consent token", "survey token", "junk"])
def test_school_link_tampered_shows_nothing(client, network, how):
    token = school_link_token(school_id=network.riverside.pk, email=HEAD)
    bad = {
        "school id changed": lambda: _tampered_school_id(token, network.hillside.pk),
        "signature changed": lambda: token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        "consent token": lambda: services.consent_token_make(registration=network.waiting),
        "survey token": lambda: impact_survey_token(
            school_id=network.riverside.pk, academic_year_id=network.amira.academic_year_id
        ),
        "junk": lambda: "not-a-token",
    }[how]()

    response = client.get(reverse("reports:school_page", args=[bad]))

    body = response.content.decode()
    assert response.status_code == 400
    assert "not valid" in body
    assert "Amira Teacher" not in body and "Hana Hillside" not in body and "Riverside" not in body
    assert not AuditEntry.objects.filter(action="school.page_viewed").exists()


def test_school_link_works_until_it_expires(client, network, settings, time_machine):
    settings.SCHOOL_LINK_DAYS = 30
    time_machine.move_to(timezone.now(), tick=False)
    url = _url(network.riverside)

    time_machine.shift(datetime.timedelta(days=29, hours=23))
    assert client.get(url).status_code == 200
    time_machine.shift(datetime.timedelta(hours=2))
    expired = client.get(url)

    body = expired.content.decode()
    assert expired.status_code == 400
    assert "has expired" in body and "E-mail me my school's link" in body
    assert "Amira Teacher" not in body
    assert AuditEntry.objects.filter(action="school.page_viewed").count() == 1


def test_school_link_request_from_the_schools_recorded_headteacher_sends_a_fresh_link(
    client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(network.riverside), {"email": "Pat.Head@Riverside.example"})

    assert "a new link is on its way" in response.content.decode()
    [message] = [m for m in mail.outbox if m.to == [HEAD]]
    link = re.search(r"https?://\S+(/reports/school/\S+/)", message.body).group(1)
    fresh = client.get(link)
    assert fresh.status_code == 200
    assert "Amira Teacher" in fresh.content.decode()
    assert AuditEntry.objects.filter(action="school.link_requested", target_id=str(network.riverside.pk)).exists()


def test_school_link_request_answers_the_same_whether_or_not_the_address_matched(client, network):
    matched = client.post(_url(network.riverside), {"email": HEAD})
    unmatched = client.post(_url(network.riverside), {"email": "someone@else.example"})

    def notice(response):
        return re.search(r'data-testid="link-requested">(.*?)</div>', response.content.decode(), re.S).group(1)

    assert notice(matched) == notice(unmatched)
    assert list(OutboxMessage.objects.filter(kind="school_link").values_list("to_email", flat=True)) == [HEAD]


def test_school_link_request_sends_once_an_hour_however_often_asked(client, network, time_machine):
    time_machine.move_to(timezone.now().replace(minute=5), tick=False)
    for _ in range(3):
        client.post(_url(network.riverside), {"email": HEAD})

    assert OutboxMessage.objects.filter(kind="school_link").count() == 1


def test_school_link_request_from_an_expired_link_still_reaches_the_headteacher(client, network, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    url = _url(network.riverside)
    time_machine.shift(datetime.timedelta(days=365))

    response = client.post(url, {"email": HEAD})

    assert response.status_code == 200
    assert "a new link is on its way" in response.content.decode()
    assert OutboxMessage.objects.filter(kind="school_link", to_email=HEAD).count() == 1


def test_school_link_request_with_a_bad_address_re_renders_with_the_error(client, network):
    response = client.post(_url(network.riverside), {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not OutboxMessage.objects.filter(kind="school_link").exists()


def test_consent_request_email_carries_the_schools_link(client, network, django_capture_on_commit_callbacks):
    group = _group(network.hub, network.amira.academic_year.start_year, code="ALPHA-NEW")
    with django_capture_on_commit_callbacks(execute=True):
        register(group, school=network.riverside, headteacher_email="new.head@riverside.example")

    [message] = [m for m in mail.outbox if m.to == ["new.head@riverside.example"]]
    link = re.search(r"https?://\S+(/reports/school/\S+/)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 200
    assert "Amira Teacher" in response.content.decode()
    assert AuditEntry.objects.get(action="school.page_viewed").actor_label == "Headteacher <new.head@riverside.example>"


def _more_teachers(network, count):
    group = network.amira.work_group
    session = group.sessions.get(number=1)
    for _ in range(count):
        registration = RegistrationFactory(work_group=group, school=network.riverside, status=RS.APPROVED)
        Attendance.objects.create(registration=registration, session=session, status=AttendanceStatus.LATE)
        TaskResponse.objects.create(registration=registration, session=session, reflection="Done.")
        RegistrationFactory(work_group=group, school=network.riverside, status=RS.APPLIED)
        _group(network.hub, group.academic_year.start_year)


@pytest.mark.parametrize("extra", [0, 8])
def test_school_page_queries_stay_fixed(client, network, django_assert_num_queries, extra):
    _more_teachers(network, extra)
    for start_year in range(2015, 2015 + extra):  # a longer Teaching for Mastery history costs no more queries
        took_part(
            network.riverside, JourneyStage.READINESS if start_year == 2015 else JourneyStage.EMBEDDING, start_year
        )
    url = _url(network.riverside)

    # school with its hub id, its hub, registrations with their counts, open Work Groups, the Teaching for Mastery
    # journey (stages completed, the hub's recorded stage), the audit entry (inside its savepoint: two statements
    # more).
    with django_assert_num_queries(9):
        response = client.get(url)

    assert len(response.context["awaiting"]) == 1 + 2 * extra  # the factory leaves consent pending


def test_school_page_shows_no_teachers_addresses_or_trns(client, network):
    network.amira.trn = "7654321"
    network.amira.save(update_fields=["trn"])

    body = client.get(_url(network.riverside)).content.decode()

    assert network.amira.teacher.email not in body
    assert "7654321" not in body
    assert network.waiting.headteacher_email not in body


def test_school_page_with_a_grid_reference_lists_open_work_groups_nearest_first(
    client, network, django_assert_num_queries
):
    School.objects.filter(pk=network.riverside.pk).update(easting=500_000, northing=200_000)
    year = network.amira.academic_year.start_year
    network.open_primary.delete()
    _group(network.hub, year, code="FAR", venue_easting=530_000, venue_northing=200_000)
    _group(network.hub, year, code="NEAR", venue_easting=503_000, venue_northing=204_000)
    _group(HubFactory(name="Gamma"), year, code="OTHER-HUB", venue_easting=500_000, venue_northing=212_000)
    _group(network.hub, year, code="ONLINE", format=Format.ONLINE)
    _group(network.hub, year, code="SEC-NEAR", phase=Phase.SECONDARY, venue_easting=500_100, venue_northing=200_000)
    url = _url(network.riverside)

    with django_assert_num_queries(9):
        response = client.get(url)

    page = response.context["page"]
    assert page.by_distance
    nearest = [(wg.code, wg.distance_km) for wg in page.open_work_groups]
    # Groups without a distance (online, or a venue with no grid reference such as Beta's) come after the rest.
    assert nearest[:3] == [("NEAR", 5), ("OTHER-HUB", 12), ("FAR", 30)]
    assert {code for code, km in nearest[3:]} == {"ONLINE", "BETA-OPEN"} and not any(km for _, km in nearest[3:])
    assert "5 km from your school" in response.content.decode()


def _stage(body):
    return re.search(r'data-testid="journey-stage">(.*?)</p>', body, re.S).group(1)


def test_school_page_shows_the_schools_teaching_for_mastery_stage_and_history(client, network):
    took_part(network.riverside, JourneyStage.READINESS, 2021)
    took_part(network.riverside, JourneyStage.DEVELOPMENT, 2022)
    took_part(network.riverside, JourneyStage.READINESS, 2023)  # completed again: the school stays at Development
    took_part(network.hillside, JourneyStage.SUSTAINING, 2023)

    response = client.get(_url(network.riverside))

    body = response.content.decode()
    assert _stage(body) == "Your school's stage: <strong>Development</strong>"
    history = re.search(r'data-testid="journey-history">(.*?)</table>', body, re.S).group(1)
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>(.*?)</tr>", history, re.S)[1:]]
    assert [[cell.strip() for cell in row.split("|") if cell.strip()] for row in rows] == [
        ["2021/22", "Mastery Readiness", "Mastery Readiness"],
        ["2022/23", "Development", "Development"],
        ["2023/24", "Mastery Readiness (repeated)", "Development"],
    ]
    assert "Sustaining" not in history  # Hillside's, not Riverside's


def test_school_page_of_a_school_with_no_stage_says_not_started(client, network):
    body = client.get(_url(network.hillside)).content.decode()

    assert _stage(body) == "Your school's stage: <strong>Not started</strong>"
    assert 'data-testid="journey-history"' not in body
    assert "has completed a Teaching for Mastery Work Group yet" in body


def test_school_page_shows_the_stage_the_hub_recorded_over_the_derived_one(client, network):
    took_part(network.riverside, JourneyStage.READINESS, 2022)
    lead = HubMembershipFactory(hub=network.hub, role=HubRole.LEAD).user
    school_stage_record(
        school=network.riverside,
        hub=network.hub,
        stage=JourneyStage.EMBEDDING,
        reason="Development with another hub in 2019/20",
        actor=lead,
    )

    body = client.get(_url(network.riverside)).content.decode()

    assert _stage(body) == "Your school's stage: <strong>Embedding</strong> (as recorded by the Alpha Maths Hub)"
    assert "the Work Groups on record give: Mastery Readiness" in body
    assert "Development with another hub" not in body  # the hub's reason is for hub staff
    assert lead.full_name not in body
