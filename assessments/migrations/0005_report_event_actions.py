"""History events get a typed action. The old "status" events become the transition they recorded,
read from their old and new statuses; their values become {"status": …} like the new events'."""

from django.db import migrations, models


def transition_of(old, new) -> str:
    if new == "draft":
        return "reopened" if old == "submitted" else "started"
    if new == "submitted":
        return "resubmitted" if old == "returned" else "submitted"
    return {"returned": "returned", "appraised": "approved"}.get(new, "started")


def type_status_events(apps, schema_editor):
    ReportEvent = apps.get_model("assessments", "ReportEvent")
    for event in ReportEvent.objects.filter(action="status").iterator():
        old, new = event.old, event.new
        event.action = transition_of(old, new)
        event.old = {"status": old} if isinstance(old, str) else old
        event.new = {"status": new} if isinstance(new, str) else new
        event.save(update_fields=["action", "old", "new"])


TRANSITIONS = ["started", "submitted", "resubmitted", "returned", "reopened", "approved"]


def untype_status_events(apps, schema_editor):
    ReportEvent = apps.get_model("assessments", "ReportEvent")
    for event in ReportEvent.objects.filter(action__in=TRANSITIONS).iterator():
        event.action = "status"
        event.old = event.old.get("status") if isinstance(event.old, dict) else event.old
        event.new = event.new.get("status") if isinstance(event.new, dict) else event.new
        event.save(update_fields=["action", "old", "new"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_period_opens_at")]

    operations = [
        migrations.AlterField(
            model_name="reportevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("answer", "answer changed"),
                    ("evidence_added", "evidence added"),
                    ("evidence_removed", "evidence removed"),
                    ("prefilled", "pre-filled from the previous report"),
                    ("started", "report started"),
                    ("submitted", "report submitted"),
                    ("resubmitted", "report submitted again"),
                    ("returned", "report returned"),
                    ("reopened", "report reopened"),
                    ("approved", "appraisal approved"),
                ],
                max_length=40,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(type_status_events, untype_status_events),
    ]
