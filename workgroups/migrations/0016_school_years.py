import django.db.models.deletion
from django.db import migrations, models


def fold_school_years(apps, schema_editor):
    """Each school's years from the participations already kept (a database with a history reads it at once)."""
    from workgroups.services.school_years import school_years_rebuild  # noqa: PLC0415 - the migration's own models

    school_years_rebuild(
        participation_model=apps.get_model("workgroups", "SchoolParticipation"),
        school_year_model=apps.get_model("workgroups", "SchoolYear"),
        summary_model=apps.get_model("hubs", "SchoolRegisterSummary"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0003_open_school_counts"),
        ("schools", "0003_grid_references"),
        ("workgroups", "0015_participation_year_and_ran"),
    ]

    operations = [
        migrations.CreateModel(
            name="SchoolYear",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("completed", models.BooleanField(default=False)),
                ("completed_rank", models.PositiveSmallIntegerField(default=0)),
                ("phase", models.CharField(blank=True, max_length=20)),
                ("disadvantaged", models.BooleanField(default=False)),
                (
                    "academic_year",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="workgroups.academicyear",
                    ),
                ),
                (
                    "hub",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="hubs.hub",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="schools.school",
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("school", "academic_year"), name="one_school_year")],
            },
        ),
        migrations.RunPython(fold_school_years, migrations.RunPython.noop),
    ]
