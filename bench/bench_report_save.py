"""Saving one group of a report: queries and time with 5 and with 50 indicators (queries must be equal)."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import timezone

from assessments.demo.reports import sample_input
from assessments.models import Agency, AgencyLevel, CriteriaSetBand, CriteriaSetPage, Report
from assessments.period_generation import generate_periods
from assessments.reporting import services as report_service
from assessments.reporting.forms import GroupForm
from bench.timing import count_queries, median_seconds
from home.demo_content import load_demo_content as load_site
from home.models import DecisionPage
from home.stream_data import StableIds


def criteria_page(decision: DecisionPage, level: AgencyLevel, count: int, name: str = "save") -> CriteriaSetPage:
    ids = StableIds(f"bench-{name}/{count}")
    indicators = [
        ids.block(
            "indicator",
            {
                "code": f"1.{n}",
                "title": f"Chỉ số {n}",
                "max_points": "10",
                "method": "RATIO",
                "tier_input": "count",
                "numerator_label": "a",
                "denominator_label": "b",
                "when_denominator_zero": "zero",
            },
        )
        for n in range(1, count + 1)
    ]
    page = CriteriaSetPage(
        title=f"Bench {name} {count}",
        slug=f"bench-{name}-{count}",
        appendix="Phụ lục",
        applies_to="Bench",
        year_from=2030,
        year_to=2030,
        max_total=Decimal(count * 10),
        groups=[ids.block("group", {"code": "1", "title": "Nhóm 1", "max_points": None, "indicators": indicators})],
    )
    decision.add_child(instance=page)
    page.levels.set([level])
    CriteriaSetBand.objects.create(page=page, label="Tốt", min_percent=50)
    page.save_revision().publish()
    return page


def saver(report_id: int, group, criteria, user):
    """A save of the group whose answers differ each time, as an officer's successive saves do."""
    positions = itertools.count(1)

    def save() -> None:
        position = next(positions)
        current = Report.objects.get(pk=report_id)
        data = QueryDict(mutable=True)
        data["version"] = str(current.version)
        for indicator in group.indicators:
            for name, value in sample_input(indicator, position).items():
                data[name] = value
        form = GroupForm(data, group=group, indicators=criteria.indicators)
        assert form.is_valid(), form.errors
        report_service.save_group(report_id, group, form.group_values(), form.loaded_version, user)

    return save


def run() -> None:
    load_site()
    decision = DecisionPage.objects.get(number="2853/QĐ-UBND")
    user = get_user_model().objects.create(username="bench-officer")
    print(f"{'indicators':<12}{'queries':>8}{'median ms':>12}{'× 5':>8}")
    baseline = None
    for count in (5, 50):
        level = AgencyLevel.objects.create(code=f"bench-{count}", name=f"Bench {count}")
        page = criteria_page(decision, level, count)
        agency = Agency.objects.create(code=f"BENCH-{count}", name=f"Bench {count}", level=level)
        period = next(p for p in generate_periods(2030) if p.criteria_set_id == page.pk and p.kind == "annual")
        # The 2030 period opens in 2030: open it now, as an administrator may, so the saves are accepted.
        period.opens_at = timezone.now() - datetime.timedelta(days=1)
        period.save(update_fields=["opens_at"])
        report = Report.objects.create(period=period, agency=agency)
        criteria = report_service.pinned_criteria(period)
        group = criteria.scoring.groups[0]

        save = saver(report.pk, group, criteria, user)
        save()
        queries = count_queries(save) - 1  # less the read of the current version the form is built from
        seconds = median_seconds(save, repeat=20, warmup=2)
        baseline = baseline or seconds
        print(f"{count:<12}{queries:>8}{seconds * 1000:>12.2f}{seconds / baseline:>8.1f}")
