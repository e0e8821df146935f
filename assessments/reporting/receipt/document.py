"""What the receipt says, as plain data: the letterhead, the period and criteria, every indicator, the
scores, who submitted and when, the signature and the recipients. The layout (layout.py) only draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import formatting
from assessments.formatting import points, score_text
from assessments.models import Answer, Evidence, Report
from assessments.reporting.answers import answer_text
from assessments.reporting.receipt import letterhead
from assessments.reporting.receipt.letterhead import nfc
from assessments.scoring import CriteriaSet, ReportScore

# Agency levels whose direct superior is the province's People's Committee when no parent is recorded:
# the province's departments, its districts and, in the two-tier years, its communes.
PROVINCE_LEVELS = frozenset({"department", "district", "commune"})


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    title: str
    answer: str
    score: str
    evidence: str


@dataclass(frozen=True)
class GroupLines:
    code: str
    title: str
    score: str
    max_points: str
    indicators: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class Receipt:
    superior: str  # the issuing agency's superior, in capitals ("" when it has none)
    issuer: str  # the issuing agency, in capitals
    number_line: str
    date_line: str
    summary: str
    period: str
    data_window: str
    criteria: str
    decision: str
    groups: tuple[GroupLines, ...]
    total: str
    max_points: str
    band: str
    submitted_at: str  # dd/mm/yyyy HH:MM, local time
    submitted_by: str
    late: bool
    reference: str
    verification_code: str
    check_address: str
    recipients: tuple[str, ...]
    signer_title: str
    signer_name: str
    title: str  # the PDF's metadata title


def superior_of(report: Report, province: str) -> str:
    agency = report.agency
    if agency.parent_id:
        return agency.parent.name
    if province.strip() and agency.level.code in PROVINCE_LEVELS:
        return f"UBND tỉnh {province.strip()}"
    return ""


def evidence_text(items: Iterable[Evidence], explanation: str) -> str:
    """File names, document references and addresses, then the explanation of what is missing."""
    labels = [
        item.original_name or " ".join(filter(None, [item.document_number, item.document_summary])) or item.url
        for item in items
    ]
    if explanation.strip():
        labels.append(_("Explanation: %(text)s") % {"text": explanation.strip()})
    return "; ".join(labels) or "—"


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def decision_reference(report: Report) -> str:
    """How the criteria set's decision is cited ("Quyết định số 2853/QĐ-UBND ngày 11/08/2021"), or ""."""
    parent = report.period.criteria_set.get_parent()
    decision = parent.specific if parent is not None else None
    return getattr(decision, "full_reference", "") if decision is not None else ""


def build_receipt(
    report: Report,
    criteria: CriteriaSet,
    group_titles: Mapping[str, str],
    score: ReportScore,
    rows: Mapping[str, Answer],
    evidence: Iterable[Evidence],
    *,
    province: str,
    check_address: str,
) -> Receipt:
    """The receipt of ``report`` as submitted, from its already computed score."""
    agency, period = report.agency, report.period
    evidence_by_code: dict[str, list[Evidence]] = {}
    for item in evidence:
        evidence_by_code.setdefault(item.code, []).append(item)
    groups = []
    for group in criteria.groups:
        lines = []
        for indicator in group.indicators:
            row = rows.get(indicator.code)
            lines.append(
                IndicatorLine(
                    code=indicator.code,
                    title=nfc(indicator.title),
                    answer=nfc(answer_text(indicator, row)),
                    score=score_text(score.indicators[indicator.code]),
                    evidence=nfc(
                        evidence_text(evidence_by_code.get(indicator.code, []), row.explanation if row else "")
                    ),
                )
            )
        group_score = score.groups[group.code]
        groups.append(
            GroupLines(
                code=group.code,
                title=nfc(group_titles.get(group.code, group.title)),
                score=points(group_score.score),
                max_points=points(group_score.max_points),
                indicators=tuple(lines),
            )
        )
    submitted = report.submitted_at
    criteria_set = period.criteria_set
    kind = period.get_kind_display()
    appraiser = agency.appraiser
    recipients = [f"{appraiser.name} (để thẩm định);"] if appraiser is not None else []
    recipients.append(letterhead.ARCHIVE)
    return Receipt(
        superior=letterhead.capitals(superior_of(report, province)),
        issuer=letterhead.capitals(agency.name),
        number_line=letterhead.number_line(agency.name),
        date_line=letterhead.date_line(
            letterhead.place_of(province, agency.name), timezone.localdate(submitted or timezone.now())
        ),
        summary=nfc(
            _("Self-assessment results: %(criteria)s, %(kind)s %(year)s")
            % {"criteria": criteria_set.title, "kind": kind, "year": period.year}
        ),
        period=nfc(f"{kind} {period.year}"),
        data_window=_("data from %(start)s to %(end)s")
        % {"start": period.data_start.strftime("%d/%m/%Y"), "end": period.data_end.strftime("%d/%m/%Y")},
        criteria=nfc(
            f"{criteria_set.title} ({criteria_set.appendix})" if criteria_set.appendix else criteria_set.title
        ),
        decision=nfc(decision_reference(report)),
        groups=tuple(groups),
        total=points(score.total),
        max_points=points(score.max_applicable),
        band=nfc(score.band or "—"),
        submitted_at=formatting.stamp(submitted) if submitted else "—",
        submitted_by=nfc(person_name(report.submitted_by)),
        late=report.late,
        reference=report.reference or "—",
        verification_code=report.verification_code or "—",
        check_address=check_address,
        recipients=tuple(nfc(line) for line in recipients),
        signer_title=letterhead.SIGNER_TITLE,
        signer_name=nfc(person_name(report.submitted_by)),
        title=nfc(f"{letterhead.DOCUMENT_TYPE} {report.reference or ''} {agency.name} {period}".strip()),
    )
