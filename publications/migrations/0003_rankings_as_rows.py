from django.db import migrations


def forget_rankings(apps, schema_editor):
    """The stored rankings now keep plain rows; the pages make them again from the snapshots when next read."""
    apps.get_model("publications", "PublishedRanking").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_published_ranking"),
    ]

    operations = [
        migrations.RunPython(forget_rankings, migrations.RunPython.noop),
    ]
