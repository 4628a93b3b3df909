from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery

RUN_STATUSES = ("open", "closed", "running", "completed")


def copy_year_and_ran(apps, schema_editor):
    """Existing participations take their Work Group's academic year and whether it ran, in one update."""
    SchoolParticipation = apps.get_model("workgroups", "SchoolParticipation")
    WorkGroup = apps.get_model("workgroups", "WorkGroup")
    group = WorkGroup.objects.filter(pk=OuterRef("work_group_id"))
    SchoolParticipation.objects.update(
        academic_year_id=Subquery(group.values("academic_year_id")[:1]),
        ran=Exists(group.filter(status__in=RUN_STATUSES)),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workgroups", "0014_trend_summaries"),
    ]

    operations = [
        migrations.AddField(
            model_name="schoolparticipation",
            name="academic_year",
            field=models.ForeignKey(
                null=True, on_delete=models.deletion.CASCADE, related_name="+", to="workgroups.academicyear"
            ),
        ),
        migrations.AddField(
            model_name="schoolparticipation",
            name="ran",
            field=models.BooleanField(
                default=False, help_text="The Work Group is published and not cancelled (RUN_STATUSES)."
            ),
        ),
        migrations.RunPython(copy_year_and_ran, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="schoolparticipation",
            name="academic_year",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+", to="workgroups.academicyear"),
        ),
        migrations.AddIndex(
            model_name="schoolparticipation",
            index=models.Index(
                condition=models.Q(("ran", True)), fields=["academic_year", "school"], name="participation_ran_in_year"
            ),
        ),
    ]
