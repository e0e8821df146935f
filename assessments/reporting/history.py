"""The report's history as sentences people read: who did what to which indicator, from what to what,
and when ("Nguyễn Văn A sửa chỉ số 1.2 «Số văn bản…»: 8 → 9, 14:05 29/11/2026")."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Mapping

from django.utils.translation import gettext as _

from assessments import formatting
from assessments.definitions.indicator import IndicatorDefinition
from assessments.models import EventAction, ReportEvent, Verdict

TITLE_LENGTH = 60
VERDICTS = dict(Verdict.choices)


def _who(event: ReportEvent) -> str:
    if event.user is None:
        return _("Someone no longer registered")
    return event.user.get_full_name() or event.user.username


def _indicator(code: str, indicators: Mapping[str, IndicatorDefinition]) -> str:
    definition = indicators.get(code)
    if definition is None:
        return code
    title = definition.indicator.title
    title = title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"
    return f"{code} «{title}»"


def _number(value) -> str:
    return formatting.points(value) if value not in (None, "") else "…"


def values_text(values: Mapping | None) -> str:
    """The entered values of a history row in words: "3/4", "có", "8", the options, the explanation."""
    if not values:
        return _("(empty)")
    parts = []
    if "value_a" in values or "value_b" in values:
        parts.append(f"{_number(values.get('value_a'))}/{_number(values.get('value_b'))}")
    if "value_bool" in values:
        parts.append(_("yes") if values["value_bool"] else _("no"))
    if "value_number" in values:
        parts.append(_number(values["value_number"]))
    if values.get("value_text"):
        parts.append(str(values["value_text"]))
    if values.get("value_choices"):
        parts.append("; ".join(str(choice) for choice in values["value_choices"]))
    if values.get("justification"):
        parts.append(_("justification: %(text)s") % {"text": values["justification"]})
    if values.get("explanation"):
        parts.append(_("explanation: %(text)s") % {"text": values["explanation"]})
    return ", ".join(parts) or _("(empty)")


def _evidence_text(summary: Mapping | None) -> str:
    summary = dict(summary or {})
    if summary.get("date"):
        # Logged as an ISO date (evidence_summary); written here as people read dates.
        with contextlib.suppress(ValueError):
            summary["date"] = datetime.date.fromisoformat(summary["date"]).strftime("%d/%m/%Y")
    return (
        summary.get("file")
        or summary.get("url")
        or " ".join(str(summary[key]) for key in ("number", "date", "summary") if summary.get(key))
    )


def event_sentence(event: ReportEvent, indicators: Mapping[str, IndicatorDefinition]) -> str:
    """One history row as a sentence, its time at the end."""
    who, when = _who(event), formatting.minute(event.at)
    indicator = _indicator(event.code, indicators)
    if event.action == EventAction.ANSWER:
        old, new = dict(event.old or {}), dict(event.new or {})
        old_score, new_score = old.pop("score", None), new.pop("score", None)
        text = _("%(who)s changed indicator %(indicator)s: %(old)s → %(new)s") % {
            "who": who,
            "indicator": indicator,
            "old": values_text(old),
            "new": values_text(new),
        }
        if old_score != new_score:
            text += " " + _("(score %(old)s → %(new)s)") % {"old": _number(old_score), "new": _number(new_score)}
    elif event.action == EventAction.EVIDENCE_ADDED:
        text = _("%(who)s added evidence to indicator %(indicator)s: %(evidence)s") % {
            "who": who,
            "indicator": indicator,
            "evidence": _evidence_text(event.new),
        }
    elif event.action == EventAction.EVIDENCE_REMOVED:
        text = _("%(who)s removed evidence from indicator %(indicator)s: %(evidence)s") % {
            "who": who,
            "indicator": indicator,
            "evidence": _evidence_text(event.old),
        }
    elif event.action == EventAction.PREFILLED:
        count = (event.new or {}).get("answers", 0)
        text = _("%(who)s started the report, filled in with %(count)s answers from the previous one") % {
            "who": who,
            "count": count,
        }
    elif event.action == EventAction.DECIDED:
        old, new = dict(event.old or {}), dict(event.new or {})
        verdict = VERDICTS.get(new.get("verdict"), new.get("verdict", ""))
        text = _("%(who)s appraised indicator %(indicator)s: %(verdict)s (score %(old)s → %(new)s)") % {
            "who": who,
            "indicator": indicator,
            "verdict": verdict,
            "old": _number(old.get("score")),
            "new": _number(new.get("score")),
        }
        if new.get("reason"):
            text += " · " + _("reason: %(reason)s") % {"reason": new["reason"]}
    elif event.action == EventAction.REPLIED:
        text = _("%(who)s replied to the appraiser on indicator %(indicator)s: %(reply)s") % {
            "who": who,
            "indicator": indicator,
            "reply": (event.new or {}).get("reply", ""),
        }
    else:  # a workflow transition
        text = f"{who}: {event.get_action_display()}"
        new = event.new if isinstance(event.new, Mapping) else {}
        if new.get("reason"):
            text += " · " + _("reason: %(reason)s") % {"reason": new["reason"]}
    return f"{text}, {when}"
