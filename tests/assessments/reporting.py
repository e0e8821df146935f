"""Shared set-up for the reporting tests: a criteria set, a period, two agencies and their people.

The criteria set used throughout (``REPORT_GROUPS``):

- group 1: 1.1 yes/no, 40 points, evidence required; 1.2 ratio a/b, 60 points
- group 2: 2.1 tiers by count (≥ 2 → 50, ≥ 1 → 30), 50 points
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext

from assessments.models import Agency, CriteriaSetPage, Report, ReportingPeriod
from assessments.reporting import services as report_service
from assessments.reporting.forms import GroupForm
from tests.factories.assessments import (
    AgencyFactory,
    AgencyLevelFactory,
    CriteriaSetPageFactory,
    ReportFactory,
    ReportingPeriodFactory,
    RoleAssignmentFactory,
    UserFactory,
    groups_data,
    indicator,
)

REPORT_GROUPS = [
    (
        "1",
        "Môi trường chính sách",
        [
            indicator("1.1", "BIN", 40, evidence_required=True),
            indicator("1.2", "RATIO", 60, numerator_label="Số văn bản ký số", denominator_label="Tổng số văn bản"),
        ],
    ),
    (
        "2",
        "An toàn thông tin",
        [indicator("2.1", "TIERS", 50, tiers=[{"threshold": "2", "points": "50"}, {"threshold": "1", "points": "30"}])],
    ),
]

# Answers that leave nothing to fix: 1.1 yes (40), 1.2 3/4 (45), 2.1 two (50), 1.1's missing evidence explained.
COMPLETE = {
    "1": {"1.1__value": "yes", "1.1__explanation": "Văn bản đang trình ký.", "1.2__a": "3", "1.2__b": "4"},
    "2": {"2.1__value": "2"},
}


def published_set(decision, groups=REPORT_GROUPS, **fields) -> CriteriaSetPage:
    """A criteria set, read back from the database (the factory's instance predates its publication)."""
    page = CriteriaSetPageFactory(parent=decision, groups=groups_data(groups), **fields)
    return CriteriaSetPage.objects.get(pk=page.pk)


@dataclass
class World:
    criteria_set: CriteriaSetPage
    period: ReportingPeriod
    appraiser_agency: Agency
    agency_a: Agency
    agency_b: Agency
    officer_a: object
    head_a: object
    officer_b: object
    head_b: object
    appraiser: object
    report_a: Report
    report_b: Report


def build_world(decision) -> World:
    """Two communes appraised by one district, an officer and a head each, one report each (not started)."""
    criteria_set = published_set(decision)
    period = ReportingPeriodFactory(criteria_set=criteria_set)
    district = AgencyFactory(
        code="HUYEN-1", name="UBND huyện Thử", level=AgencyLevelFactory(code="district", name="UBND cấp huyện")
    )
    agency_a = AgencyFactory(code="XA-A", name="UBND xã An Bình", appraiser=district)
    agency_b = AgencyFactory(code="XA-B", name="UBND xã Bình Minh", appraiser=district)

    def person(username: str, role: str, agency: Agency):
        user = UserFactory(username=username, first_name="", last_name="")
        RoleAssignmentFactory(user=user, role=role, agency=agency)
        return user

    return World(
        criteria_set=criteria_set,
        period=period,
        appraiser_agency=district,
        agency_a=agency_a,
        agency_b=agency_b,
        officer_a=person("can.bo.a", "officer", agency_a),
        head_a=person("thu.truong.a", "head", agency_a),
        officer_b=person("can.bo.b", "officer", agency_b),
        head_b=person("thu.truong.b", "head", agency_b),
        appraiser=person("tham.dinh", "appraiser", district),
        report_a=ReportFactory(period=period, agency=agency_a),
        report_b=ReportFactory(period=period, agency=agency_b),
    )


def make_three_tier(world: World) -> tuple[Agency, Agency]:
    """The world's communes under their district, the district appraised by the province, and a second district
    with a commune of its own: the province-wide cohort of communes has two appraisers, and the province approves
    it. Returns the province and the second district."""
    province = AgencyFactory(code="SO-TINH", name="Sở Tỉnh", level=world.appraiser_agency.level)
    world.appraiser_agency.appraiser = province
    world.appraiser_agency.save()
    for agency in (world.agency_a, world.agency_b):
        agency.parent = world.appraiser_agency
        agency.save()
    other = AgencyFactory(code="HUYEN-2", name="UBND huyện Hai", level=world.appraiser_agency.level, appraiser=province)
    AgencyFactory(code="XA-C", name="UBND xã Cầu", level=world.agency_a.level, parent=other, appraiser=other)
    return province, other


def group_data(group_answers: dict[str, str | list[str]], version: int) -> dict:
    """What the group page posts: the answers and the version the page was loaded at."""
    return {"version": str(version), **group_answers}


def valid_form(period: ReportingPeriod, group_code: str, data: dict) -> tuple:
    """The group and a validated :class:`GroupForm` for ``data``, as the view builds them."""
    criteria = report_service.pinned_criteria(period)
    group = report_service.group_of(criteria.scoring, group_code)
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    form = GroupForm(query, group=group, indicators=criteria.indicators)
    assert form.is_valid(), form.errors
    return group, form


def save(report: Report, group_code: str, answers: dict, user, now=None, version: int | None = None) -> Report:
    """Saves one group through the service, at the report's current version unless told otherwise."""
    report.refresh_from_db()
    data = group_data(answers, report.version if version is None else version)
    group, form = valid_form(report.period, group_code, data)
    return report_service.save_group(report.pk, group, form.group_values(), form.loaded_version, user, now=now)


def fill_in(report: Report, user, now=None, answers=None) -> Report:
    """Answers every group (``COMPLETE`` by default), leaving the report ready to submit."""
    for group_code, group_answers in (answers or COMPLETE).items():
        report = save(report, group_code, group_answers, user, now=now)
    return report


def evidence_data(code: str = "1.1", **fields) -> dict:
    """What an indicator's evidence panel posts: its inputs carry the indicator in their names."""
    prefix = "tai-lieu-" + code.replace(".", "-")
    return {f"{prefix}-{name}": value for name, value in fields.items()}


def evidence_errors(response, code: str = "1.1") -> dict[str, list[str]]:
    """The errors of the evidence form the page shows again for ``code``, by input."""
    (item,) = [item for item in response.context["indicators"] if item["indicator"].code == code]
    return {name: list(errors) for name, errors in item["evidence_form"].errors.items()}


def text_of(response) -> str:
    """The page's text with HTML entities decoded (apostrophes in messages are escaped)."""
    return html.unescape(response.content.decode())


def vietnamese(message: str, **params) -> str:
    """``message`` as the portal shows it: through the Vietnamese catalogue, English while untranslated."""
    with translation.override("vi"):
        text = gettext(message)
    return text % params if params else text


def flash_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def evidence_file(report: Report, content: bytes, name: str = "bien-ban.pdf", code: str = "1.1"):
    """A PDF evidence row with its file in private storage, created directly (no history, no version change)."""
    from django.core.files.base import ContentFile

    from assessments.models import Evidence

    return Evidence.objects.create(
        report=report,
        code=code,
        kind="file",
        file=ContentFile(content, name="upload.pdf"),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )


def minimal_pdf(text: str = "Biên bản kiểm tra") -> bytes:
    """A real one-page PDF drawn with reportlab."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text.encode("ascii", "replace").decode())
    page.showPage()
    page.save()
    return buffer.getvalue()


def remove_evidence_folder() -> None:
    """Evidence files written by a test (rolled-back rows do not delete their files)."""
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT / "evidence", ignore_errors=True)


def report_state(report: Report) -> tuple:
    """Everything a write could change, to compare before and after."""
    report = Report.objects.get(pk=report.pk)
    answers = sorted(
        report.answers.values_list("code", "value_bool", "value_a", "value_b", "value_number", "self_score")
    )
    return (
        report.status,
        report.version,
        report.submitted_at,
        answers,
        sorted(report.evidence.values_list("pk", flat=True)),
        report.events.count(),
    )
