"""Nothing crafted breaks a report: INFO indicators, navigation values, numbers at the edge of the
storable range, and reports started outside their period."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.formatting import points, read_number, score_text
from assessments.models import ANSWER_NUMBER_LIMIT, Answer, Report
from assessments.period_rules import end_of_day, start_of_day
from assessments.reporting import services as report_service
from assessments.scoring import IndicatorScore
from tests.assessments.reporting import evidence_data, group_data, published_set, save, text_of, vietnamese
from tests.factories.assessments import ReportFactory, ReportingPeriodFactory, indicator

pytestmark = pytest.mark.django_db

# A group with an INFO indicator, a count, a MINMAX value and a ratio: every kind of number input.
EDGE_GROUPS = [
    (
        "6",
        "Kết quả",
        [
            indicator("6.1", "TARGET", 10, target="5"),
            indicator("6.2", "MINMAX", 10),
            indicator("6.3", "RATIO", 10, numerator_label="Số hồ sơ trực tuyến", denominator_label="Tổng số hồ sơ"),
            indicator("6.5", "INFO", 0, unit="hồ sơ"),
        ],
    )
]


@pytest.fixture
def edge_report(decision, world):
    criteria_set = published_set(decision, groups=EDGE_GROUPS, levels=[world.agency_a.level], max_total=30)
    period = ReportingPeriodFactory(criteria_set=criteria_set)
    return ReportFactory(period=period, agency=world.agency_a)


def group_url(report, code="6"):
    return reverse("reports:group", args=[report.pk, code])


# 1. An INFO indicator has no score, and every page says so instead of failing.


def test_a_score_without_a_number_is_written_in_words():
    assert points(None) == "—"
    assert score_text(IndicatorScore(None, Decimal(0))) == "không tính điểm"
    assert score_text(IndicatorScore(None, Decimal(5), pending=True)) == "có khi đủ số liệu của nhóm so sánh"
    assert score_text(IndicatorScore(None, Decimal(5), not_applicable=True)) == "không áp dụng"
    assert score_text(IndicatorScore(Decimal("7.50"), Decimal(10))) == "7,5"


def test_a_report_with_an_info_indicator_opens_on_every_page(client, world, edge_report):
    save(
        edge_report,
        "6",
        {"6.1__value": "3", "6.2__value": "4", "6.3__a": "1", "6.3__b": "2", "6.5__value": "7"},
        world.officer_a,
    )
    client.force_login(world.head_a)
    for name, args in [
        ("reports:report", [edge_report.pk]),
        ("reports:group", [edge_report.pk, "6"]),
        ("reports:check", [edge_report.pk]),
        ("reports:history", [edge_report.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert "không tính điểm" in text_of(client.get(group_url(edge_report)))
    live = client.post(
        reverse("reports:live_score", args=[edge_report.pk, "6"]),
        group_data({"6.5__value": "9"}, Report.objects.get(pk=edge_report.pk).version),
    )
    assert live.status_code == 200
    assert live.json()["indicators"]["6.5"] == "không tính điểm"


# 2. The next group comes from the request: only the report's own groups are followed.


@pytest.mark.parametrize("crafted", ["a/b", "../../admin", "99", "2/../1", "%2F", "1 ", "https://evil.example/"])
def test_a_crafted_next_group_is_ignored_after_the_save(client, world, crafted):
    client.force_login(world.officer_a)
    data = group_data({"2.1__value": "2", "continue": "1", "next_group": crafted}, world.report_a.version)

    response = client.post(reverse("reports:group", args=[world.report_a.pk, "2"]), data)

    assert response.status_code == 302
    assert response.url == reverse("reports:group", args=[world.report_a.pk, "2"])
    assert Answer.objects.get(report=world.report_a, code="2.1").value_number == 2


def test_the_next_group_of_the_report_is_followed(client, world):
    client.force_login(world.officer_a)
    data = group_data({"1.1__value": "yes", "continue": "1", "next_group": "2"}, world.report_a.version)
    response = client.post(reverse("reports:group", args=[world.report_a.pk, "1"]), data)
    assert response.url == reverse("reports:group", args=[world.report_a.pk, "2"])


# 3. Every number input has a range both databases store and read back exactly.

LARGEST = "999999999.9999"


def test_the_largest_and_smallest_accepted_numbers_are_stored_and_read_back_exactly(client, world, edge_report):
    client.force_login(world.officer_a)
    answers = {
        "6.1__value": str(ANSWER_NUMBER_LIMIT),
        "6.2__value": f"-{LARGEST}",
        "6.3__a": "0.0001",
        "6.3__b": LARGEST,
    }
    response = client.post(group_url(edge_report), group_data(answers, edge_report.version))
    assert response.status_code == 302

    rows = {row.code: row for row in Answer.objects.filter(report=edge_report)}
    assert rows["6.1"].value_number == ANSWER_NUMBER_LIMIT
    assert rows["6.2"].value_number == Decimal(f"-{LARGEST}")
    assert rows["6.3"].value_a == Decimal("0.0001")
    assert rows["6.3"].value_b == Decimal(LARGEST)
    for name in ("reports:report", "reports:check"):
        assert client.get(reverse(name, args=[edge_report.pk])).status_code == 200
    assert client.get(group_url(edge_report)).status_code == 200

    zero = {"6.1__value": "0", "6.2__value": "0", "6.3__a": "0", "6.3__b": "0"}
    version = Report.objects.get(pk=edge_report.pk).version
    assert client.post(group_url(edge_report), group_data(zero, version)).status_code == 302
    assert Answer.objects.get(report=edge_report, code="6.1").value_number == 0


# Each message names the input by its label (the unit, or the ratio's labels) and writes limits as people read them.
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("6.1__value", "999999999999.9999", "Số phải là một số từ 0 đến 1.000.000.000."),
        ("6.1__value", "1000000000.0001", "Số phải là một số từ 0 đến 1.000.000.000."),
        ("6.1__value", "-1", "Số phải là một số từ 0 đến 1.000.000.000."),
        ("6.2__value", "-1000000000.5", "Số phải là một số từ -1.000.000.000 đến 1.000.000.000."),
        ("6.3__b", "1e12", "Tổng số hồ sơ phải là một số từ 0 đến 1.000.000.000."),
        ("6.1__value", "1.00001", "Số: nhập số có tối đa 4 chữ số thập phân."),
        ("6.1__value", "NaN", "Số phải là một số, ví dụ 12 hoặc 2,5."),
        ("6.1__value", "Infinity", "Số phải là một số, ví dụ 12 hoặc 2,5."),
    ],
)
def test_a_number_outside_the_range_is_refused_in_vietnamese_and_nothing_is_saved(
    client, world, edge_report, field, value, message
):
    client.force_login(world.officer_a)
    save(edge_report, "6", {"6.1__value": "3"}, world.officer_a)
    version = Report.objects.get(pk=edge_report.pk).version

    response = client.post(group_url(edge_report), group_data({"6.1__value": "3", field: value}, version))

    assert response.status_code == 400
    assert message in text_of(response)
    assert Answer.objects.get(report=edge_report, code="6.1").value_number == 3
    assert Report.objects.get(pk=edge_report.pk).version == version
    live = client.post(reverse("reports:live_score", args=[edge_report.pk, "6"]), group_data({field: value}, version))
    assert live.status_code == 400


# 7. A report is started, changed and submitted only while its period is open, for agencies that exist.


def test_starting_a_report_needs_a_post(client, world):
    period = ReportingPeriodFactory(criteria_set=world.criteria_set)
    client.force_login(world.officer_a)
    response = client.get(reverse("reports:start", args=[period.pk, world.agency_a.pk]))
    assert response.status_code == 405
    assert not Report.objects.filter(period=period).exists()


def test_a_report_cannot_be_started_before_its_period_opens(client, world):
    opens = start_of_day(timezone.localdate() + datetime.timedelta(days=3))
    period = ReportingPeriodFactory(criteria_set=world.criteria_set, opens_at=opens)
    client.force_login(world.officer_a)

    response = client.post(reverse("reports:start", args=[period.pk, world.agency_a.pk]))

    assert response.status_code == 403
    assert vietnamese(
        "This period is not open yet: it opens at %(opens)s.", opens=opens.strftime("%H:%M %d/%m/%Y")
    ) in text_of(response)
    assert not Report.objects.filter(period=period).exists()
    dashboard = text_of(client.get(reverse("reports:dashboard")))
    assert f"chưa mở (mở từ {opens:%d/%m/%Y})" in dashboard


def test_a_report_cannot_be_started_after_the_deadline(client, world):
    period = ReportingPeriodFactory(
        criteria_set=world.criteria_set,
        submission_deadline=end_of_day(timezone.localdate() - datetime.timedelta(days=1)),
    )
    client.force_login(world.officer_a)

    response = client.post(reverse("reports:start", args=[period.pk, world.agency_a.pk]))

    assert response.status_code == 403
    assert not Report.objects.filter(period=period).exists()
    dashboard = client.get(reverse("reports:dashboard"))
    row = next(row for row in dashboard.context["rows"] if row.period == period)
    assert (row.window_label, row.status_label) == ("đã đóng", "không nộp")


def test_a_late_period_accepts_a_new_report_after_the_deadline(client, world):
    period = ReportingPeriodFactory(
        criteria_set=world.criteria_set,
        submission_deadline=end_of_day(timezone.localdate() - datetime.timedelta(days=1)),
        allow_late=True,
    )
    client.force_login(world.officer_a)
    response = client.post(reverse("reports:start", args=[period.pk, world.agency_a.pk]))
    assert response.status_code == 302
    assert Report.objects.filter(period=period, agency=world.agency_a).exists()


@pytest.mark.parametrize("years", [{"year_from": 2100}, {"year_to": 2000}], ids=["not yet", "no longer"])
def test_an_agency_that_does_not_exist_that_year_cannot_start_a_report(client, world, years):
    period = ReportingPeriodFactory(criteria_set=world.criteria_set)
    for name, value in years.items():
        setattr(world.agency_a, name, value)
    world.agency_a.save()
    client.force_login(world.officer_a)

    response = client.post(reverse("reports:start", args=[period.pk, world.agency_a.pk]))

    assert response.status_code == 403
    assert not Report.objects.filter(period=period).exists()
    assert period not in [row.period for row in client.get(reverse("reports:dashboard")).context["rows"]]


def test_a_report_is_not_changed_or_submitted_before_its_period_opens(world):
    world.period.opens_at = start_of_day(timezone.localdate() + datetime.timedelta(days=1))
    world.period.save()
    with pytest.raises(report_service.EditRefused):
        save(world.report_a, "2", {"2.1__value": "1"}, world.officer_a)
    with pytest.raises(report_service.EditRefused):
        report_service.submit(world.report_a.pk, world.head_a)
    # It opens at 00:00 local time on the day.
    save(world.report_a, "2", {"2.1__value": "1"}, world.officer_a, now=world.period.opens_at)
    assert Answer.objects.get(report=world.report_a, code="2.1").value_number == 1


# Messages are announced without breaking list semantics (axe's "list" rule on the public pages).


def test_messages_are_status_or_alert_paragraphs(client, world):
    client.force_login(world.officer_a)
    data = group_data({"2.1__value": "1"}, world.report_a.version)
    saved = text_of(client.post(reverse("reports:group", args=[world.report_a.pk, "2"]), data, follow=True))
    assert '<p class="message message--success" role="status">Đã lưu.</p>' in saved
    # A refusal: evidence for a report that has been submitted, so is locked.
    Report.objects.filter(pk=world.report_a.pk).update(status="submitted")
    evidence = evidence_data(kind="url", url="https://xa-a.example.gov.vn/")
    client.post(reverse("reports:add_evidence", args=[world.report_a.pk, "1.1"]), evidence)
    refused = text_of(client.get(reverse("reports:group", args=[world.report_a.pk, "1"])))
    assert 'class="message message--error" role="alert">' in refused
    assert "<li" not in refused.split('class="messages"')[1].split("</div>")[0]


# Numbers as people in Vietnam type them.


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2,5", "2.5"),
        ("2.5", "2.5"),
        ("0.25", "0.25"),
        ("1.000", "1000"),
        ("1.000.000", "1000000"),
        ("1 000 000", "1000000"),
        ("1\u00a0000", "1000"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1,000,000", "1000000"),
        ("0.500", "0.500"),
        ("-3,75", "-3.75"),
        ("abc", "abc"),
        ("", ""),
    ],
)
def test_numbers_are_read_as_typed_in_vietnam(typed, read):
    assert read_number(typed) == read


def test_a_decimal_comma_is_saved_as_a_decimal_and_shown_with_a_comma(client, world, edge_report):
    client.force_login(world.officer_a)
    answers = {"6.1__value": "2,5", "6.3__a": "1.000", "6.3__b": "2.000,5"}
    response = client.post(group_url(edge_report), group_data(answers, edge_report.version))
    assert response.status_code == 302
    rows = {row.code: row for row in Answer.objects.filter(report=edge_report)}
    assert rows["6.1"].value_number == Decimal("2.5")
    assert (rows["6.3"].value_a, rows["6.3"].value_b) == (Decimal(1000), Decimal("2000.5"))
    page = client.get(group_url(edge_report)).content.decode()
    (tag,) = re.findall(r'<input[^>]*name="6\.1__value"[^>]*>', page)
    assert 'value="2,5"' in tag
    assert 'inputmode="decimal"' in tag


def test_the_history_writes_an_evidence_document_date_as_people_read_it(client, world):
    client.force_login(world.officer_a)
    data = evidence_data(kind="document", document_number="12/BC", document_date="2026-11-15")
    client.post(reverse("reports:add_evidence", args=[world.report_a.pk, "1.1"]), data)
    page = text_of(client.get(reverse("reports:history", args=[world.report_a.pk])))
    assert "12/BC 15/11/2026" in page
    assert "2026-11-15" not in page
