"""Data of the assessments: agencies, people and roles, criteria sets, reporting periods."""

from .agencies import Agency, AgencyLevel
from .criteria import CriteriaSetBand, CriteriaSetPage
from .people import Role, RoleAssignment
from .periods import PeriodKind, ReportingPeriod
from .reports import Answer, Evidence, EvidenceKind, ReminderSent, Report, ReportEvent, ReportStatus

__all__ = [
    "Agency",
    "AgencyLevel",
    "Answer",
    "CriteriaSetBand",
    "CriteriaSetPage",
    "Evidence",
    "EvidenceKind",
    "PeriodKind",
    "ReminderSent",
    "Report",
    "ReportEvent",
    "ReportStatus",
    "ReportingPeriod",
    "Role",
    "RoleAssignment",
]
