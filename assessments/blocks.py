"""StreamField blocks of a criteria set: groups of indicators, each with its scoring method.

The same blocks are the public criteria text and the definition of the report
form. Every rule that decides whether an indicator can score lives in
:mod:`assessments.definitions.rules`; the blocks call it so the editor sees each problem
beside the field to fix.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.definitions.rules import indicator_problems, structure_problems
from assessments.scoring import Method, TierInput, ZeroDenominator

# Plain strings (the enums' values), so migrations record the choices without importing the engine.
METHOD_CHOICES = [
    (Method.BIN.value, _("BIN: yes or no")),
    (Method.LEVELS.value, _("LEVELS: one option, each worth a fraction")),
    (Method.CHECKS.value, _("CHECKS: any of several conditions")),
    (Method.TIERS.value, _("TIERS: points by the tier reached")),
    (Method.RATIO.value, _("RATIO: max × a/b")),
    (Method.TARGET.value, _("TARGET: max × n/target")),
    (Method.MINMAX.value, _("MINMAX: scaled within the cohort")),
    (Method.MANUAL.value, _("MANUAL: the appraiser decides")),
    (Method.INFO.value, _("INFO: collected, not scored")),
]
ZERO_DENOMINATOR_CHOICES = [
    (ZeroDenominator.FULL.value, _("full points")),
    (ZeroDenominator.ZERO.value, _("zero points")),
    (ZeroDenominator.NOT_APPLICABLE.value, _("not applicable (left out of both totals)")),
]
TIER_INPUT_CHOICES = [(TierInput.COUNT.value, _("a count")), (TierInput.RATIO.value, _("a/b as a percentage"))]
EVIDENCE_CHOICES = [
    ("file", _("a file")),
    ("document", _("a document reference (number, date, summary)")),
    ("url", _("a web address")),
]


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Option"))
    fraction = blocks.DecimalBlock(
        label=_("Fraction of max points"), min_value=0, max_value=1, decimal_places=4, help_text=_("From 0 to 1.")
    )

    class Meta:
        icon = "tick"
        label = _("Option")
        template = "blocks/criteria_option.html"


class TierBlock(blocks.StructBlock):
    threshold = blocks.DecimalBlock(label=_("From (count or %)"), min_value=0, decimal_places=4)
    points = blocks.DecimalBlock(label=_("Points"), min_value=0, decimal_places=2)

    class Meta:
        icon = "order"
        label = _("Tier")
        template = "blocks/criteria_tier.html"


class IndicatorBlock(blocks.StructBlock):
    """One indicator: what the agency reports, how it scores, what evidence it needs."""

    code = blocks.CharBlock(label=_("Code"), max_length=20, help_text=_('For example "2.3". Unique in the set.'))
    title = blocks.TextBlock(label=_("Indicator"))
    max_points = blocks.DecimalBlock(label=_("Max points"), min_value=0, decimal_places=2)
    unit = blocks.CharBlock(label=_("Unit"), required=False)
    method = blocks.ChoiceBlock(label=_("Scoring method"), choices=METHOD_CHOICES)
    options = blocks.ListBlock(OptionBlock(), label=_("Options (LEVELS, CHECKS)"), required=False, default=[])
    tier_input = blocks.ChoiceBlock(
        label=_("Tiers read (TIERS)"), choices=TIER_INPUT_CHOICES, required=False, default=TierInput.COUNT.value
    )
    tiers = blocks.ListBlock(TierBlock(), label=_("Tiers (TIERS)"), required=False, default=[])
    numerator_label = blocks.CharBlock(label=_("a counts (RATIO, TIERS by ratio)"), required=False)
    denominator_label = blocks.CharBlock(label=_("b counts (RATIO, TIERS by ratio)"), required=False)
    when_denominator_zero = blocks.ChoiceBlock(
        label=_("When b = 0"), choices=ZERO_DENOMINATOR_CHOICES, required=False, default=ZeroDenominator.ZERO.value
    )
    numerator_may_exceed = blocks.BooleanBlock(
        label=_("a may be greater than b"),
        required=False,
        help_text=_("Leave unticked when a is a part of b, so a > b is refused as a typing error."),
    )
    target = blocks.DecimalBlock(label=_("Target (TARGET)"), required=False, min_value=0, decimal_places=2)
    evidence_required = blocks.BooleanBlock(label=_("Evidence required"), required=False)
    evidence_kinds = blocks.MultipleChoiceBlock(
        label=_("Evidence accepted"), choices=EVIDENCE_CHOICES, required=False, default=["file", "document", "url"]
    )
    evidence_description = blocks.TextBlock(label=_("Evidence"), required=False)
    data_source = blocks.CharBlock(label=_("Data source"), required=False)
    guidance = blocks.RichTextBlock(
        label=_("Guidance"), required=False, features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "form"
        label = _("Indicator")
        template = "blocks/criteria_indicator.html"
        form_classname = "struct-block indicator-block"

    def clean(self, value):
        value = super().clean(value)
        problems = indicator_problems(value)
        if problems:
            block_errors = {}
            non_block_errors = []
            for problem in problems:
                if problem.field and problem.field not in block_errors and problem.field not in ("options", "tiers"):
                    block_errors[problem.field] = ValidationError(problem.message)
                else:
                    # List fields take no single error: their problems are shown above the indicator.
                    non_block_errors.append(ValidationError(problem.message))
            raise StructBlockValidationError(block_errors=block_errors, non_block_errors=non_block_errors)
        return value


class IndicatorStreamBlock(blocks.StreamBlock):
    indicator = IndicatorBlock()

    class Meta:
        min_num = 1


class GroupBlock(blocks.StructBlock):
    """A criteria group (Nhóm tiêu chí) and its indicators."""

    code = blocks.CharBlock(label=_("Group code"), max_length=20)
    title = blocks.CharBlock(label=_("Group name"))
    max_points = blocks.DecimalBlock(
        label=_("Declared max points"),
        required=False,
        min_value=0,
        decimal_places=2,
        help_text=_("When given, the indicators must add up to it."),
    )
    indicators = IndicatorStreamBlock(label=_("Indicators"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Criteria group")
        template = "blocks/criteria_group.html"


class CriteriaStreamBlock(blocks.StreamBlock):
    group = GroupBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        # Each indicator's own problems are raised by IndicatorBlock.clean, beside its fields.
        problems = structure_problems([child.value for child in value])
        if problems:
            raise StreamBlockValidationError(non_block_errors=[ValidationError(message) for message in problems])
        return value
