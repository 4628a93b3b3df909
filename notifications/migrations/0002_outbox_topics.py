# Rows name what they are about generically (topic_type, topic_id) instead of by a foreign key to a
# Work Group session, and may carry a recipient's name and a small context. Existing rows get the topic
# their session or school gave them.

from django.db import migrations, models
from django.db.models import F

SESSION = "workgroups.session"
SCHOOL = "schools.school"


def topics_fill(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    OutboxMessage.objects.filter(session__isnull=False).update(topic_type=SESSION, topic_id=F("session_id"))
    surveys = []
    for row in OutboxMessage.objects.filter(kind="impact_survey").only("pk", "object_key").iterator():
        row.topic_type, row.topic_id = SCHOOL, int(row.object_key.rsplit(":", 1)[1])
        surveys.append(row)
    OutboxMessage.objects.bulk_update(surveys, ["topic_type", "topic_id"], batch_size=1000)


def topics_back(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    Session = apps.get_model("workgroups", "Session")
    rows = OutboxMessage.objects.filter(topic_type=SESSION, topic_id__in=Session.objects.values("pk"))
    rows.update(session_id=F("topic_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="topic_type",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="topic_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="to_name",
            field=models.CharField(blank=True, help_text="Only for recipients without an account.", max_length=200),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="context",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(topics_fill, topics_back),
    ]
