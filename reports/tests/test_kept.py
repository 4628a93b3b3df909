"""The report pages' tables are kept between reads under the database's snapshot (``reports.kept``): a second read
computes nothing, and any committed change, however it is written, shows at the next read.

These tests commit (``transaction=True``), as a deployment does: inside a test's transaction nothing is kept.
Transaction ids are the PostgreSQL cluster's, so a write to another database of the same server (another test run
beside this one) also moves the snapshot: what must be kept is checked over reads with no write anywhere between
them (``_with_nothing_written``), tried again when the server wrote.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.models import OpenSchoolCount
from hubs.tests.factories import HubMembershipFactory
from reports.kept import database_snapshot, kept
from workgroups import services


@pytest.fixture
def ncetm(client):
    client.force_login(UserFactory(is_ncetm_staff=True))
    return client


def _with_nothing_written(reads):
    """``reads()`` from an empty cache, run again until no transaction anywhere on the server wrote during it (at
    most ten times): a try the server wrote during may have kept tables under a snapshot the next try starts in."""
    for _ in range(10):
        cache.clear()
        before = database_snapshot()
        result = reads()
        if database_snapshot() == before:
            return result
    pytest.skip("the database server wrote during every try: whether reads are kept cannot be told")


def _read(client, url, params):
    """(the engagement-by-hub rows as {row header: [cells]}, the number of queries the read ran)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    table = next(t for t in response.context["tables"] if t.key == "engagement_by_hub")
    return {row[0]: row[1:] for row in table.display_rows()}, len(queries)


@pytest.mark.django_db(transaction=True)
def test_a_second_read_is_kept_and_a_registration_change_shows_at_once(ncetm, engagement_network):
    net = engagement_network
    url, params = reverse("reports:network"), {"year": net.year.pk}
    (first, computed), (second, kept_read) = _with_nothing_written(
        lambda: (_read(ncetm, url, params), _read(ncetm, url, params))
    )
    assert first == second
    assert first["Alpha"][:3] == ["10", "7", "70.0%"]
    # The tables and the not-reached counts were kept (this thread's queries: some grids are read alongside).
    assert kept_read < computed

    services.registration_withdraw(registration=net.alpha_schools[5].registrations.get())

    after, recomputed = _read(ncetm, url, params)
    assert after["Alpha"][:3] == ["10", "6", "60.0%"]
    assert recomputed == computed


@pytest.mark.django_db(transaction=True)
def test_a_bulk_update_that_sends_no_signal_shows_at_once(ncetm, engagement_network):
    net = engagement_network
    url, params = reverse("reports:network"), {"year": net.year.pk}
    assert _read(ncetm, url, params)[0]["Alpha"][:3] == ["10", "7", "70.0%"]

    OpenSchoolCount.objects.filter(hub=net.alpha).update(schools=F("schools") * 2)

    assert _read(ncetm, url, params)[0]["Alpha"][:3] == ["20", "7", "35.0%"]


@pytest.mark.django_db(transaction=True)
def test_each_scope_and_filter_is_kept_apart(client, engagement_network):
    net = engagement_network
    user = UserFactory(is_ncetm_staff=True)
    HubMembershipFactory(hub=net.alpha, user=user, role=HubRole.LEAD)
    client.force_login(user)
    network, hub = reverse("reports:network"), reverse("reports:hub", args=[net.alpha.slug])

    everything = _read(client, network, {"year": net.year.pk})[0]
    primary = _read(client, network, {"year": net.year.pk, "phase": "primary"})[0]
    last_year = _read(client, network, {"year": net.last_year.pk})[0]
    own_hub = _read(client, hub, {"year": net.year.pk})[0]

    assert everything["Alpha"][:3] == ["10", "7", "70.0%"]
    assert primary["Alpha"][0] == "6"  # six of Alpha's open schools are primary
    assert last_year["Alpha"][:3] != everything["Alpha"][:3]
    assert "Beta" in everything and "Beta" not in own_hub
    assert _read(client, network, {"year": net.year.pk})[0] == everything


@pytest.mark.django_db(transaction=True)
def test_the_snapshot_moves_with_every_committed_write():
    before = database_snapshot()
    UserFactory()
    assert database_snapshot() != before


@pytest.mark.django_db
def test_nothing_is_kept_inside_a_transaction():
    """A transaction's own uncommitted writes leave the snapshot as it was, so nothing is kept within one."""
    calls = []
    assert database_snapshot() is None
    for _ in range(2):
        kept("anything", lambda: calls.append(1))
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_a_download_is_kept_until_a_change(ncetm, engagement_network):
    net = engagement_network
    url = reverse("reports:network_download", args=["engagement_by_hub", "csv"])

    def download():
        with CaptureQueriesContext(connection) as queries:
            response = ncetm.get(url, {"year": net.year.pk})
        assert response.status_code == 200
        alpha = next(line for line in response.content.decode().splitlines() if line.startswith("Alpha,"))
        return alpha.split(",")[1:3], len(queries)

    (first, computed), (second, kept_read) = _with_nothing_written(lambda: (download(), download()))
    assert first == second == ["10", "7"]
    assert kept_read < computed

    services.registration_withdraw(registration=net.alpha_schools[5].registrations.get())

    assert download()[0] == ["10", "6"]
