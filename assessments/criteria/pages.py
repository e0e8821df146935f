"""Criteria set pages from interchange definitions, and back.

Imports (admin upload, ``import_criteria``, demo content) land as a new draft
revision that an editor reviews and publishes; only the demo publishes at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from assessments.definitions.json_format import CriteriaFormatError, SetDefinition
from assessments.definitions.rules import definition_problems
from assessments.models import AgencyLevel, CriteriaSetBand, CriteriaSetPage
from home.stream_data import StableIds


def groups_stream_data(definition: SetDefinition, seed: str) -> list[dict]:
    """The ``groups`` StreamField raw data of a definition, with ids stable for the same seed."""
    ids = StableIds(seed)
    groups = []
    for group in definition.groups:
        indicators = []
        for indicator in group["indicators"]:
            value = dict(indicator)
            value["options"] = [ids.item(dict(option)) for option in indicator.get("options") or []]
            value["tiers"] = [ids.item(dict(tier)) for tier in indicator.get("tiers") or []]
            value["tier_input"] = value.get("tier_input") or "count"
            value["when_denominator_zero"] = value.get("when_denominator_zero") or "zero"
            indicators.append(ids.block("indicator", _json_ready(value)))
        groups.append(
            ids.block(
                "group",
                {
                    "code": group["code"],
                    "title": group["title"],
                    "max_points": _json_ready(group.get("max_points")),
                    "indicators": indicators,
                },
            )
        )
    return groups


def _json_ready(value):
    """Decimals as strings, the way DecimalBlock stores them."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value


def check_definition(definition: SetDefinition) -> None:
    problems = definition_problems(definition.groups, definition.max_total)
    if problems:
        raise CriteriaFormatError("; ".join(problems))


def definition_fields(definition: SetDefinition, seed: str) -> dict:
    """The page fields a definition sets: metadata, groups and bands (levels apart)."""
    fields = {
        "appendix": definition.appendix,
        "applies_to": definition.applies_to,
        "note": definition.note,
        "year_to": definition.year_to,
        "groups": groups_stream_data(definition, seed),
        "bands": [CriteriaSetBand(label=band["label"], min_percent=band["min_percent"]) for band in definition.bands],
    }
    if definition.max_total is not None:
        fields["max_total"] = definition.max_total
    if definition.year_from:
        fields["year_from"] = definition.year_from
    return fields


def apply_definition(page: CriteriaSetPage, definition: SetDefinition, seed: str) -> None:
    """Copies a definition onto ``page`` (not saved)."""
    for name, value in definition_fields(definition, seed).items():
        setattr(page, name, value)


def levels_for(definition: SetDefinition) -> list[AgencyLevel]:
    level = AgencyLevel.objects.filter(code=definition.level).first()
    if level is None:
        raise CriteriaFormatError(_("There is no agency level with the code “%(code)s”.") % {"code": definition.level})
    return [level]


def import_as_draft(page: CriteriaSetPage, definition: SetDefinition, user=None) -> CriteriaSetPage:
    """Replaces an existing set's content with ``definition`` as a new draft revision."""
    check_definition(definition)
    page = page.get_latest_revision_as_object()
    apply_definition(page, definition, seed=f"import/{page.pk}/{definition.level}")
    page.levels = levels_for(definition)
    page.save_revision(user=user, log_action=True)
    return page


def create_as_draft(parent: Page, definition: SetDefinition, title: str, user=None) -> CriteriaSetPage:
    """A new, unpublished criteria set under ``parent`` (a decision) holding ``definition``."""
    check_definition(definition)
    page = CriteriaSetPage(title=title, live=False, year_from=definition.year_from or timezone.localdate().year)
    apply_definition(page, definition, seed=f"create/{parent.pk}/{definition.level}")
    page.levels = levels_for(definition)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page
