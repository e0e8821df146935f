"""How an indicator scores, written out in plain words for the public criteria page.

The sentence is built from the same definition the engine scores with, so the
page never says one thing while the form computes another.
"""

from collections.abc import Mapping

from assessments.definitions.indicator import IndicatorDefinition
from assessments.definitions.methods import METHODS
from assessments.scoring import Method


def describe_method(indicator: Mapping | IndicatorDefinition) -> list[str]:
    """Sentences that explain how ``indicator`` (a definition mapping, or a report's definition) is scored.

    The words of each method are in its specification (assessments/definitions/methods/);
    a method without one is described as collected, not scored, as INFO is. The criteria
    page passes block values, the report pages pinned definitions; both read alike.
    """
    definition = indicator.as_mapping() if isinstance(indicator, IndicatorDefinition) else indicator
    return METHODS.get(definition["method"], METHODS[Method.INFO]).describe(definition)
