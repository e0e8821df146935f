"""What the agency reads of the appraisal while its report is back in its hands: the appraiser's comment,
the date to answer by, and the reason given for each queried or corrected indicator."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    AppraisalRound,
    EventAction,
    IndicatorDecision,
    Report,
    ReportEvent,
    ReportStatus,
    RoundOutcome,
)

# The agency's reply to a reason is posted with the group's answers, as ``tra-loi__<indicator code>``.
REPLY_PREFIX = "tra-loi__"
REPLY_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Feedback:
    comment: str
    respond_by: datetime.datetime | None
    returned_at: datetime.datetime
    reasons: dict[str, str]  # indicator code → the appraiser's reason
    replies: dict[str, str]  # indicator code → the agency's reply so far
    round_id: int


def open_feedback(report: Report) -> Feedback | None:
    """The round that sent the report back, while the agency is answering it (none for an ordinary draft,
    two queries at most otherwise)."""
    # A return and a reopening always give the agency a date (reopened_until); an ordinary draft has none,
    # so the group pages an officer saves all day ask nothing more of the database.
    if report.status not in (ReportStatus.RETURNED, ReportStatus.DRAFT) or report.reopened_until is None:
        return None
    last = (
        AppraisalRound.objects.filter(report=report, closed_at__isnull=False)
        .order_by("-number")
        .prefetch_related("decisions")
        .first()
    )
    if last is None or last.outcome not in (RoundOutcome.RETURNED, RoundOutcome.REOPENED):
        return None
    decisions = [decision for decision in last.decisions.all() if decision.reason]
    return Feedback(
        comment=last.comment,
        respond_by=last.respond_by,
        returned_at=last.closed_at,
        reasons={decision.code: decision.reason for decision in decisions},
        replies={decision.code: decision.reply for decision in decisions},
        round_id=last.pk,
    )


def posted_replies(post: Mapping[str, str], feedback: Feedback) -> dict[str, str]:
    """The replies a posted group form carries, for the indicators the appraiser gave a reason on
    (any other ``tra-loi__`` value is ignored); cut to the stored length, line ends kept."""
    replies = {}
    for code in feedback.reasons:
        value = post.get(REPLY_PREFIX + code)
        if value is not None:
            replies[code] = value.replace("\r\n", "\n").strip()[:REPLY_MAX_LENGTH]
    return replies


@transaction.atomic
def save_replies(report: Report, feedback: Feedback, replies: Mapping[str, str], user, now=None) -> int:
    """Stores the replies that changed, each logged in the report's history; returns how many changed."""
    now = now or timezone.now()
    changed = 0
    decisions = IndicatorDecision.objects.select_for_update().filter(round_id=feedback.round_id, code__in=replies)
    for decision in decisions:
        reply = replies[decision.code]
        if reply == decision.reply:
            continue
        old = decision.reply
        decision.reply, decision.replied_at, decision.replied_by = reply, now, user
        decision.save(update_fields=["reply", "replied_at", "replied_by"])
        ReportEvent.objects.create(
            report=report,
            user=user,
            action=EventAction.REPLIED,
            code=decision.code,
            old={"reply": old} if old else None,
            new={"reply": reply},
        )
        changed += 1
    return changed


def answer_feedback(post: Mapping[str, str], report: Report, user) -> None:
    """Saves the replies posted with a group's answers, whatever becomes of the answers themselves
    (a reply is the agency's words to the appraiser, valid even while a number is being corrected)."""
    feedback = open_feedback(report)
    if feedback is not None:
        save_replies(report, feedback, posted_replies(post, feedback), user)
