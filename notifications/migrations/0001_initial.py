# Takes over the outbox and the opt-outs from the workgroups app (workgroups 0007 renamed their tables),
# exactly as they were: Django's state only, nothing in the database but the content types, which
# follow the models so that permissions and admin history keep pointing at them.

import django.db.models.deletion
import notifications.models
from django.conf import settings
from django.db import migrations, models

MOVED = (("outboxmessage", "outboxmessage"), ("reminderoptout", "optout"))


def content_types_follow(apps, schema_editor, *, forwards=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for old, new in MOVED:
        (from_app, from_model), (to_app, to_model) = (
            (("workgroups", old), ("notifications", new)) if forwards else (("notifications", new), ("workgroups", old))
        )
        if ContentType.objects.filter(app_label=to_app, model=to_model).exists():
            continue
        content_type = ContentType.objects.filter(app_label=from_app, model=from_model).first()
        if content_type is None:
            continue
        content_type.app_label, content_type.model = to_app, to_model
        content_type.save(update_fields=["app_label", "model"])
        for permission in Permission.objects.filter(content_type=content_type):
            permission.codename = permission.codename.replace(f"_{from_model}", f"_{to_model}")
            permission.save(update_fields=["codename"])


def content_types_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, forwards=False)


KIND_CHOICES = [
    ("session", "Session reminders"),
    ("task_reflection", "Task reflection reminders"),
    ("hub_digest", "Weekly digest of Work Groups short of schools"),
    ("impact_survey", "Impact survey invitations"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("hubs", "0001_initial"),
        ("workgroups", "0007_outbox_moves_to_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OptOut",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(choices=KIND_CHOICES, max_length=30)),
                        ("recipient_key", models.CharField(max_length=260)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(fields=("kind", "recipient_key"), name="unique_reminder_opt_out")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(choices=KIND_CHOICES, max_length=30)),
                        ("object_key", models.CharField(max_length=80)),
                        ("recipient_key", models.CharField(max_length=260)),
                        ("offset_minutes", models.PositiveIntegerField(default=0)),
                        (
                            "to_email",
                            models.EmailField(
                                blank=True, help_text="Only for recipients without an account.", max_length=254
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                    ("skipped", "Skipped"),
                                ],
                                default="queued",
                                max_length=20,
                            ),
                        ),
                        (
                            "message_id",
                            models.CharField(default=notifications.models.message_id_new, max_length=200, unique=True),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("skip_reason", models.CharField(blank=True, max_length=200)),
                        ("due_at", models.DateTimeField()),
                        ("next_attempt_at", models.DateTimeField()),
                        ("dispatched_at", models.DateTimeField(blank=True, null=True)),
                        ("claimed_until", models.DateTimeField(blank=True, null=True)),
                        ("claim_token", models.CharField(blank=True, max_length=32)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "hub",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outbox_messages",
                                to="hubs.hub",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outbox_messages",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outbox_messages",
                                to="workgroups.session",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["due_at", "pk"],
                        "indexes": [
                            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
                            models.Index(fields=["session", "kind"], name="outbox_session_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "object_key", "recipient_key", "offset_minutes"),
                                name="unique_outbox_reminder",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
