"""The JSON interchange format for criteria sets (documented in docs/criteria-json.md).

The format is the shape of ``criteria-2021-illustrative.json``: one document per
decision, holding the criteria groups, the classification bands and one set per
kind of agency. Reading turns a set into the definition shape of
:mod:`assessments.definitions.rules` (the StreamField value shape); writing does the reverse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

EVIDENCE_KINDS = ("file", "document", "url")

# JSON key -> definition key, where they differ.
_RENAMED = {
    "input": "tier_input",
    "numerator": "numerator_label",
    "denominator": "denominator_label",
    "evidence": "evidence_description",
}
# Definition keys of an indicator, in the order they are written out.
_INDICATOR_FIELDS = (
    "code",
    "title",
    "max_points",
    "unit",
    "method",
    "options",
    "tier_input",
    "tiers",
    "numerator_label",
    "denominator_label",
    "when_denominator_zero",
    "numerator_may_exceed",
    "target",
    "evidence_description",
    "evidence_required",
    "evidence_kinds",
    "data_source",
    "guidance",
)


class CriteriaFormatError(ValueError):
    """The document is not in the interchange format; the message says where."""


@dataclass
class SetDefinition:
    """One criteria set read from a document, ready for a page or for the engine."""

    level: str
    appendix: str = ""
    applies_to: str = ""
    note: str = ""
    max_total: Decimal | None = None
    decision: str = ""
    year_from: int | None = None
    year_to: int | None = None
    groups: list[dict] = field(default_factory=list)
    bands: list[dict] = field(default_factory=list)


def _number(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CriteriaFormatError(_("%(where)s must be a number.") % {"where": where})
    try:
        return Decimal(str(value))
    except ArithmeticError as error:
        raise CriteriaFormatError(_("%(where)s must be a number.") % {"where": where}) from error


def indicator_from_json(raw: Mapping, where: str) -> dict:
    """A definition-shaped indicator from a JSON row (unknown keys are ignored, e.g. "source")."""
    if not isinstance(raw, Mapping):
        raise CriteriaFormatError(_("%(where)s must be an object.") % {"where": where})
    data = {_RENAMED.get(key, key): value for key, value in raw.items()}
    data = {key: value for key, value in data.items() if key in _INDICATOR_FIELDS}
    tiers = data.get("tiers") or []
    if not isinstance(tiers, list) or not all(isinstance(tier, list | tuple) and len(tier) == 2 for tier in tiers):
        raise CriteriaFormatError(_("%(where)s: tiers must be a list of [threshold, points] pairs.") % {"where": where})
    data["tiers"] = [
        {"threshold": _number(threshold, f"{where}: tier"), "points": _number(points, f"{where}: tier")}
        for threshold, points in tiers
    ]
    options = data.get("options") or []
    if not isinstance(options, list) or not all(isinstance(option, Mapping) for option in options):
        raise CriteriaFormatError(_("%(where)s: options must be a list of {label, fraction}.") % {"where": where})
    data["options"] = [
        {"label": option.get("label"), "fraction": _number(option.get("fraction"), f"{where}: fraction")}
        for option in options
    ]
    for number_key in ("max_points", "target"):
        if data.get(number_key) is not None:
            data[number_key] = _number(data[number_key], f"{where}: {number_key}")
    for text_key in ("title", "unit", "evidence_description", "data_source", "guidance"):
        data[text_key] = data.get(text_key) or ""
    data["tier_input"] = data.get("tier_input") or "count"
    data.setdefault("evidence_kinds", list(EVIDENCE_KINDS))
    data.setdefault("evidence_required", False)
    return data


def indicator_to_json(data: Mapping, group_code: str) -> dict:
    """The JSON row of a definition-shaped indicator (empty values left out)."""
    renamed_back = {value: key for key, value in _RENAMED.items()}
    row: dict = {"code": data["code"], "group": group_code}
    for key in _INDICATOR_FIELDS[1:]:
        value = data.get(key)
        if key == "tiers":
            value = [[_plain(tier["threshold"]), _plain(tier["points"])] for tier in _values(value)]
        elif key == "options":
            value = [{"label": option["label"], "fraction": _plain(option["fraction"])} for option in _values(value)]
        elif key == "evidence_kinds":
            value = list(value or [])
        elif key == "guidance":
            value = str(getattr(value, "source", value) or "")
        elif key == "tier_input" and data.get("method") != "TIERS":
            continue
        elif isinstance(value, Decimal):
            value = _plain(value)
        if value in (None, "", []):
            continue
        row[renamed_back.get(key, key)] = value
    return row


def _values(items: object) -> list:
    return [getattr(item, "value", item) for item in items or ()]


def _plain(value: object) -> int | float | object:
    """Decimals as JSON numbers: 40 rather than 40.00, 0.5 rather than "0.5"."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def read_document(document: object) -> dict[str, SetDefinition]:
    """Every set of a document by agency level, ``same_as`` resolved."""
    if not isinstance(document, Mapping):
        raise CriteriaFormatError(_("The criteria document must be a JSON object."))
    sets = document.get("sets")
    if not isinstance(sets, list) or not sets:
        raise CriteriaFormatError(_("The criteria document has no “sets” list."))
    groups = document.get("groups") or []
    if not isinstance(groups, list) or not all(isinstance(group, Mapping) and "code" in group for group in groups):
        raise CriteriaFormatError(_("“groups” must be a list of {code, title}."))
    group_titles = {str(group["code"]): str(group.get("title") or "") for group in groups}
    bands = _bands(document.get("bands") or {})

    result: dict[str, SetDefinition] = {}
    aliases: dict[str, str] = {}
    for position, raw_set in enumerate(sets, start=1):
        where = _("set %(number)d") % {"number": position}
        if not isinstance(raw_set, Mapping) or not raw_set.get("level"):
            raise CriteriaFormatError(_("%(where)s needs a “level”.") % {"where": where})
        level = str(raw_set["level"])
        definition = SetDefinition(
            level=level,
            appendix=str(raw_set.get("appendix") or ""),
            applies_to=str(raw_set.get("applies_to") or ""),
            note=str(raw_set.get("note") or ""),
            max_total=_number(raw_set["max_total"], f"{where}: max_total") if "max_total" in raw_set else None,
            decision=str(document.get("decision") or ""),
            year_from=raw_set.get("year_from", document.get("year_from")),
            year_to=raw_set.get("year_to", document.get("year_to")),
            bands=_bands(raw_set["bands"]) if "bands" in raw_set else bands,
        )
        if raw_set.get("same_as"):
            aliases[level] = str(raw_set["same_as"])
        else:
            definition.groups = _groups_of(raw_set.get("indicators"), group_titles, where)
        result[level] = definition
    for level, source in aliases.items():
        if source not in result or source in aliases:
            raise CriteriaFormatError(_("Set “%(level)s” is the same as an unknown set “%(source)s”.") % locals())
        result[level].groups = result[source].groups
    return result


def _bands(raw: object) -> list[dict]:
    """Bands from ``{"bands": [...]}`` (the document's form) or a plain list (a set's own)."""
    bands = raw.get("bands", []) if isinstance(raw, Mapping) else raw
    if not isinstance(bands, list) or not all(isinstance(band, Mapping) for band in bands):
        raise CriteriaFormatError(_("“bands” must be a list of {label, min_percent}."))
    return [
        {"label": str(band.get("label") or ""), "min_percent": _number(band.get("min_percent"), "min_percent")}
        for band in bands
    ]


def _groups_of(indicators: object, group_titles: Mapping[str, str], where: str) -> list[dict]:
    if not isinstance(indicators, list):
        raise CriteriaFormatError(_("%(where)s has no “indicators” list.") % {"where": where})
    groups: dict[str, dict] = {}
    for position, raw in enumerate(indicators, start=1):
        row_where = _("%(where)s, indicator %(number)d") % {"where": where, "number": position}
        indicator = indicator_from_json(raw, row_where)
        group_code = str(raw.get("group") or "")
        if group_code not in group_titles:
            raise CriteriaFormatError(
                _("%(where)s: unknown criteria group “%(group)s”.") % {"where": row_where, "group": group_code}
            )
        group = groups.setdefault(group_code, {"code": group_code, "title": group_titles[group_code], "indicators": []})
        group["indicators"].append(indicator)
    order = list(group_titles)
    return sorted(groups.values(), key=lambda group: order.index(group["code"]))


def write_document(definitions: list[SetDefinition]) -> dict:
    """A document holding ``definitions``, readable by :func:`read_document`."""
    groups: dict[str, str] = {}
    sets = []
    for definition in definitions:
        rows = []
        for group in definition.groups:
            groups.setdefault(group["code"], group["title"])
            rows.extend(indicator_to_json(indicator, group["code"]) for indicator in _values(group["indicators"]))
        entry = {
            "appendix": definition.appendix,
            "level": definition.level,
            "applies_to": definition.applies_to,
            "max_total": _plain(definition.max_total),
            "indicators": rows,
        }
        if definition.note:
            entry["note"] = definition.note
        if definition.year_from != definitions[0].year_from:
            entry["year_from"] = definition.year_from
        if definition.year_to:
            entry["year_to"] = definition.year_to
        if definition.bands != definitions[0].bands:
            entry["bands"] = [{"label": b["label"], "min_percent": _plain(b["min_percent"])} for b in definition.bands]
        sets.append(entry)
    first = definitions[0] if definitions else SetDefinition(level="")
    return {
        "decision": first.decision,
        "year_from": first.year_from,
        "groups": [{"code": code, "title": title} for code, title in groups.items()],
        "sets": sets,
        "bands": {"bands": [{"label": b["label"], "min_percent": _plain(b["min_percent"])} for b in first.bands]},
    }
