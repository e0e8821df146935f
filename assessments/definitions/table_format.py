r"""Criteria sets as spreadsheets (CSV/XLSX), one row per indicator, as the official tables read.

Columns: ``group_code, group_title, code, title, max_points, unit, method,
parameters, evidence, evidence_required, evidence_kinds, data_source,
guidance``. ``parameters`` holds what the method needs in a compact syntax
(docs/criteria-spreadsheet.md): items separated by ``;``, each ``key = value``;
a ``;`` inside a label is written ``\;``.

- LEVELS, CHECKS: ``<option label> = <fraction>`` for each option.
- TIERS: ``input = count`` or ``input = ratio``, then ``<threshold> = <points>``
  for each tier; with ratio input also the RATIO keys.
- RATIO: ``a = <what a counts>; b = <what b counts>; b0 = full|zero|not_applicable``,
  and ``a>b = yes`` when a may exceed b.
- TARGET: ``target = <n>``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources

from assessments.definitions.json_format import EVIDENCE_KINDS, SetDefinition
from assessments.definitions.rules import indicator_problems
from assessments.scoring import Method, TierInput


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


class CriteriaTableError(ValueError):
    """Rows that cannot be read; ``problems`` holds (line, message) pairs, the header being line 1."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("; ".join(f"{line}: {message}" for line, message in problems))
        self.problems = problems


def _number_text(value: object) -> str:
    number = Decimal(str(value))
    return str(number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize())


def _escape(text: object) -> str:
    return str(text or "").replace(";", "\\;")


def _split_items(text: str) -> list[str]:
    """Items of a parameters cell: split on ";" but not on an escaped "\\;"."""
    return [item.replace("\\;", ";").strip() for item in re.split(r"(?<!\\);", text or "")]


def format_parameters(indicator: dict) -> str:
    """The compact ``parameters`` cell of a definition-shaped indicator."""
    method = indicator["method"]
    items: list[str] = []
    if method in (Method.LEVELS, Method.CHECKS):
        items = [
            f"{_escape(option['label'])} = {_number_text(option['fraction'])}"
            for option in _values(indicator["options"])
        ]
    if method == Method.TIERS:
        items.append(f"input = {indicator.get('tier_input') or TierInput.COUNT}")
    if method == Method.RATIO or (method == Method.TIERS and indicator.get("tier_input") == TierInput.RATIO):
        items += [
            f"a = {_escape(indicator.get('numerator_label'))}",
            f"b = {_escape(indicator.get('denominator_label'))}",
            f"b0 = {indicator.get('when_denominator_zero') or 'zero'}",
        ]
        if indicator.get("numerator_may_exceed"):
            items.append("a>b = yes")
    if method == Method.TIERS:
        items += [
            f"{_number_text(tier['threshold'])} = {_number_text(tier['points'])}"
            for tier in _values(indicator["tiers"])
        ]
    if method == Method.TARGET:
        items.append(f"target = {_number_text(indicator['target'])}")
    return "; ".join(items)


def _values(items) -> list:
    return [getattr(item, "value", item) for item in items or ()]


# The named parameters each method reads; TIERS also takes "<threshold> = <points>" items.
METHOD_PARAMETERS = {
    Method.RATIO: {"a", "b", "b0", "a>b"},
    Method.TIERS: {"input", "a", "b", "b0", "a>b"},
    Method.TARGET: {"target"},
}


def parse_parameters(method: str, text: str) -> dict:
    """The definition keys a ``parameters`` cell sets; ValueError with the reason when it cannot be read."""
    parsed: dict = {"options": [], "tiers": []}
    allowed = METHOD_PARAMETERS.get(method, set())
    for item in _split_items(text):
        if not item:
            continue
        if "=" not in item:
            raise ValueError(_("“%(item)s” is not of the form key = value.") % {"item": item})
        if method in (Method.LEVELS, Method.CHECKS):
            label, _sep, fraction = item.rpartition("=")
            parsed["options"].append({"label": label.strip(), "fraction": _decimal(fraction, item)})
            continue
        key, _sep, value = (part.strip() for part in item.partition("="))
        if key not in allowed and not (method == Method.TIERS and _is_number(key)):
            raise ValueError(_("“%(key)s” is not a parameter of %(method)s.") % {"key": key, "method": method})
        if key == "input":
            parsed["tier_input"] = value
        elif key == "a":
            parsed["numerator_label"] = value
        elif key == "b":
            parsed["denominator_label"] = value
        elif key == "b0":
            parsed["when_denominator_zero"] = value
        elif key == "a>b":
            parsed["numerator_may_exceed"] = value.lower() in ("yes", "có", "true", "1")
        elif key == "target":
            parsed["target"] = _decimal(value, item)
        else:
            parsed["tiers"].append({"threshold": _decimal(key, item), "points": _decimal(value, item)})
    return parsed


def _is_number(text: str) -> bool:
    try:
        return Decimal(text.replace(",", ".")).is_finite()
    except InvalidOperation:
        return False


def _decimal(text: str, item: str) -> Decimal:
    try:
        number = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(_("“%(item)s” needs a number.") % {"item": item}) from error
    if not number.is_finite():
        raise ValueError(_("“%(item)s” needs a number.") % {"item": item})
    return number


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
                "max_points": _decimal(row["max_points"], "max_points"),
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
                    "max_points": _number_text(indicator["max_points"]),
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
