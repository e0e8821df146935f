"""Data of the assessments: agencies, people and roles, criteria sets, reporting periods."""

from .agencies import Agency, AgencyLevel
from .criteria import CriteriaSetBand, CriteriaSetPage
from .people import Role, RoleAssignment
from .periods import PeriodKind, ReportingPeriod
from .reports import (
    ANSWER_DECIMAL_PLACES,
    ANSWER_NUMBER_LIMIT,
    Answer,
    EventAction,
    Evidence,
    EvidenceKind,
    ReminderSent,
    Report,
    ReportEvent,
    ReportStatus,
)

__all__ = [
    "ANSWER_DECIMAL_PLACES",
    "ANSWER_NUMBER_LIMIT",
    "Agency",
    "AgencyLevel",
    "Answer",
    "CriteriaSetBand",
    "CriteriaSetPage",
    "EventAction",
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
