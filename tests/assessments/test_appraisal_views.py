"""The appraiser's screens: the workspace (filters, sorting, export, constant queries), one report's review,
decisions, return and approval through HTTP; every other role and another district refused."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.appraisal.decisions import decide, return_report
from assessments.models import AppraisalRound, IndicatorDecision, Report, ReportEvent, ReportStatus, Verdict
from assessments.reporting import services as report_service
from assessments.reporting.reminders import send_reminders
from tests.assessments.reporting import COMPLETE, fill_in, text_of
from tests.factories.assessments import AgencyFactory, ReportFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def submitted(world, report=None, officer=None, head=None) -> Report:
    report = report or world.report_a
    fill_in(report, officer or world.officer_a)
    report_service.submit(report.pk, head or world.head_a, confirm=False)
    return Report.objects.get(pk=report.pk)


def workspace(client, **params):
    return client.get(reverse("appraisal:workspace"), params)


def test_the_workspace_lists_the_agencies_in_scope_with_status_and_scores(client, world):
    submitted(world)
    client.force_login(world.appraiser)
    response = workspace(client)
    assert response.status_code == 200
    rows = {row.agency.code: row for row in response.context["rows"]}
    assert set(rows) == {"XA-A", "XA-B"}
    assert rows["XA-A"].status == ReportStatus.SUBMITTED
    assert rows["XA-A"].self_total == Decimal("135.00")
    assert rows["XA-A"].appraised_total is None
    assert rows["XA-B"].status == ReportStatus.NOT_STARTED
    assert "UBND xã An Bình" in text_of(response)


def test_the_workspace_shows_the_appraised_total_once_decided(client, world):
    report = submitted(world)
    decide(
        report.pk,
        "1.2",
        verdict=Verdict.CORRECTED,
        typed={"a": Decimal(1), "b": Decimal(4)},
        reason="Sai.",
        user=world.appraiser,
    )
    client.force_login(world.appraiser)
    rows = {row.agency.code: row for row in workspace(client).context["rows"]}
    assert rows["XA-A"].appraised_total == Decimal("105.00")  # 45 → 15


def test_filters_search_and_sort(client, world):
    submitted(world)
    client.force_login(world.appraiser)
    codes = lambda response: [row.agency.code for row in response.context["rows"]]  # noqa: E731
    assert codes(workspace(client, trang_thai="submitted")) == ["XA-A"]
    assert codes(workspace(client, q="binh minh")) == ["XA-B"]  # without diacritics
    assert codes(workspace(client, sap_xep="tu-cham", giam="on")) == ["XA-A", "XA-B"]
    assert codes(workspace(client, sap_xep="ten", giam="on")) == ["XA-B", "XA-A"]


@pytest.mark.parametrize(
    "params",
    [{"ky": "999999"}, {"ky": "abc"}, {"trang_thai": "hacked"}, {"sap_xep": "'; drop"}, {"cap": "../../"}],
)
def test_forged_filters_are_a_400_with_a_message(client, world, params):
    client.force_login(world.appraiser)
    response = workspace(client, **params)
    assert response.status_code == 400
    assert response.context["form"].errors


def test_the_export_escapes_formulas_in_csv_and_xlsx(client, world):
    world.agency_b.name = '=HYPERLINK("http://x")'
    world.agency_b.save()
    client.force_login(world.appraiser)
    response = workspace(client, **{"dinh-dang": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert any(row[1] == '\'=HYPERLINK("http://x")' for row in rows[1:])
    xlsx = workspace(client, **{"dinh-dang": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert '\'=HYPERLINK("http://x")' in [cell.value for cell in sheet["B"]]
    assert workspace(client, **{"dinh-dang": "exe"}).status_code == 400


def test_the_workspace_runs_the_same_queries_with_3_and_30_agencies(client, world, django_assert_max_num_queries):
    submitted(world)
    client.force_login(world.appraiser)
    workspace(client)  # warm the pinned criteria cache and the session
    with CaptureQueriesContext(connection) as few:
        workspace(client)
    for number in range(27):
        agency = AgencyFactory(
            code=f"XA-{number}",
            name=f"UBND xã Số {number}",
            appraiser=world.appraiser_agency,
            level=world.agency_a.level,
        )
        ReportFactory(period=world.period, agency=agency)
    with CaptureQueriesContext(connection) as many:
        response = workspace(client)
    assert len(response.context["rows"]) == 29
    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["officer_a", "head_a", "officer_b"])
def test_agency_people_cannot_open_the_workspace_or_a_review(client, world, who):
    report = submitted(world)
    client.force_login(getattr(world, who))
    assert workspace(client).status_code == 403
    assert client.get(reverse("appraisal:report", args=[report.pk])).status_code == 403
    response = client.post(reverse("appraisal:approve", args=[report.pk]))
    assert response.status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_another_districts_appraiser_gets_a_404_on_this_districts_reports(client, world):
    report = submitted(world)
    other = AgencyFactory(code="HUYEN-2", name="UBND huyện Khác", level=world.appraiser_agency.level)
    stranger = RoleAssignmentFactory(role="appraiser", agency=other).user
    client.force_login(stranger)
    assert [row.agency.code for row in workspace(client).context["rows"]] == []
    for name in ("report",):
        assert client.get(reverse(f"appraisal:{name}", args=[report.pk])).status_code == 404
    for name in ("approve", "return", "receive", "reopen", "reappraise"):
        assert client.post(reverse(f"appraisal:{name}", args=[report.pk])).status_code == 404
    assert client.post(reverse("appraisal:decide", args=[report.pk, "1.1"]), {}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = workspace(client)
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_a_full_round_through_http(client, world):
    report = submitted(world)
    client.force_login(world.appraiser)
    page = client.get(reverse("appraisal:report", args=[report.pk]))
    assert page.status_code == 200
    assert "UBND xã An Bình" in text_of(page)

    url = reverse("appraisal:decide", args=[report.pk, "1.2"])
    missing_reason = client.post(url, {"d1.2-verdict": "corrected", "d1.2-1.2__a": "1", "d1.2-1.2__b": "4"})
    assert missing_reason.status_code == 400
    assert not IndicatorDecision.objects.exists()
    saved = client.post(
        url, {"d1.2-verdict": "corrected", "d1.2-1.2__a": "1", "d1.2-1.2__b": "4", "d1.2-reason": "Chỉ 1 văn bản."}
    )
    assert saved.status_code == 302
    assert IndicatorDecision.objects.get(code="1.2").appraised_score == Decimal("15.00")
    engine_refused = client.post(
        url, {"d1.2-verdict": "corrected", "d1.2-1.2__a": "9", "d1.2-1.2__b": "4", "d1.2-reason": "x"}
    )
    assert engine_refused.status_code == 409
    assert IndicatorDecision.objects.get(code="1.2").appraised_score == Decimal("15.00")

    client.post(
        reverse("appraisal:decide", args=[report.pk, "1.1"]),
        {"d1.1-verdict": "queried", "d1.1-reason": "Thiếu quyết định."},
    )
    assert client.post(reverse("appraisal:approve", args=[report.pk])).status_code == 409
    bad_date = client.post(reverse("appraisal:return", args=[report.pk]), {"comment": "x", "respond_by": "31/02/2026"})
    assert bad_date.status_code == 400
    returned = client.post(
        reverse("appraisal:return", args=[report.pk]), {"comment": "Bổ sung.", "respond_by": "31/12/2099"}
    )
    assert returned.status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RETURNED

    report_service.submit(report.pk, world.head_a, confirm=False)
    assert client.post(reverse("appraisal:approve", args=[report.pk])).status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPRAISED
    assert [r.outcome for r in AppraisalRound.objects.filter(report=report).order_by("number")] == [
        "returned",
        "approved",
    ]
    locked = client.get(reverse("appraisal:report", args=[report.pk]))
    assert locked.status_code == 200
    assert not locked.context["decidable"]


def test_an_unknown_indicator_is_a_404(client, world):
    report = submitted(world)
    client.force_login(world.appraiser)
    assert client.post(reverse("appraisal:decide", args=[report.pk, "9.9"]), {}).status_code == 404


def test_the_agency_reads_the_appraisers_reasons_on_its_report_and_in_the_mail(client, world, mailoutbox):
    report = submitted(world)
    decide(
        report.pk, "1.1", verdict=Verdict.QUERIED, reason="Thiếu quyết định ban hành kế hoạch.", user=world.appraiser
    )
    respond_by = timezone.now() + datetime.timedelta(days=5)
    return_report(report.pk, world.appraiser, comment="Đề nghị bổ sung trước hạn.", respond_by=respond_by)

    client.force_login(world.officer_a)
    page = text_of(client.get(reverse("reports:report", args=[report.pk])))
    assert "Thiếu quyết định ban hành kế hoạch." in page
    assert "Đề nghị bổ sung trước hạn." in page
    assert respond_by.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in page
    group_page = text_of(client.get(reverse("reports:group", args=[report.pk, "1"])))
    assert "Thiếu quyết định ban hành kế hoạch." in group_page

    mailoutbox.clear()
    send_reminders()
    returned = [mail for mail in mailoutbox if "1.1" in mail.body]
    assert len(returned) == 1
    assert "Thiếu quyết định ban hành kế hoạch." in returned[0].body
    assert set(returned[0].to) == {world.officer_a.email, world.head_a.email}


def test_reopening_for_changes_through_http(client, world):
    report = submitted(world)
    client.force_login(world.appraiser)
    url = reverse("appraisal:reopen", args=[report.pk])
    assert client.post(url, {"mo-lai-comment": "x", "mo-lai-respond_by": "hôm qua"}).status_code == 400
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    response = client.post(
        url, {"mo-lai-comment": "Cơ quan đề nghị sửa số liệu 1.2.", "mo-lai-respond_by": "31/12/2099"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.reopened_until.year == 2099
    round_ = AppraisalRound.objects.get(report=report)
    assert (round_.outcome, round_.comment) == ("reopened", "Cơ quan đề nghị sửa số liệu 1.2.")
    client.force_login(world.officer_a)
    assert "Cơ quan đề nghị sửa số liệu 1.2." in text_of(client.get(reverse("reports:report", args=[report.pk])))


def test_the_dashboard_says_by_when_a_returned_report_is_answered(client, world):
    report = submitted(world)
    decide(report.pk, "1.1", verdict=Verdict.QUERIED, reason="Thiếu tài liệu.", user=world.appraiser)
    return_report(report.pk, world.appraiser, comment="", respond_by=timezone.now() + datetime.timedelta(days=3))
    report.refresh_from_db()
    client.force_login(world.officer_a)
    page = text_of(client.get(reverse("reports:dashboard")))
    assert report.reopened_until.astimezone(timezone.get_current_timezone()).strftime("%H:%M %d/%m/%Y") in page
    assert "Đề nghị của cơ quan thẩm định" in page


def test_taking_an_approved_appraisal_up_again_needs_a_reason(client, world):
    report = submitted(world)
    client.force_login(world.appraiser)
    client.post(reverse("appraisal:approve", args=[report.pk]))
    url = reverse("appraisal:reappraise", args=[report.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert refused.context["reappraise_form"].errors
    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPRAISED
    assert client.post(url, {"reason": "Sai số liệu 1.2."}).status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def returned_with_a_query(world) -> Report:
    report = submitted(world)
    decide(report.pk, "1.1", verdict=Verdict.QUERIED, reason="Thiếu quyết định ban hành.", user=world.appraiser)
    return_report(report.pk, world.appraiser, comment="", respond_by=timezone.now() + datetime.timedelta(days=5))
    return Report.objects.get(pk=report.pk)


def group_post(report, **extra) -> dict:
    return {"version": str(report.version), **COMPLETE["1"], **extra}


def test_the_agency_replies_to_a_query_on_the_group_page_and_the_appraiser_reads_it(client, world):
    report = returned_with_a_query(world)
    client.force_login(world.officer_a)
    page = client.get(reverse("reports:group", args=[report.pk, "1"])).content.decode()
    assert 'name="tra-loi__1.1"' in page
    assert 'name="tra-loi__1.2"' not in page  # no reason was given on 1.2

    reply = "Đã bổ sung Quyết định số 12/QĐ-UBND\r\nngày 15/01."
    response = client.post(
        reverse("reports:group", args=[report.pk, "1"]),
        group_post(report, **{"tra-loi__1.1": reply, "tra-loi__1.2": "không được hỏi"}),
    )

    assert response.status_code == 302
    replies = dict(IndicatorDecision.objects.filter(round__report=report).values_list("code", "reply"))
    assert replies == {"1.1": "Đã bổ sung Quyết định số 12/QĐ-UBND\nngày 15/01."}
    decision = IndicatorDecision.objects.get(round__report=report, code="1.1")
    assert decision.replied_by == world.officer_a
    event = ReportEvent.objects.get(report=report, action="replied")
    assert (event.code, event.user, event.new) == ("1.1", world.officer_a, {"reply": replies["1.1"]})
    history = text_of(client.get(reverse("reports:history", args=[report.pk])))
    assert "1.1" in history and "Đã bổ sung Quyết định số 12/QĐ-UBND" in history
    assert (
        "Đã bổ sung Quyết định số 12/QĐ-UBND"
        in client.get(reverse("reports:group", args=[report.pk, "1"])).content.decode()
    )

    report_service.submit(report.pk, world.head_a, confirm=False)
    client.force_login(world.appraiser)
    review = text_of(client.get(reverse("appraisal:report", args=[report.pk])))
    assert "Thiếu quyết định ban hành." in review
    assert "Đã bổ sung Quyết định số 12/QĐ-UBND" in review


def test_a_reply_is_kept_when_the_answers_posted_with_it_are_invalid(client, world):
    report = returned_with_a_query(world)
    client.force_login(world.officer_a)
    response = client.post(
        reverse("reports:group", args=[report.pk, "1"]),
        group_post(report, **{"1.2__a": "mười", "tra-loi__1.1": "Sẽ gửi bản scan."}),
    )
    assert response.status_code == 400
    assert IndicatorDecision.objects.get(round__report=report, code="1.1").reply == "Sẽ gửi bản scan."
    assert "Sẽ gửi bản scan." in response.content.decode()


def test_an_unchanged_reply_is_not_logged_again_and_no_reply_is_taken_on_an_ordinary_draft(client, world):
    report = returned_with_a_query(world)
    client.force_login(world.officer_a)
    url = reverse("reports:group", args=[report.pk, "1"])
    client.post(url, group_post(report, **{"tra-loi__1.1": "Đã bổ sung."}))
    report.refresh_from_db()
    client.post(url, group_post(report, **{"tra-loi__1.1": "Đã bổ sung."}))
    assert ReportEvent.objects.filter(report=report, action="replied").count() == 1

    other = world.report_b
    client.force_login(world.officer_b)
    fill_in(other, world.officer_b)
    other.refresh_from_db()
    assert (
        client.post(
            reverse("reports:group", args=[other.pk, "1"]), group_post(other, **{"tra-loi__1.1": "x"})
        ).status_code
        == 302
    )
    assert not ReportEvent.objects.filter(report=other, action="replied").exists()


def test_the_head_of_another_agency_cannot_reply(client, world):
    report = returned_with_a_query(world)
    client.force_login(world.head_b)
    response = client.post(reverse("reports:group", args=[report.pk, "1"]), group_post(report, **{"tra-loi__1.1": "x"}))
    assert response.status_code == 404
    assert IndicatorDecision.objects.get(round__report=report, code="1.1").reply == ""
