"""Who may read, fill in, submit and appraise which report: one policy, read once per request.

Agencies are untrusted users: a report is found only through the agencies the
user holds a role for, so changing an id in a URL leads to a 404, never to
another agency's data.

- officers and heads read and fill in their own agency's reports; only heads submit;
- appraisers read, return, reopen and approve the reports of the agencies their
  own agency appraises (``Agency.appraiser``): the province's department for
  departments, central agencies and districts (and the two-tier communes), a
  district for its communes.

Editors and administrators work in the Wagtail admin, where Django's
permissions (kept in line with their roles by ``assessments.roles``) decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from assessments.models import Agency, Report, Role, RoleAssignment


@dataclass(frozen=True)
class Access:
    """What one user may do, from their role assignments (one query)."""

    filling: frozenset[int] = frozenset()  # agencies the user is an officer or head of
    heading: frozenset[int] = frozenset()  # agencies the user is head of
    appraising: frozenset[int] = frozenset()  # agencies the user appraises for (whose appraiser they work at)

    def reports(self) -> QuerySet[Report]:
        """Reports the user may read."""
        if not (self.filling or self.appraising):
            return Report.objects.none()
        return Report.objects.filter(Q(agency_id__in=self.filling) | Q(agency__appraiser_id__in=self.appraising))

    def reporting_agencies(self) -> QuerySet[Agency]:
        """The agencies whose reports the user fills in."""
        return Agency.objects.filter(pk__in=self.filling)

    def may_read(self, report: Report) -> bool:
        return self.may_fill_in(report) or self.may_appraise(report)

    def may_fill_in(self, report: Report) -> bool:
        return report.agency_id in self.filling

    def may_submit(self, report: Report) -> bool:
        return report.agency_id in self.heading

    def may_appraise(self, report: Report) -> bool:
        """Return, reopen and approve, as well as read: the report's agency is appraised by the user's."""
        return report.agency.appraiser_id is not None and report.agency.appraiser_id in self.appraising


NOBODY = Access()


def access_for(user) -> Access:
    """The policy of ``user``, read now (one query)."""
    if not user.is_authenticated:
        return NOBODY
    filling, heading, appraising = set(), set(), set()
    for role, agency_id in RoleAssignment.objects.filter(user=user, agency__isnull=False).values_list(
        "role", "agency_id"
    ):
        if role in (Role.OFFICER, Role.HEAD):
            filling.add(agency_id)
        if role == Role.HEAD:
            heading.add(agency_id)
        if role == Role.APPRAISER:
            appraising.add(agency_id)
    return Access(frozenset(filling), frozenset(heading), frozenset(appraising))


def access_of(request: HttpRequest) -> Access:
    """The signed-in person's policy, read once per request whatever the number of questions asked."""
    if not hasattr(request, "_portal_access"):
        request._portal_access = access_for(request.user)
    return request._portal_access


# The same questions for code that holds a user rather than a request (services, the demo).


def can_fill_in(user, report: Report) -> bool:
    return access_for(user).may_fill_in(report)


def can_submit(user, report: Report) -> bool:
    return access_for(user).may_submit(report)


def can_appraise(user, report: Report) -> bool:
    """An appraiser of the agency that appraises the report's agency (``Agency.appraiser``)."""
    return access_for(user).may_appraise(report)
