"""Queries and render time of a public criteria page with 20 and with 200 indicators (must be equal)."""

from decimal import Decimal

from django.test import Client

from assessments.models import AgencyLevel, CriteriaSetBand, CriteriaSetPage
from bench.timing import count_queries, median_seconds
from home.demo_content import load_demo_content as load_site
from home.models import DecisionPage
from home.stream_data import StableIds


def criteria_groups(indicator_count: int) -> list[dict]:
    ids = StableIds(f"bench/{indicator_count}")
    per_group = indicator_count // 5
    return [
        ids.block(
            "group",
            {
                "code": str(group),
                "title": f"Nhóm {group}",
                "max_points": None,
                "indicators": [
                    ids.block(
                        "indicator",
                        {
                            "code": f"{group}.{position}",
                            "title": f"Chỉ số {group}.{position}",
                            "max_points": "10",
                            "method": "TIERS",
                            "tiers": [
                                ids.item({"threshold": "2", "points": "10"}),
                                ids.item({"threshold": "1", "points": "5"}),
                            ],
                            "tier_input": "count",
                            "evidence_required": True,
                            "evidence_description": "Văn bản",
                        },
                    )
                    for position in range(1, per_group + 1)
                ],
            },
        )
        for group in range(1, 6)
    ]


def make_page(decision: DecisionPage, indicator_count: int) -> CriteriaSetPage:
    level, _ = AgencyLevel.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    page = CriteriaSetPage(
        title=f"Bench {indicator_count}",
        slug=f"bench-{indicator_count}",
        appendix="Phụ lục",
        applies_to="Bench",
        year_from=2021,
        max_total=Decimal(indicator_count * 10),
        groups=criteria_groups(indicator_count),
    )
    decision.add_child(instance=page)
    page.levels.set([level])
    CriteriaSetBand.objects.create(page=page, label="Tốt", min_percent=50)
    page.save_revision().publish()
    return page


def run() -> None:
    load_site()
    decision = DecisionPage.objects.get(number="2853/QĐ-UBND")
    client = Client(SERVER_NAME="localhost")
    print(f"{'indicators':<12}{'queries':>8}{'median ms':>12}{'× 20':>8}")
    baseline = None
    for count in (20, 200):
        url = make_page(decision, count).url
        assert client.get(url).status_code == 200
        queries = count_queries(lambda url=url: client.get(url))
        seconds = median_seconds(lambda url=url: client.get(url), repeat=20)
        baseline = baseline or seconds
        print(f"{count:<12}{queries:>8}{seconds * 1000:>12.2f}{seconds / baseline:>8.1f}")
