"""Keeps Wagtail's access in line with role assignments, however they change (admin, import, code); removes
evidence files with their rows; opens the next appraisal round when a report comes back to its appraiser."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from assessments.appraisal.decisions import open_round
from assessments.models import Evidence, RoleAssignment
from assessments.reporting.workflow import Action, report_transitioned
from assessments.roles import grant_wagtail_access, revoke_wagtail_access


@receiver(pre_save, sender=RoleAssignment)
def remember_previous_role(sender, instance: RoleAssignment, **kwargs) -> None:
    previous = RoleAssignment.objects.filter(pk=instance.pk).select_related("user").first() if instance.pk else None
    instance._previous = previous


@receiver(post_save, sender=RoleAssignment)
def role_given(sender, instance: RoleAssignment, **kwargs) -> None:
    previous = getattr(instance, "_previous", None)
    if previous is not None and (previous.role, previous.user_id) != (instance.role, instance.user_id):
        revoke_wagtail_access(previous)
    grant_wagtail_access(instance)


@receiver(post_delete, sender=RoleAssignment)
def role_taken(sender, instance: RoleAssignment, **kwargs) -> None:
    revoke_wagtail_access(instance)


@receiver(post_delete, sender=Evidence)
def evidence_deleted(sender, instance: Evidence, **kwargs) -> None:
    """Files go with their evidence row, also when a whole report is deleted (the rows cascade).

    Only once the deletion is committed: a rolled-back removal keeps its file.
    """
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


@receiver(report_transitioned)
def open_next_appraisal_round(sender, report, action, user, **kwargs) -> None:
    """A resubmission, or an approved appraisal taken up again, opens the next round at once, carrying the
    previous round's decisions over, so the appraiser sees them when the report comes back."""
    if action == Action.REAPPRAISE or (action == Action.SUBMIT and report.appraisal_rounds.exists()):
        open_round(report, report.submitted_at)
