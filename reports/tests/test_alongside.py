"""``reports.alongside``: a page's reads on two connections at once where both see the same data, else in turn."""

import threading

import pytest
from django.db import connection

from accounts.models import User
from accounts.tests.factories import UserFactory
from reports.alongside import alongside


def _connections_to_this_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_side_reads_on_its_own_connection_in_another_thread_and_closes_it():
    UserFactory(email="committed@example.com")
    before = _connections_to_this_database()

    def side():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        return threading.current_thread().name, pid, User.objects.filter(email="committed@example.com").count()

    for _ in range(5):
        (thread, side_pid, seen), here_pid = alongside(side, lambda: connection.cursor().connection.get_backend_pid())
        assert thread != threading.current_thread().name
        assert side_pid != here_pid
        assert seen == 1  # it reads what is committed

    assert _connections_to_this_database() == before  # each side's connection was closed


@pytest.mark.django_db(transaction=True)
def test_an_error_on_either_side_is_raised_here():
    def fails():
        raise ValueError("side")

    with pytest.raises(ValueError, match="side"):
        alongside(fails, lambda: 1)
    with pytest.raises(ZeroDivisionError):
        alongside(lambda: 1, lambda: 1 / 0)


@pytest.mark.django_db
def test_inside_a_transaction_both_run_here_and_see_its_writes():
    """A second connection would not see this transaction's uncommitted rows (a test's own data among them)."""
    UserFactory(email="uncommitted@example.com")

    def reads():
        return threading.current_thread().name, User.objects.filter(email="uncommitted@example.com").count()

    side, here = alongside(reads, reads)

    assert side == here == (threading.current_thread().name, 1)
