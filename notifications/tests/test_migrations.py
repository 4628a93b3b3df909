"""The outbox moved from the workgroups app to this one: its migrations keep every row."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.enums import OutboxStatus
from notifications.models import OptOut, OutboxMessage
from notifications.services import message_enqueue
from schools.tests.factories import SchoolFactory
from workgroups.enums import MailKind
from workgroups.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

MOVE = ("workgroups", "0007_outbox_moves_to_notifications")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader


def test_migrations_to_the_notifications_app_keep_every_outbox_row_and_opt_out():
    session = SessionFactory()
    hub, user, school = session.work_group.hub, UserFactory(), SchoolFactory()
    content_type = ContentType.objects.get_for_model(OutboxMessage)
    graph = MigrationExecutor(connection).loader.graph
    (before,) = graph.node_map[MOVE].parents  # the workgroups migration the move follows
    # Every app back at its latest migration afterwards: unapplying notifications and workgroups also unapplies the
    # migrations of other apps that depend on them (mastery's), and later tests need their tables.
    latest = graph.leaf_nodes()
    due = timezone.now() - datetime.timedelta(hours=1)

    # The database as it was before the move, with rows in the old tables.
    loader = _migrate([("notifications", None), before.key])
    old = loader.project_state([before.key]).apps
    Old, OldOptOut = old.get_model("workgroups", "OutboxMessage"), old.get_model("workgroups", "ReminderOptOut")
    common = {"hub_id": hub.pk, "due_at": due, "next_attempt_at": due}
    sent = Old.objects.create(
        kind="session", object_key=f"session:{session.pk}", recipient_key=f"user:{user.pk}", recipient_id=user.pk,
        offset_minutes=1440, session_id=session.pk, status="sent", attempts=3, last_error="451 busy",
        message_id="<reminder.kept@mathshubs.example>", sent_at=due, **common,
    )  # fmt: skip
    failed = Old.objects.create(
        kind="impact_survey", object_key=f"survey:7:{school.pk}", recipient_key="email:head@school.example",
        to_email="head@school.example", status="failed", attempts=6, message_id="<reminder.failed@x>", **common,
    )  # fmt: skip
    queued = Old.objects.create(
        kind="hub_digest", object_key=f"hub:{hub.pk}:2026-W48", recipient_key=f"user:{user.pk}",
        recipient_id=user.pk, message_id="<reminder.queued@x>", claim_token="dead-worker", **common,
    )  # fmt: skip
    opt_out = OldOptOut.objects.create(kind="task_reflection", recipient_key=f"user:{user.pk}")

    _migrate(latest)

    rows = {row.pk: row for row in OutboxMessage.objects.all()}
    assert set(rows) == {sent.pk, failed.pk, queued.pk}
    kept = rows[sent.pk]
    assert (kept.kind, kept.object_key, kept.recipient_id, kept.offset_minutes, kept.hub_id) == (
        "session",
        f"session:{session.pk}",
        user.pk,
        1440,
        hub.pk,
    )
    assert (kept.status, kept.attempts, kept.last_error, kept.message_id, kept.sent_at) == (
        OutboxStatus.SENT,
        3,
        "451 busy",
        "<reminder.kept@mathshubs.example>",
        due,
    )
    assert (kept.topic_type, kept.topic_id) == ("workgroups.session", session.pk)
    assert (rows[failed.pk].topic_type, rows[failed.pk].topic_id) == ("schools.school", school.pk)
    assert (rows[failed.pk].status, rows[failed.pk].to_email) == (OutboxStatus.FAILED, "head@school.example")
    assert (rows[queued.pk].topic_type, rows[queued.pk].claim_token) == ("", "dead-worker")
    assert list(OptOut.objects.values_list("pk", "kind", "recipient_key")) == [
        (opt_out.pk, "task_reflection", f"user:{user.pk}")
    ]
    # The content type (and so permissions and admin history) followed the model instead of being made anew.
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(OutboxMessage).pk == content_type.pk
    # New rows carry on after the old ones.
    (new,) = message_enqueue(
        kind=MailKind.REGISTRATION_APPROVED, object_key="registration:1:x", recipients=[user], hub=hub, due_at=due
    )
    assert new > max(rows)
