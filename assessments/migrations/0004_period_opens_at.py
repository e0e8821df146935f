"""Periods get an opening moment. Existing periods open as the rules in period_rules.plan_year say:
the 3-month update the day after the previous annual cut-off, the others the day after the update
before them closes (15 March, 15 June, 15 September), at 00:00 local time."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models

# The first day after the period that closes before each kind (the rules as they stood here).
OPENS_ON = {"6m": (3, 15), "9m": (6, 15), "annual": (9, 15)}


def fill_opening(apps, schema_editor):
    zone = ZoneInfo(settings.TIME_ZONE)
    ReportingPeriod = apps.get_model("assessments", "ReportingPeriod")
    for period in ReportingPeriod.objects.all():
        if period.kind in OPENS_ON:
            month, day = OPENS_ON[period.kind]
            first_day = datetime.date(period.year, month, day)
        else:
            first_day = period.data_start + datetime.timedelta(days=1)
        opens = datetime.datetime.combine(first_day, datetime.time(0, 0), tzinfo=zone)
        period.opens_at = min(opens, period.submission_deadline - datetime.timedelta(days=1))
        period.save(update_fields=["opens_at"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_reminders")]

    operations = [
        migrations.AddField(
            model_name="reportingperiod",
            name="opens_at",
            field=models.DateTimeField(null=True, verbose_name="opens at"),
        ),
        migrations.RunPython(fill_opening, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reportingperiod",
            name="opens_at",
            field=models.DateTimeField(
                help_text="The first moment reports can be started, changed or submitted (generated from the rules).",
                verbose_name="opens at",
            ),
        ),
    ]
