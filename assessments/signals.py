"""Keeps Wagtail's access in line with role assignments, however they change (admin, import, code)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from assessments.models import Evidence, RoleAssignment
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
