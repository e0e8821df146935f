"""Keeping Wagtail's own access in line with the portal's roles."""

from django.contrib.auth.models import Group

from assessments.models.people import Role

# Wagtail's migrations create these groups; editors draft and submit, moderators publish.
EDITOR_GROUP = "Editors"


def sync_wagtail_access(user) -> None:
    """Editors join Wagtail's Editors group; administrators become superusers. Others lose both."""
    roles = set(user.role_assignments.values_list("role", flat=True))
    editors = Group.objects.filter(name=EDITOR_GROUP).first()
    if editors is not None:
        if Role.EDITOR in roles:
            user.groups.add(editors)
        else:
            user.groups.remove(editors)
    is_admin = Role.ADMINISTRATOR in roles
    if user.is_superuser != is_admin or (is_admin and not user.is_staff):
        user.is_superuser = is_admin
        user.is_staff = is_admin or user.is_staff
        user.save(update_fields=["is_superuser", "is_staff"])
