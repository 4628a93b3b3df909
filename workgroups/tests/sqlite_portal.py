"""The portal on its embedded default, SQLite, in a process of its own: for the test that signs teachers up at once.

``seed`` runs in a subprocess whose settings point at a fresh SQLite file (``DATABASE_URL=sqlite:///…``); it
creates an open Work Group and the teachers, logs each in, and prints what the test needs as JSON.
"""

import datetime
import json

from django.test import Client
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hubs.tests.factories import HubAreaFactory, HubFactory
from schools.tests.factories import LocalAuthorityFactory, SchoolFactory
from workgroups.tests.factories import SessionFactory, WorkGroupFactory


def seed(teachers: int) -> None:
    hub = HubFactory(name="Embedded")
    local_authority = HubAreaFactory(hub=hub, local_authority=LocalAuthorityFactory()).local_authority
    work_group = WorkGroupFactory(hub=hub, capacity=teachers // 2, teachers_per_school=teachers)
    SessionFactory(work_group=work_group, number=1, starts_at=timezone.now() + datetime.timedelta(days=10))
    people = []
    for n in range(teachers):
        school = SchoolFactory(local_authority=local_authority)
        teacher = UserFactory(school=school)
        client = Client()
        client.force_login(teacher)
        people.append({"session": client.cookies["sessionid"].value, "school": school.pk, "n": n})
    print(json.dumps({"work_group": work_group.pk, "teachers": people}))
