"""What the appraiser reads of one report: per indicator, the agency's answer, explanation and evidence,
the self-score and this round's decision; and the earlier rounds. A constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from assessments.definitions.indicator import IndicatorDefinition
from assessments.definitions.methods import spec_for
from assessments.formatting import score_text
from assessments.models import Answer as AnswerRow
from assessments.models import AppraisalRound, Evidence, IndicatorDecision, Report, RoundOutcome, Verdict
from assessments.reporting.answers import answer_text, engine_answer, stored_values
from assessments.reporting.services import pinned_criteria
from assessments.scoring import Indicator, IndicatorScore, ReportScore, score_indicator

from .decisions import final_score


@dataclass
class IndicatorReview:
    group_code: str
    group_title: str
    indicator: Indicator
    definition: IndicatorDefinition
    answer: str
    explanation: str
    evidence: list[Evidence]
    self_score: str
    decision: IndicatorDecision | None
    corrected_answer: str = ""
    appraised_score: str = ""
    form: object = None
    error: str = ""
    asked: str = ""  # the reason given when the report was last sent back, and the agency's reply
    reply: str = ""


@dataclass
class Review:
    report: Report
    indicators: list[IndicatorReview]
    self_total: ReportScore
    final_total: ReportScore
    current_round: AppraisalRound | None
    past_rounds: list[AppraisalRound] = field(default_factory=list)

    @property
    def queried(self) -> list[IndicatorReview]:
        return [item for item in self.indicators if item.decision and item.decision.verdict == Verdict.QUERIED]

    @property
    def undecided(self) -> int:
        return sum(1 for item in self.indicators if item.decision is None)


def build_review(report: Report) -> Review:
    pinned = pinned_criteria(report.period)
    criteria = pinned.scoring
    rows = {row.code: row for row in AnswerRow.objects.filter(report=report)}
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(report=report):
        evidence[item.code].append(item)
    rounds = list(AppraisalRound.objects.filter(report=report).order_by("number").prefetch_related("decisions"))
    current = rounds[-1] if rounds and rounds[-1].is_open else None
    decisions = {d.code: d for d in current.decisions.all()} if current else {}
    sent_back = [r for r in rounds if r.outcome in (RoundOutcome.RETURNED, RoundOutcome.REOPENED)]
    asked = {d.code: d for d in sent_back[-1].decisions.all() if d.reason} if sent_back else {}
    items = []
    for group in criteria.groups:
        for indicator in group.indicators:
            row = rows.get(indicator.code)
            decision = decisions.get(indicator.code)
            self_result = score_indicator(indicator, engine_answer(indicator, row))
            item = IndicatorReview(
                group_code=group.code,
                group_title=pinned.titles.get(group.code, ""),
                indicator=indicator,
                definition=pinned.indicators[indicator.code],
                answer=answer_text(indicator, row),
                explanation=row.explanation if row else "",
                evidence=evidence.get(indicator.code, []),
                self_score=score_text(self_result),
                decision=decision,
                asked=asked[indicator.code].reason if indicator.code in asked else "",
                reply=asked[indicator.code].reply if indicator.code in asked else "",
            )
            if decision is not None and decision.verdict == Verdict.CORRECTED:
                corrected = spec_for(indicator).answer(indicator, stored_values(decision))
                item.corrected_answer = spec_for(indicator).text(indicator, corrected) if corrected is not None else "—"
                item.appraised_score = score_text(
                    IndicatorScore(
                        decision.appraised_score, indicator.max_points, decision.not_applicable, decision.pending
                    )
                )
            items.append(item)
    answers = list(rows.values())
    return Review(
        report=report,
        indicators=items,
        self_total=final_score(criteria, answers, []),
        final_total=final_score(criteria, answers, decisions.values()),
        current_round=current,
        past_rounds=[r for r in rounds if not r.is_open],
    )
