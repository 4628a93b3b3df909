# The outbox and the opt-outs move to the notifications app. Their tables are renamed, not copied:
# every row stays, with its id, Message-ID and state (notifications/migrations/0001_initial.py takes
# the models over in Django's state; notifications/tests/test_migrations.py proves the rows survive).

import workgroups.models.reminder_settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workgroups", "0006_registration_history_offers_cancellation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="outboxmessage", table="notifications_outboxmessage"),
                migrations.AlterModelTable(name="reminderoptout", table="notifications_optout"),
            ],
            state_operations=[
                migrations.DeleteModel(name="OutboxMessage"),
                migrations.DeleteModel(name="ReminderOptOut"),
            ],
        ),
        migrations.AlterField(
            model_name="hubremindersettings",
            name="session_offset_days",
            field=models.CharField(
                default="7,1",
                help_text="Whole days, separated by commas, e.g. 7,1.",
                max_length=40,
                validators=[workgroups.models.reminder_settings.validate_offset_days],
                verbose_name="days before a session to remind",
            ),
        ),
    ]
