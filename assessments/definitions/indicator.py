"""One indicator of a criteria set as the reporting code reads it: the engine's view and the words around it.

A pinned set used to be held twice, as engine indicators and as the raw block
values beside them; the report form, the group page, the submission checks
and the demo now read one frozen value, built from a block value in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessments.definitions.rules import build_indicator
from assessments.scoring import Indicator


@dataclass(frozen=True)
class IndicatorDefinition:
    """The engine's :class:`~assessments.scoring.Indicator` and the fields that do not score."""

    indicator: Indicator
    unit: str = ""
    numerator_label: str = ""
    denominator_label: str = ""
    evidence_required: bool = False
    evidence_kinds: tuple[str, ...] = ()
    evidence_description: str = ""
    data_source: str = ""
    # The rich text's source (Wagtail's database HTML): the ``richtext`` filter renders a
    # source string exactly as it renders the RichText value the block holds.
    guidance: str = ""

    @property
    def code(self) -> str:
        return self.indicator.code

    def as_mapping(self) -> dict:
        """The definition mapping the method descriptions read, shaped as a criteria page's block value."""
        indicator = self.indicator
        return {
            "code": indicator.code,
            "title": indicator.title,
            "max_points": indicator.max_points,
            "method": indicator.method,
            "options": [{"label": option.label, "fraction": option.fraction} for option in indicator.options],
            "tier_input": indicator.tier_input,
            "tiers": [{"threshold": tier.threshold, "points": tier.points} for tier in indicator.tiers],
            "numerator_label": self.numerator_label,
            "denominator_label": self.denominator_label,
            "when_denominator_zero": indicator.when_denominator_zero,
            "numerator_may_exceed": indicator.numerator_may_exceed,
            "target": indicator.target,
            "unit": self.unit,
            "evidence_required": self.evidence_required,
            "evidence_kinds": list(self.evidence_kinds),
            "evidence_description": self.evidence_description,
            "data_source": self.data_source,
            "guidance": self.guidance,
        }


def _text(value: object) -> str:
    return str(value or "")


def indicator_definition(value: Mapping) -> IndicatorDefinition:
    """The definition of a valid indicator block value (or any definition-shaped mapping)."""
    guidance = value.get("guidance")
    return IndicatorDefinition(
        indicator=build_indicator(value),
        unit=_text(value.get("unit")),
        numerator_label=_text(value.get("numerator_label")),
        denominator_label=_text(value.get("denominator_label")),
        evidence_required=bool(value.get("evidence_required")),
        evidence_kinds=tuple(value.get("evidence_kinds") or ()),
        evidence_description=_text(value.get("evidence_description")),
        data_source=_text(value.get("data_source")),
        # A RichText block value holds its source; a plain mapping (JSON, tests) holds the string itself.
        guidance=_text(getattr(guidance, "source", guidance)),
    )
