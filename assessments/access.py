"""Who may see and change which report. Every reporting view goes through these queries.

Agencies are untrusted users: a report is found only through the agencies the
user holds a role for, so changing an id in a URL leads to a 404, never to
another agency's data.
"""

from django.db.models import Q, QuerySet

from assessments.models import Agency, Report, Role


def agencies_of(user, roles: set[str]) -> QuerySet[Agency]:
    """Agencies for which ``user`` holds one of ``roles``."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(role_assignments__user=user, role_assignments__role__in=roles).distinct()


def reports_for(user) -> QuerySet[Report]:
    """Reports ``user`` may read: their own agency's (officer, head), or those of agencies they appraise."""
    if not user.is_authenticated:
        return Report.objects.none()
    own = agencies_of(user, {Role.OFFICER, Role.HEAD})
    appraised = Agency.objects.filter(appraiser__in=agencies_of(user, {Role.APPRAISER}))
    return Report.objects.filter(Q(agency__in=own) | Q(agency__in=appraised))


def can_fill_in(user, report: Report) -> bool:
    return agencies_of(user, {Role.OFFICER, Role.HEAD}).filter(pk=report.agency_id).exists()


def can_submit(user, report: Report) -> bool:
    return agencies_of(user, {Role.HEAD}).filter(pk=report.agency_id).exists()
