"""Data of the assessments: agencies, people and roles, criteria sets, reporting periods."""

from .agencies import Agency, AgencyLevel
from .criteria import CriteriaSetBand, CriteriaSetPage
from .people import Role, RoleAssignment
from .periods import PeriodKind, ReportingPeriod

__all__ = [
    "Agency",
    "AgencyLevel",
    "CriteriaSetBand",
    "CriteriaSetPage",
    "PeriodKind",
    "ReportingPeriod",
    "Role",
    "RoleAssignment",
]
