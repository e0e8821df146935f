r"""Criteria sets as spreadsheets (CSV/XLSX), one row per indicator, as the official tables read.

Columns: ``group_code, group_title, code, title, max_points, unit, method,
parameters, evidence, evidence_required, evidence_kinds, data_source,
guidance``, or the same columns headed by their labels (``COLUMN_LABELS``, as the
admin's template file has them). ``parameters`` holds what the method needs in a compact syntax
(docs/criteria-spreadsheet.md): items separated by ``;``, each ``key = value``;
a ``;`` inside a label is written ``\;``. Each method's specification
(assessments/definitions/methods/builtin.py) writes and reads its own items.
"""

from __future__ import annotations

from collections.abc import Mapping

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from import_export import fields, resources

from assessments.definitions.json_format import EVIDENCE_KINDS, SetDefinition
from assessments.definitions.methods import METHODS, MethodSpec
from assessments.definitions.methods.base import parameter_decimal, table_number
from assessments.definitions.rules import indicator_problems


def file_line(dataset: tablib.Dataset, row_index: int) -> int:
    """The line in the uploaded file of the dataset's row ``row_index`` (0-based); the header is line 1."""
    lines = getattr(dataset, "line_numbers", None)
    if lines and row_index < len(lines):
        return lines[row_index]
    return row_index + 2


COLUMNS = (
    "group_code",
    "group_title",
    "code",
    "title",
    "max_points",
    "unit",
    "method",
    "parameters",
    "evidence",
    "evidence_required",
    "evidence_kinds",
    "data_source",
    "guidance",
)
REQUIRED_COLUMNS = ("group_code", "group_title", "code", "title", "max_points", "method")
COLUMN_LABELS = {
    "group_code": pgettext_lazy("spreadsheet column", "Group code"),
    "group_title": pgettext_lazy("spreadsheet column", "Group title"),
    "code": pgettext_lazy("spreadsheet column", "Indicator code"),
    "title": pgettext_lazy("spreadsheet column", "Indicator"),
    "max_points": pgettext_lazy("spreadsheet column", "Maximum points"),
    "unit": pgettext_lazy("spreadsheet column", "Unit"),
    "method": pgettext_lazy("spreadsheet column", "Scoring method"),
    "parameters": pgettext_lazy("spreadsheet column", "Parameters"),
    "evidence": pgettext_lazy("spreadsheet column", "Evidence"),
    "evidence_required": pgettext_lazy("spreadsheet column", "Evidence required (yes/no)"),
    "evidence_kinds": pgettext_lazy("spreadsheet column", "Evidence kinds"),
    "data_source": pgettext_lazy("spreadsheet column", "Data source"),
    "guidance": pgettext_lazy("spreadsheet column", "Guidance"),
}
# The template's example indicator (content, so in Vietnamese), scored as a ratio.
EXAMPLE_ROW = {
    "group_code": "1",
    "group_title": "Môi trường chính sách",
    "code": "1.1",
    "title": "Tỷ lệ văn bản đi được ký số",
    "max_points": "10",
    "unit": "văn bản",
    "method": "RATIO",
    "parameters": "a = Số văn bản đi được ký số; b = Tổng số văn bản đi; b0 = zero",
    "evidence": "Báo cáo thống kê văn bản đi",
    "evidence_required": "có",
    "evidence_kinds": "file,document,url",
}


class CriteriaTableError(ValueError):
    """Rows that cannot be read; ``problems`` holds (line, message) pairs, the header being line 1."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("; ".join(f"{line}: {message}" for line, message in problems))
        self.problems = problems


def format_parameters(indicator: Mapping) -> str:
    """The compact ``parameters`` cell of a definition-shaped indicator, as its method's specification writes it."""
    return _spec(indicator["method"]).format_parameters(indicator)


def parse_parameters(method: str, text: str) -> dict:
    """The definition keys a ``parameters`` cell sets; ValueError with the reason when it cannot be read."""
    return _spec(method).parse_parameters(text)


def _spec(method: str) -> MethodSpec:
    # A method without a specification takes no parameters; indicator_problems reports the method itself.
    return METHODS.get(method) or MethodSpec(method)


def _values(items) -> list:
    return [getattr(item, "value", item) for item in items or ()]


def _yes(value: object) -> bool:
    return str(value or "").strip().lower() in ("yes", "có", "co", "true", "1", "x")


def read_table(dataset: tablib.Dataset, base: SetDefinition) -> SetDefinition:
    """A definition from spreadsheet rows; metadata (level, total, bands) comes from ``base``."""
    headers = [str(header or "").strip() for header in dataset.headers or []]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        raise CriteriaTableError([(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})])
    problems: list[tuple[int, str]] = []
    groups: dict[str, dict] = {}
    for index, values in enumerate(dataset):
        line = file_line(dataset, index)
        row = {
            header: ("" if value is None else str(value).strip())
            for header, value in zip(headers, values, strict=False)
        }
        if not any(row.values()):
            continue
        method = row["method"].upper()
        try:
            indicator = {
                "code": row["code"],
                "title": row["title"],
                "max_points": parameter_decimal(row["max_points"], "max_points"),
                "unit": row.get("unit", ""),
                "method": method,
                "tier_input": "count",
                "evidence_description": row.get("evidence", ""),
                "evidence_required": _yes(row.get("evidence_required")),
                "evidence_kinds": [kind.strip() for kind in row.get("evidence_kinds", "").split(",") if kind.strip()]
                or list(EVIDENCE_KINDS),
                "data_source": row.get("data_source", ""),
                "guidance": row.get("guidance", ""),
                **parse_parameters(method, row.get("parameters", "")),
            }
        except ValueError as error:
            problems.append((line, f"{row['code'] or '?'}: {error}"))
            continue
        unknown_kinds = set(indicator["evidence_kinds"]) - set(EVIDENCE_KINDS)
        if unknown_kinds:
            problems.append(
                (line, _("Unknown evidence kinds: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown_kinds))})
            )
        problems += [(line, problem.message) for problem in indicator_problems(indicator)]
        group = groups.setdefault(
            row["group_code"], {"code": row["group_code"], "title": row["group_title"], "indicators": []}
        )
        group["indicators"].append(indicator)
    if problems:
        raise CriteriaTableError(problems)
    return SetDefinition(
        level=base.level,
        appendix=base.appendix,
        applies_to=base.applies_to,
        note=base.note,
        max_total=base.max_total,
        decision=base.decision,
        year_from=base.year_from,
        year_to=base.year_to,
        groups=list(groups.values()),
        bands=base.bands,
    )


class CriteriaRowResource(resources.Resource):
    """Export of a definition's rows through django-import-export."""

    group_code = fields.Field(attribute="group_code", column_name="group_code")
    group_title = fields.Field(attribute="group_title", column_name="group_title")
    code = fields.Field(attribute="code", column_name="code")
    title = fields.Field(attribute="title", column_name="title")
    max_points = fields.Field(attribute="max_points", column_name="max_points")
    unit = fields.Field(attribute="unit", column_name="unit")
    method = fields.Field(attribute="method", column_name="method")
    parameters = fields.Field(attribute="parameters", column_name="parameters")
    evidence = fields.Field(attribute="evidence", column_name="evidence")
    evidence_required = fields.Field(attribute="evidence_required", column_name="evidence_required")
    evidence_kinds = fields.Field(attribute="evidence_kinds", column_name="evidence_kinds")
    data_source = fields.Field(attribute="data_source", column_name="data_source")
    guidance = fields.Field(attribute="guidance", column_name="guidance")

    class Meta:
        fields = COLUMNS
        export_order = COLUMNS


def table_rows(definition: SetDefinition) -> list[dict]:
    rows = []
    for group in definition.groups:
        for indicator in _values(group["indicators"]):
            guidance = indicator.get("guidance") or ""
            rows.append(
                {
                    "group_code": group["code"],
                    "group_title": group["title"],
                    "code": indicator["code"],
                    "title": indicator["title"],
                    "max_points": table_number(indicator["max_points"]),
                    "unit": indicator.get("unit") or "",
                    "method": indicator["method"],
                    "parameters": format_parameters(indicator),
                    "evidence": indicator.get("evidence_description") or "",
                    "evidence_required": "yes" if indicator.get("evidence_required") else "no",
                    "evidence_kinds": ",".join(indicator.get("evidence_kinds") or []),
                    "data_source": indicator.get("data_source") or "",
                    "guidance": str(getattr(guidance, "source", guidance)),
                }
            )
    return rows


def export_table(definition: SetDefinition) -> tablib.Dataset:
    return CriteriaRowResource().export(queryset=table_rows(definition))
