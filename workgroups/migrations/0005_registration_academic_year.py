# Registration.academic_year: a copy of its Work Group's year, so yearly reports read one year only.
# Added nullable, filled from each registration's Work Group, then made required.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_work_group_year(apps, schema_editor):
    Registration = apps.get_model("workgroups", "Registration")
    WorkGroup = apps.get_model("workgroups", "WorkGroup")
    Registration.objects.update(
        academic_year_id=Subquery(WorkGroup.objects.filter(pk=OuterRef("work_group_id")).values("academic_year_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workgroups", "0004_reminder_kind_impact_survey"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="academic_year",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="workgroups.academicyear",
            ),
        ),
        migrations.RunPython(copy_work_group_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="academic_year",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="workgroups.academicyear",
            ),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["academic_year", "status"], name="workgroups__academi_0aad69_idx"),
        ),
    ]
