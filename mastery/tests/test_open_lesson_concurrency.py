"""60 teachers book an open lesson of 12 places at once: the lesson's row lock keeps the capacity."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from mastery import services
from mastery.enums import BookingStatus
from mastery.models import OpenLessonBooking
from mastery.tests.factories import OpenLessonFactory

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 30


def test_open_lesson_book_concurrent_bookings_keep_capacity(hub_world):
    lesson = OpenLessonFactory(specialist=hub_world.specialist, capacity=12)
    teachers = [UserFactory(school=(hub_world.school, hub_world.school2)[i % 2], verified=False) for i in range(60)]
    # 30 threads with a connection each, released together, two bookings apiece (the server's connections are
    # shared with other test runs).
    batches = [teachers[i::THREADS] for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def book(batch):
        try:
            barrier.wait()
            for teacher in batch:
                services.open_lesson_book(lesson=lesson, teacher=teacher)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    bookings = list(OpenLessonBooking.objects.filter(lesson=lesson))
    assert len(bookings) == 60 and len({b.teacher_id for b in bookings}) == 60
    assert Counter(b.status for b in bookings) == {BookingStatus.BOOKED: 12, BookingStatus.WAITLISTED: 48}
    assert connection.vendor == "postgresql"
