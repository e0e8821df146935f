"""The agency's reporting screens, on the public site (not the Wagtail admin).

Views are thin: they find the report through :mod:`assessments.access` (another
agency's report is a 404), hand the work to :mod:`assessments.reporting.services`
and render the result.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import formatting
from assessments.access import access_of
from assessments.appraisal.feedback import answer_feedback, open_feedback
from assessments.formatting import points, score_text
from assessments.models import HANDED_IN, Report, ReportingPeriod
from assessments.reporting import services as report_service
from assessments.reporting import typed_answers
from assessments.reporting.answers import answer_text, answered_codes, group_progress, score_rows
from assessments.reporting.dashboard import dashboard_rows
from assessments.reporting.evidence import EvidenceForm
from assessments.reporting.forms import GroupForm
from assessments.reporting.history import event_sentence
from assessments.reporting.receipt.pdf import report_pdf
from assessments.templatetags.criteria_tags import code_anchor


def _report(request: HttpRequest, report_id: int) -> Report:
    """The report, if the user may read it; 404 otherwise, so ids reveal nothing."""
    return get_object_or_404(
        access_of(request).reports().select_related("period", "agency", "period__criteria_set"), pk=report_id
    )


def _writable(request: HttpRequest, report_id: int) -> Report:
    report = _report(request, report_id)
    if not access_of(request).may_fill_in(report):
        raise PermissionDenied
    return report


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    access = access_of(request)
    if not access.filling and access.appraising:
        # An appraiser has no reports of their own: the page after logging in is their workspace.
        return redirect("appraisal:workspace")
    agencies = list(access.reporting_agencies().select_related("level"))
    rows = dashboard_rows(agencies, timezone.now())
    return TemplateResponse(request, "assessments/reports/dashboard.html", {"agencies": agencies, "rows": rows})


@login_required
@require_POST
def start(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """Opens the agency's report for a period, creating it (pre-filled from the previous one) on first use."""
    agency = get_object_or_404(access_of(request).reporting_agencies(), pk=agency_id)
    period = get_object_or_404(ReportingPeriod.objects.filter(levels=agency.level_id), pk=period_id)
    try:
        report = report_service.open_report(period, agency, request.user)
    except IntegrityError:  # two people opened it at the same moment
        report = Report.objects.get(period=period, agency=agency)
    except report_service.EditRefused as refusal:
        # Only a stale or crafted request gets here: the dashboard offers Start only while it is allowed.
        context = {"message": str(refusal)}
        return TemplateResponse(request, "assessments/reports/refused.html", context, status=403)
    return redirect("reports:report", report.pk)


def _overview_context(report: Report) -> dict:
    criteria = report_service.pinned_criteria(report.period)
    rows = list(report.answers.all())
    score = score_rows(criteria.scoring, rows)
    progress = group_progress(criteria.scoring, answered_codes(criteria.scoring, rows))
    groups = [
        {
            "code": group.code,
            "title": criteria.titles[group.code],
            "progress": progress[group.code],
            "score": score.groups[group.code],
        }
        for group in criteria.scoring.groups
    ]
    return {"report": report, "criteria": criteria, "score": score, "groups": groups}


@login_required
@require_GET
def report_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    context = _overview_context(report)
    context["refusal"] = report_service.edit_refusal(report, timezone.now())
    context["can_fill_in"] = access_of(request).may_fill_in(report)
    context["feedback"] = open_feedback(report)
    return TemplateResponse(request, "assessments/reports/report.html", context)


def _conflict_message() -> str:
    return _(
        "Someone else saved this report while you were working. Your changes were not saved: "
        "the page now shows what they saved. Compare, then enter your changes again."
    )


def _save_replies(request: HttpRequest, report: Report) -> None:
    """The replies to the appraiser typed on a group page, kept whatever becomes of the rest of the post."""
    if report_service.edit_refusal(report, timezone.now()) is None:
        answer_feedback(request.POST, report, request.user)


def _group_context(
    request: HttpRequest,
    report: Report,
    group_code: str,
    form: GroupForm | None = None,
    refused_evidence: tuple[str, EvidenceForm] | None = None,
) -> dict:
    """The group page; ``refused_evidence`` is an indicator's code and its evidence form, shown with its errors."""
    criteria = report_service.pinned_criteria(report.period)
    group = report_service.group_of(criteria.scoring, group_code)
    if group is None:
        raise Http404
    rows = {row.code: row for row in report.answers.all()}
    if form is None:
        initial = GroupForm.initial_from(group, rows, report.version)
        form = GroupForm(group=group, indicators=criteria.indicators, initial=initial)
    overrides = form.answers() if form.is_bound and form.is_valid() else None
    score = score_rows(criteria.scoring, rows.values(), overrides)
    evidence = {}
    for item in report.evidence.all():
        evidence.setdefault(item.code, []).append(item)
    evidence_forms = dict([refused_evidence]) if refused_evidence else {}
    feedback = open_feedback(report)
    reasons = feedback.reasons if feedback else {}
    indicators = [
        {
            "indicator": indicator,
            "definition": criteria.indicators[indicator.code],
            "fields": form.fields_of(indicator.code),
            "score": score.indicators[indicator.code],
            "evidence": evidence.get(indicator.code, []),
            "evidence_form": evidence_forms.get(indicator.code) or EvidenceForm(anchor=code_anchor(indicator.code)),
            "evidence_errors": evidence_forms[indicator.code].error_links() if indicator.code in evidence_forms else [],
            "appraiser_reason": reasons.get(indicator.code, ""),
            "reply": feedback.replies.get(indicator.code, "") if feedback else "",
        }
        for indicator in group.indicators
    ]
    codes = [g.code for g in criteria.scoring.groups]
    position = codes.index(group.code)
    return {
        "report": report,
        "group": group,
        "group_title": criteria.titles[group.code],
        "form": form,
        "error_links": form.error_links() if form.is_bound else [],
        "indicators": indicators,
        "score": score,
        "group_score": score.groups[group.code],
        "next_group": codes[position + 1] if position + 1 < len(codes) else None,
        "refusal": report_service.edit_refusal(report, timezone.now()),
        "can_fill_in": access_of(request).may_fill_in(report),
        "feedback": feedback,
    }


@login_required
def group_view(request: HttpRequest, report_id: int, group_code: str) -> HttpResponse:
    if request.method == "GET":
        report = _report(request, report_id)
        return TemplateResponse(request, "assessments/reports/group.html", _group_context(request, report, group_code))
    if request.method != "POST":
        return HttpResponse(status=405)
    report = _writable(request, report_id)
    criteria = report_service.pinned_criteria(report.period)
    group = report_service.group_of(criteria.scoring, group_code)
    if group is None:
        raise Http404
    _save_replies(request, report)
    form = GroupForm(request.POST, group=group, indicators=criteria.indicators)
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"errors": form.errors}, status=400)
        context = _group_context(request, report, group_code, form)
        return TemplateResponse(request, "assessments/reports/group.html", context, status=400)
    try:
        report = report_service.save_group(report.pk, group, form.group_values(), form.loaded_version, request.user)
    except report_service.Conflict as conflict:
        message = _conflict_message()
        if wants_json:
            return JsonResponse({"conflict": message, "version": conflict.report.version}, status=409)
        context = _group_context(request, conflict.report, group_code)
        context["conflict"] = message
        context["mine"] = form.cleaned_data
        return TemplateResponse(request, "assessments/reports/group.html", context, status=409)
    except report_service.EditRefused as refusal:
        if wants_json:
            return JsonResponse({"refused": str(refusal)}, status=403)
        messages.error(request, str(refusal))
        return redirect("reports:report", report.pk)
    if wants_json:
        return JsonResponse({"version": report.version, "saved_at": formatting.clock(timezone.now())})
    messages.success(request, _("Saved."))
    # The next group comes from the page, so from the person: only one of this report's own groups is
    # followed; anything else (a crafted "a/b", another report's code) stays on this group.
    next_group = request.POST.get("next_group", "")
    if "continue" in request.POST and report_service.group_of(criteria.scoring, next_group) is not None:
        return redirect("reports:group", report.pk, next_group)
    return redirect("reports:group", report.pk, group.code)


@login_required
@require_POST
def live_score(request: HttpRequest, report_id: int, group_code: str) -> JsonResponse:
    """Scores what is being typed, without saving it: the self-score moves as the officer types."""
    report = _report(request, report_id)
    criteria = report_service.pinned_criteria(report.period)
    group = report_service.group_of(criteria.scoring, group_code)
    if group is None:
        raise Http404
    form = GroupForm(request.POST, group=group, indicators=criteria.indicators)
    if not form.is_valid():
        return JsonResponse({"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=400)
    score = score_rows(criteria.scoring, report.answers.all(), form.answers())
    return JsonResponse(
        {
            # Written as the page writes them (the ``score_text`` and ``points`` filters), so a live
            # update matches a reload.
            "indicators": {
                indicator.code: score_text(score.indicators[indicator.code]) for indicator in group.indicators
            },
            "group": points(score.groups[group.code].score),
            "total": points(score.total),
            "max": points(score.max_applicable),
        }
    )


def _after_evidence(
    request: HttpRequest,
    report: Report,
    group_code: str,
    carried: typed_answers.Carried,
    version: int | None,
    back: str,
    refused_evidence: tuple[str, EvidenceForm] | None = None,
) -> HttpResponse:
    """The page after evidence was added or removed (``version`` is the report's then, None when the
    evidence was refused): back to the indicator when all went well, else the page again with the typed
    answers and the evidence form as they were posted, each with what to fix."""
    if carried.outcome == typed_answers.Outcome.SAVED:
        messages.success(request, _("Your answers on this page were saved too."))
    if carried.settled and refused_evidence is None:
        return redirect(back)
    report.refresh_from_db()
    if carried.outcome == typed_answers.Outcome.CONFLICT:
        context = _group_context(request, report, group_code, refused_evidence=refused_evidence)
        context["conflict"] = _conflict_message()
        context["mine"] = carried.form.cleaned_data
        return TemplateResponse(request, "assessments/reports/group.html", context, status=409)
    form = (
        typed_answers.shown_again(carried.form, version) if carried.outcome == typed_answers.Outcome.INVALID else None
    )
    context = _group_context(request, report, group_code, form, refused_evidence)
    return TemplateResponse(request, "assessments/reports/group.html", context, status=400)


@login_required
@require_POST
def add_evidence(request: HttpRequest, report_id: int, code: str) -> HttpResponse:
    """Adds evidence to an indicator, saving first the answers typed on the page (typed_answers)."""
    report = _writable(request, report_id)
    criteria = report_service.pinned_criteria(report.period)
    group = report_service.group_holding(criteria.scoring, code)
    if group is None:
        raise Http404
    back = reverse("reports:group", args=[report.pk, group.code]) + f"#chi-so-{code_anchor(code)}"
    form = EvidenceForm(request.POST, request.FILES, anchor=code_anchor(code))
    version = None
    _save_replies(request, report)
    try:
        carried = typed_answers.save_carried(request.POST, report, criteria, group, request.user)
        if form.is_valid():
            version = report_service.add_evidence(
                report.pk, code, request.user, **form.evidence_fields()
            ).report.version
    except report_service.EditRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    if version is not None:
        messages.success(request, _("Evidence added to %(code)s.") % {"code": code})
    refused = None if version is not None else (code, form)
    return _after_evidence(request, report, group.code, carried, version, back, refused)


@login_required
@require_POST
def remove_evidence(request: HttpRequest, report_id: int, evidence_id: int) -> HttpResponse:
    """Removes evidence, saving first the answers typed on the page (typed_answers)."""
    report = _writable(request, report_id)
    evidence = get_object_or_404(report.evidence, pk=evidence_id)
    criteria = report_service.pinned_criteria(report.period)
    group = report_service.group_holding(criteria.scoring, evidence.code)
    if group is None:
        raise Http404
    back = reverse("reports:group", args=[report.pk, group.code]) + f"#chi-so-{code_anchor(evidence.code)}"
    _save_replies(request, report)
    try:
        carried = typed_answers.save_carried(request.POST, report, criteria, group, request.user)
        version = report_service.remove_evidence(report.pk, evidence.pk, request.user).version
    except report_service.EditRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    messages.success(request, _("Evidence removed."))
    return _after_evidence(request, report, group.code, carried, version, back)


# An evidence file opened in the browser is the agency's content on the portal's origin: it is sent with
# the type checked at upload, never sniffed, and in a sandbox without scripts, forms or plugins of its
# own (Chromium still shows a PDF there, in its viewer), so a crafted file cannot act as the portal.
EVIDENCE_VIEW_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def _evidence_file(request: HttpRequest, report_id: int, evidence_id: int, *, inline: bool) -> HttpResponse:
    report = _report(request, report_id)
    evidence = get_object_or_404(report.evidence.exclude(file=""), pk=evidence_id)
    if inline and not evidence.viewable:
        return redirect("reports:evidence", report.pk, evidence.pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=not inline, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = EVIDENCE_VIEW_POLICY
    return response


@login_required
@require_GET
def download_evidence(request: HttpRequest, report_id: int, evidence_id: int) -> HttpResponse:
    return _evidence_file(request, report_id, evidence_id, inline=False)


@login_required
@require_GET
def view_evidence(request: HttpRequest, report_id: int, evidence_id: int) -> HttpResponse:
    """A PDF or an image shown in the browser; any other file is downloaded."""
    return _evidence_file(request, report_id, evidence_id, inline=True)


@login_required
@require_GET
def check_answers(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    context = _overview_context(report)
    rows = {row.code: row for row in report.answers.all()}
    evidence_codes = set(report.evidence.values_list("code", flat=True))
    context["gaps"] = report_service.report_gaps(report, rows, evidence_codes)
    criteria = context["criteria"]
    context["answers"] = [
        {
            "group": group.code,
            "indicator": indicator,
            "answer": answer_text(indicator, rows.get(indicator.code)),
            "explanation": rows[indicator.code].explanation if indicator.code in rows else "",
            "evidence": indicator.code in evidence_codes,
            "score": context["score"].indicators[indicator.code],
        }
        for group in criteria.scoring.groups
        for indicator in group.indicators
    ]
    context["can_submit"] = access_of(request).may_submit(report)
    context["refusal"] = report_service.edit_refusal(report, timezone.now())
    return TemplateResponse(request, "assessments/reports/check.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    if not access_of(request).may_submit(report):
        raise PermissionDenied
    try:
        report_service.submit(report.pk, request.user)
    except report_service.EditRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:check", report.pk)
    return redirect("reports:submitted", report.pk)


@login_required
@require_GET
def submitted(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    if report.status not in HANDED_IN:
        return redirect("reports:report", report.pk)
    return TemplateResponse(request, "assessments/reports/submitted.html", {"report": report})


@login_required
@require_GET
def report_pdf_view(request: HttpRequest, report_id: int) -> HttpResponse:
    """The submitted report as the document its head signs and files (assessments/reporting/receipt/)."""
    report = _report(request, report_id)
    if report.status not in HANDED_IN:
        raise Http404
    body = report_pdf(report, check_address=request.build_absolute_uri(reverse("receipt_check")))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.agency.code}-{report.period.year}.pdf"'
    return response


@login_required
@require_GET
def history(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    indicators = report_service.pinned_criteria(report.period).indicators
    lines = [event_sentence(event, indicators) for event in report.events.select_related("user")[:500]]
    return TemplateResponse(request, "assessments/reports/history.html", {"report": report, "lines": lines})
