"""Two transactions at once, for the tests of the kept figures' locks: the first is held open after its change
while the second makes its own on another connection."""

import threading
from collections.abc import Callable

from django.db import connections, transaction


def held_and_raced(first: Callable[[], object], second: Callable[[], object]) -> tuple[list[Exception], bool]:
    """Run ``first`` in a transaction held open once it has run, then ``second`` in a transaction of its own, each
    on a connection of its own; a second later let the first commit, then wait for both. Returns the errors either
    raised, and whether the second was still running (waiting on the first's locks) when the first was let go."""
    done, let_first_commit = threading.Event(), threading.Event()
    errors: list[Exception] = []

    def run(change, *, hold: bool) -> None:
        try:
            with transaction.atomic():
                change()
                if hold:
                    done.set()
                    let_first_commit.wait(timeout=10)
        except Exception as error:  # collected and asserted by the test
            errors.append(error)
        finally:
            connections.close_all()

    holding = threading.Thread(target=run, args=(first,), kwargs={"hold": True})
    holding.start()
    if not done.wait(timeout=10):
        let_first_commit.set()
        holding.join()
        return [*errors, TimeoutError("the first transaction did not finish its change")], False
    racing = threading.Thread(target=run, args=(second,), kwargs={"hold": False})
    racing.start()
    racing.join(timeout=1)
    waited = racing.is_alive()
    let_first_commit.set()
    holding.join()
    racing.join()
    return errors, waited
