"""Criteria files in and out: JSON documents and CSV/XLSX tables, for commands and the admin."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from assessments.admin.spreadsheets import (
    SpreadsheetError,
    export_dataset,
    read_spreadsheet,
    template_dataset,
    use_column_codes,
)
from assessments.criteria.pages import create_as_draft, import_as_draft
from assessments.definitions.json_format import CriteriaFormatError, SetDefinition, read_document, write_document
from assessments.definitions.table_format import (
    COLUMN_LABELS,
    EXAMPLE_ROW,
    CriteriaTableError,
    export_table,
    read_table,
)
from assessments.models import CriteriaSetPage
from home.models import DecisionPage

MAX_JSON_BYTES = 5 * 1024 * 1024


def page_definition(page: CriteriaSetPage) -> SetDefinition:
    """A page's content (as given, e.g. a revision) as a definition."""
    level = page.levels.first()
    decision = page.get_parent().specific if page.pk else None
    return SetDefinition(
        level=level.code if level else "",
        appendix=page.appendix,
        applies_to=page.applies_to,
        note=page.note,
        max_total=page.max_total,
        decision=getattr(decision, "number", ""),
        year_from=page.year_from,
        year_to=page.year_to,
        groups=[dict(child.value, indicators=[c.value for c in child.value["indicators"]]) for child in page.groups],
        bands=[{"label": band.label, "min_percent": band.min_percent} for band in page.bands.all()],
    )


def export_json(pages: list[CriteriaSetPage]) -> bytes:
    document = write_document([page_definition(page) for page in pages])
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def export_spreadsheet(page: CriteriaSetPage, file_format: str) -> bytes:
    return export_dataset(export_table(page_definition(page)), file_format)


def table_template(file_format: str) -> bytes:
    """An empty indicator table: the columns headed in the active language, and one example indicator."""
    return export_dataset(template_dataset(COLUMN_LABELS, EXAMPLE_ROW), file_format)


def read_json_bytes(content: bytes) -> dict[str, SetDefinition]:
    if len(content) > MAX_JSON_BYTES:
        raise CriteriaFormatError(_("The file is larger than 5 MB."))
    try:
        return read_document(json.loads(content.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CriteriaFormatError(_("The file is not valid JSON: %(error)s") % {"error": error}) from error


def import_into_decision(decision: DecisionPage, definitions: dict[str, SetDefinition], user=None) -> list:
    """Each set becomes a new draft revision of the decision's set for its level, or a new draft set."""
    existing = {
        level.code: page
        for page in CriteriaSetPage.objects.child_of(decision).prefetch_related("levels")
        for level in page.levels.all()
    }
    pages = []
    for level, definition in definitions.items():
        page = existing.get(level)
        if page is not None:
            pages.append(import_as_draft(page, definition, user=user))
        else:
            title = definition.applies_to or _("Criteria set for %(level)s") % {"level": level}
            pages.append(create_as_draft(decision, definition, title[:255], user=user))
    return pages


def import_table_into(page: CriteriaSetPage, name: str, content: bytes, user=None) -> CriteriaSetPage:
    """Rows of a CSV/XLSX file as a new draft revision of ``page``; its metadata and bands are kept."""
    try:
        dataset = read_spreadsheet(name, content)
    except SpreadsheetError as error:
        raise CriteriaTableError([(1, str(error))]) from error
    use_column_codes(dataset, COLUMN_LABELS)
    definition = read_table(dataset, page_definition(page.get_latest_revision_as_object()))
    return import_as_draft(page, definition, user=user)
