"""Two hub leads removed at once, and two leads given at once: the hub's row lock keeps one, and at most two."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from accounts.tests.factories import UserFactory
from hubs.enums import HubRole
from hubs.models import HubMembership
from hubs.services import RoleRefused, hub_role_grant, hub_role_remove
from hubs.tests.factories import HubFactory, HubMembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(calls) -> list:
    """Run each call in its own thread (and connection), released together; return what each raised or None."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            connections["default"].ensure_connection()  # connected first, so the calls really overlap
            barrier.wait()
            call()
        except Exception as error:  # collected and asserted by the test
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_hub_role_remove_of_both_hub_leads_at_once_keeps_one():
    """The first removal holds its transaction open until the second is waiting on the hub's lock (or, without
    the lock, has finished): the two really overlap, every run."""
    hub = HubFactory()
    first, second = (HubMembershipFactory(hub=hub, role=HubRole.LEAD) for _ in range(2))
    actor = UserFactory(is_ncetm_staff=True)
    first_removed, second_done = threading.Event(), threading.Event()
    second_pid = []
    outcomes = {}

    def remove_first():
        try:
            with transaction.atomic():
                hub_role_remove(membership=first, actor=actor)
                first_removed.set()
                deadline = time.monotonic() + 20
                while not second_done.is_set() and time.monotonic() < deadline:
                    if second_pid and _waits_on_a_lock(second_pid[0]):
                        break
                    time.sleep(0.01)
        except Exception as error:  # collected and asserted below
            outcomes["first"] = error
        finally:
            connections.close_all()

    def remove_second():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            first_removed.wait(20)
            hub_role_remove(membership=second, actor=actor)
        except Exception as error:  # collected and asserted below
            outcomes["second"] = error
        finally:
            second_done.set()
            connections.close_all()

    threads = [threading.Thread(target=remove_first), threading.Thread(target=remove_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert "first" not in outcomes
    assert isinstance(outcomes.get("second"), RoleRefused)
    assert list(HubMembership.objects.filter(hub=hub, role=HubRole.LEAD)) == [second]


def _waits_on_a_lock(pid: int) -> bool:
    # pg_blocking_pids reads the lock table as it is now (pg_stat_activity is a snapshot per transaction).
    with connection.cursor() as cursor:
        cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
        return cursor.fetchone()[0]


def test_hub_role_grant_of_three_hub_leads_at_once_gives_two():
    hub = HubFactory()
    people = [UserFactory() for _ in range(3)]
    actor = UserFactory(is_ncetm_staff=True)

    outcomes = _at_once([lambda u=u: hub_role_grant(hub=hub, user=u, role=HubRole.LEAD, actor=actor) for u in people])

    assert [isinstance(o, RoleRefused) for o in outcomes].count(True) == 1
    assert HubMembership.objects.filter(hub=hub, role=HubRole.LEAD).count() == 2
