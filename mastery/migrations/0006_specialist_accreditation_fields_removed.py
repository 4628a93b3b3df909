"""The specialist's single PD Lead status and date give way to their accreditations (0004, filled by 0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mastery", "0005_accreditations_from_specialists"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="masteryspecialist",
            name="accredited_on_iff_accredited",
        ),
        migrations.RemoveIndex(
            model_name="masteryspecialist",
            name="mastery_mas_cohort__1c300c_idx",
        ),
        migrations.RemoveField(
            model_name="masteryspecialist",
            name="accreditation_status",
        ),
        migrations.RemoveField(
            model_name="masteryspecialist",
            name="accredited_on",
        ),
    ]
