# The outbox no longer points at Work Group sessions (its topic says what a row is about), kinds are
# any registered name (no fixed choices: each app declares its own), and a row may belong to no hub.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0001_initial"),
        ("notifications", "0002_outbox_topics"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_session_idx"),
        migrations.RemoveField(model_name="outboxmessage", name="session"),
        migrations.AlterField(model_name="outboxmessage", name="kind", field=models.CharField(max_length=50)),
        migrations.AlterField(model_name="outboxmessage", name="object_key", field=models.CharField(max_length=120)),
        migrations.AlterField(
            model_name="outboxmessage",
            name="hub",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outbox_messages",
                to="hubs.hub",
            ),
        ),
        migrations.AlterField(model_name="optout", name="kind", field=models.CharField(max_length=50)),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["topic_type", "topic_id", "kind"], name="outbox_topic_idx"),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["hub", "-due_at"], name="outbox_hub_due_idx"),
        ),
    ]
