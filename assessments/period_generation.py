"""Creating a year's reporting periods from the rules, for every criteria set in force."""

from django.db import transaction

from assessments.models import Agency, AgencyLevel, CriteriaSetPage, ReportingPeriod
from assessments.period_rules import LevelRule, plan_year


def level_rule(level: AgencyLevel) -> LevelRule:
    return LevelRule(level.annual_cutoff_month, level.annual_cutoff_day, level.appraisal_days, level.publication_days)


@transaction.atomic
def generate_periods(year: int) -> list[ReportingPeriod]:
    """The periods of ``year``, one per kind and live criteria set in force, created where missing.

    A set gets periods only for its levels that have evaluated agencies that
    year (no district periods once districts are abolished). A period that
    already exists is left as it is: it may have been edited and its reports are
    pinned to its revision. Levels of one set whose rules differ get the rule of
    the first level (sets are per kind of agency, so they agree).
    """
    levels_in_use = set(Agency.objects.existing_in(year).evaluated().values_list("level_id", flat=True).distinct())
    periods = []
    for criteria_set in CriteriaSetPage.objects.live().order_by("path").prefetch_related("levels"):
        if not criteria_set.in_force(year):
            continue
        levels = [level for level in criteria_set.levels.all() if level.pk in levels_in_use]
        if not levels:
            continue
        revision = criteria_set.live_revision
        for plan in plan_year(year, level_rule(levels[0])):
            period, created = ReportingPeriod.objects.get_or_create(
                year=year,
                kind=plan.kind,
                criteria_set=criteria_set,
                defaults={
                    "criteria_revision": revision,
                    "opens_at": plan.opens_at,
                    "data_start": plan.data_start,
                    "data_end": plan.data_end,
                    "submission_deadline": plan.submission_deadline,
                    "appraisal_deadline": plan.appraisal_deadline,
                    "publication_deadline": plan.publication_deadline,
                },
            )
            if created:
                period.levels.set(levels)
            periods.append(period)
    return periods
