import django.db.models.deletion
from django.db import migrations, models


def forget_rankings(apps, schema_editor):
    """Rankings are now made with each agency's entry and the indicators' titles: the pages make both again
    from the snapshots when next read."""
    apps.get_model("publications", "PublishedRanking").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_appraisal_reply"),
        ("publications", "0003_rankings_as_rows"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedAgencyResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=64)),
                ("data", models.JSONField()),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="assessments.resultsnapshot",
                    ),
                ),
            ],
            options={
                "verbose_name": "published agency result",
                "verbose_name_plural": "published agency results",
                "indexes": [models.Index(fields=["code"], name="publications_entry_code")],
                "constraints": [
                    models.UniqueConstraint(fields=("snapshot", "code"), name="publications_one_entry_per_agency")
                ],
            },
        ),
        migrations.RunPython(forget_rankings, migrations.RunPython.noop),
    ]
