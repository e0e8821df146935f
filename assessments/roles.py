"""Keeping Wagtail's own access in line with the portal's editor and administrator roles.

Only those two roles touch Wagtail's access, and only when such a role is given
or taken away: a superuser who is also made an appraiser stays a superuser.
"""

from django.contrib.auth.models import Group

from assessments.models.people import Role, RoleAssignment
from home.moderation import EDITORS_GROUP

# Wagtail's migrations create this group (renamed in Vietnamese); editors draft and submit, moderators publish.
EDITOR_GROUP = EDITORS_GROUP


def grant_wagtail_access(assignment: RoleAssignment) -> None:
    user = assignment.user
    if assignment.role == Role.EDITOR:
        group = Group.objects.filter(name=EDITOR_GROUP).first()
        if group is not None:
            user.groups.add(group)
    elif assignment.role == Role.ADMINISTRATOR and not (user.is_superuser and user.is_staff):
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])


def revoke_wagtail_access(assignment: RoleAssignment) -> None:
    user = assignment.user
    if RoleAssignment.objects.filter(user=user, role=assignment.role).exists():
        return  # the user still holds the role through another assignment
    if assignment.role == Role.EDITOR:
        user.groups.remove(*Group.objects.filter(name=EDITOR_GROUP))
    elif assignment.role == Role.ADMINISTRATOR and user.is_superuser:
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
