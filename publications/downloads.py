"""The files a results page offers: the official PDF (built once when the page is published, kept with its
SHA-256), the rankings and every indicator score as CSV and XLSX, and the open data as a ZIP.

Every file is made from the snapshots the page publishes, nothing else.
"""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation

from assessments.admin.spreadsheets import export_dataset
from publications import open_data, spreadsheets
from publications.published import snapshots_by_id
from publications.results_pdf import CohortSection, ResultsDocument, results_pdf

PDF, RANKING_CSV, RANKING_XLSX, SCORES_CSV, SCORES_XLSX, OPEN_DATA = (
    "ket-qua.pdf",
    "xep-hang.csv",
    "xep-hang.xlsx",
    "diem-chi-so.csv",
    "diem-chi-so.xlsx",
    "du-lieu-mo.zip",
)
NAMES = {
    "pdf": PDF,
    "ranking_csv": RANKING_CSV,
    "ranking_xlsx": RANKING_XLSX,
    "scores_csv": SCORES_CSV,
    "scores_xlsx": SCORES_XLSX,
    "open_data": OPEN_DATA,
}
TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def _decision_citation() -> tuple[str, str]:
    """The decision the results are published under, and its issuer for the letterhead."""
    from home.models import DecisionPage

    decision = DecisionPage.objects.live().in_force().order_by("-date_issued").first()
    if decision is None:
        return "", ""
    citation = (
        f"{decision.document_type} số {decision.number} ngày {decision.date_issued:%d/%m/%Y} của {decision.issuer}"
    )
    return citation, decision.issuer.upper()


def _province() -> str:
    from home.models import PortalSettings

    settings = PortalSettings.objects.first()
    return settings.province if settings and settings.province else ""


def build_document(page) -> bytes:
    """The official PDF of what ``page`` publishes, in Vietnamese whatever the visitor's language."""
    with translation.override("vi"):
        citation, issuer = _decision_citation()
        sections = [
            CohortSection(
                title=f"{s.level.name} · {s.within.name}" if s.within_id else s.level.name,
                data=s.data,
                version=s.version,
                approved_at=s.approved_at,
                approving_agency=s.approving_agency.name,
            )
            for s in snapshots_by_id(page.snapshot_ids)
            if s.within_id is None
        ]
        document = ResultsDocument(
            year=page.year,
            province=_province(),
            issuer=issuer,
            decision=citation,
            published_at=page.last_published_at or timezone.now(),
            cohorts=sections,
        )
        return results_pdf(document)


def store_document(page):
    """Builds and keeps the PDF of the page's published revision (called when the page is published)."""
    from publications.models import PublishedDocument

    content = build_document(page)
    return PublishedDocument.objects.create(
        page=page,
        revision=page.live_revision,
        snapshot_ids=list(page.snapshot_ids),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def latest_document(page, *, with_content: bool = False):
    """The PDF kept for what the page publishes now; None until the page is published. Its bytes are read
    only when asked for (the page shows the digest, the download sends the file)."""
    from publications.models import PublishedDocument

    documents = PublishedDocument.objects.filter(page=page, snapshot_ids=list(page.snapshot_ids))
    if not with_content:
        documents = documents.defer("content")
    return documents.order_by("-built_at", "-pk").first()


def _attachment(response: HttpResponse, name: str, year: int) -> HttpResponse:
    stem, extension = name.rsplit(".", 1)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{year}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(page, name: str) -> HttpResponse:
    if name not in NAMES.values():
        raise Http404
    extension = name.rsplit(".", 1)[1]
    if name == PDF:  # stored when the page was published: no snapshot is read
        stored = latest_document(page, with_content=True)
        if stored is None:
            raise Http404
        return _attachment(HttpResponse(bytes(stored.content), content_type=TYPES["pdf"]), name, page.year)
    snapshots = snapshots_by_id(page.snapshot_ids)
    if not snapshots:
        raise Http404
    cohorts = [spreadsheets.published_cohort(s) for s in snapshots]
    if name == OPEN_DATA:
        content = open_data.open_data_zip(snapshots)
        return _attachment(HttpResponse(content, content_type=TYPES["zip"]), name, page.year)
    if name == SCORES_CSV:
        # Every indicator of every agency: streamed, so memory stays flat however many agencies there are.
        response = StreamingHttpResponse(spreadsheets.stream_indicator_csv(cohorts), content_type=TYPES["csv"])
        return _attachment(response, name, page.year)
    dataset = (
        spreadsheets.ranking_dataset(cohorts)
        if name.startswith("xep-hang")
        else spreadsheets.indicator_dataset(cohorts)
    )
    content = export_dataset(dataset, extension)
    return _attachment(HttpResponse(content, content_type=TYPES[extension]), name, page.year)
