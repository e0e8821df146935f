"""People and roles: which user does what, for which agency."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("agency officer (fills in reports)")
    HEAD = "head", _("agency head (submits reports)")
    APPRAISER = "appraiser", _("appraiser")
    EDITOR = "editor", _("editor")
    ADMINISTRATOR = "administrator", _("administrator")


# Roles that act for one agency: its own reports, or (appraisers) the reports of the agencies it appraises.
AGENCY_ROLES = {Role.OFFICER, Role.HEAD, Role.APPRAISER}


class RoleAssignment(models.Model):
    """A user holds a role, for an agency where the role acts for one.

    An appraiser's scope is the agencies whose "appraised by" is the appraiser's
    agency: the province's department for departments, central agencies and
    districts; each district for its communes.
    """

    # Links a person and an agency, no Wagtail content: kept out of Wagtail's reference index (see Agency).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        "assessments.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="unique_role_per_agency"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(agency__isnull=True), name="unique_role_without_agency"
            ),
        ]

    def __str__(self) -> str:
        agency = f" · {self.agency}" if self.agency_id else ""
        return f"{self.user} · {self.get_role_display()}{agency}"

    def clean(self):
        if self.role in AGENCY_ROLES and not self.agency_id:
            raise ValidationError({"agency": _("This role acts for an agency: choose it.")})
        if self.role not in AGENCY_ROLES and self.agency_id:
            raise ValidationError({"agency": _("This role does not act for an agency: leave it empty.")})
