"""Data of the assessments: agencies, people and roles, criteria sets, reporting periods, reports, appraisal."""

from .agencies import Agency, AgencyLevel
from .appraisal import AppraisalRound, IndicatorDecision, RoundOutcome, Verdict
from .criteria import CriteriaSetBand, CriteriaSetPage
from .people import Role, RoleAssignment
from .periods import PeriodKind, ReportingPeriod
from .reports import (
    ANSWER_DECIMAL_PLACES,
    ANSWER_NUMBER_LIMIT,
    HANDED_IN,
    Answer,
    EventAction,
    Evidence,
    EvidenceKind,
    ReminderSent,
    Report,
    ReportEvent,
    ReportStatus,
)
from .results import ResultSnapshot

__all__ = [
    "ANSWER_DECIMAL_PLACES",
    "ANSWER_NUMBER_LIMIT",
    "HANDED_IN",
    "Agency",
    "AgencyLevel",
    "Answer",
    "AppraisalRound",
    "CriteriaSetBand",
    "CriteriaSetPage",
    "EventAction",
    "Evidence",
    "EvidenceKind",
    "IndicatorDecision",
    "PeriodKind",
    "ReminderSent",
    "Report",
    "ReportEvent",
    "ReportStatus",
    "ReportingPeriod",
    "ResultSnapshot",
    "Role",
    "RoleAssignment",
    "RoundOutcome",
    "Verdict",
]
