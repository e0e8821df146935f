"""Page types and settings of the public site."""

from .decisions import DecisionIndexPage, DecisionPage, DecisionStatus
from .guidance import GuidanceIndexPage, GuidancePage
from .home import HomePage
from .information import InformationPage
from .jobs import BackgroundJob, JobStatus
from .settings import PortalSettings

__all__ = [
    "BackgroundJob",
    "DecisionIndexPage",
    "DecisionPage",
    "DecisionStatus",
    "GuidanceIndexPage",
    "GuidancePage",
    "HomePage",
    "InformationPage",
    "JobStatus",
    "PortalSettings",
]
