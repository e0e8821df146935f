"""The "reporting calendar" block of guidance pages, offered to ``home`` through ``home.registry``."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.calendar.rows import YearChoice, calendar_rows, calendar_year


class ReportingCalendarBlock(blocks.StructBlock):
    """A table of one year's reporting periods, read from the period records each time the page is shown."""

    year = blocks.ChoiceBlock(
        label=_("Year"),
        choices=[
            (YearChoice.CURRENT.value, _("This year (changes on 1 January)")),
            (YearChoice.NEXT.value, _("Next year")),
            (YearChoice.GIVEN.value, _("A given year")),
        ],
        default=YearChoice.CURRENT.value,
    )
    given_year = blocks.IntegerBlock(
        label=_("Given year"), required=False, min_value=2000, max_value=2100, help_text=_('Only for "A given year".')
    )

    class Meta:
        icon = "date"
        label = _("Reporting calendar")
        template = "blocks/reporting_calendar.html"
        help_text = _(
            "The periods, agency levels, opening dates and deadlines of the year, as set under Assessments › "
            "Reporting periods. Edit the periods there, not here."
        )

    def clean(self, value):
        value = super().clean(value)
        if value.get("year") == YearChoice.GIVEN and not value.get("given_year"):
            raise StructBlockValidationError(block_errors={"given_year": ValidationError(_("Enter the year to show."))})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        year = calendar_year(value.get("year"), value.get("given_year"), timezone.localdate())
        context.update(calendar_year=year, rows=calendar_rows(year))
        return context

    def get_searchable_content(self, value):
        # The choice of year is not content; the periods change without the page being saved.
        return []
