# Registration.updated_at and NationalProject.updated_at: when each last changed, for the API's modified_since.
# Existing rows take the migration's time (the database default), so a first sync reads them all.

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workgroups", "0008_work_group_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="nationalproject",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now()),
        ),
        migrations.AddField(
            model_name="registration",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now()),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["updated_at"], name="workgroups__updated_5aee66_idx"),
        ),
    ]
