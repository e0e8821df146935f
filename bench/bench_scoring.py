"""Scoring a national-scale cohort: 10,000 agencies × 80 indicators with the portal's engine.

Prints the wall time and its ratio to a baseline measured in the same run:
adding up the same number of Decimal values in a plain loop.
"""

import random
import time
from decimal import Decimal

from assessments.definitions.rules import build_criteria_set
from assessments.scoring import Proposal, Ratio, cohort_ranges, score_report

AGENCIES = 10_000
INDICATORS = 80
METHODS = ["BIN", "LEVELS", "CHECKS", "TIERS", "RATIO", "TARGET", "MINMAX", "MANUAL"]


def synthetic_definition() -> list[dict]:
    groups = []
    for group_number in range(1, 9):
        indicators = []
        for position in range(1, INDICATORS // 8 + 1):
            method = METHODS[(group_number + position) % len(METHODS)]
            indicator = {"code": f"{group_number}.{position}", "title": "", "max_points": Decimal(10), "method": method}
            if method in ("LEVELS", "CHECKS"):
                indicator["options"] = [{"label": f"o{i}", "fraction": Decimal(i) / 4} for i in range(4)]
            if method == "TIERS":
                indicator["tiers"] = [{"threshold": Decimal(t), "points": Decimal(t * 2)} for t in range(1, 6)]
            if method == "RATIO":
                indicator.update(numerator_label="a", denominator_label="b", when_denominator_zero="zero")
            if method == "TARGET":
                indicator["target"] = Decimal(5)
            indicators.append(indicator)
        groups.append({"code": str(group_number), "title": "", "indicators": indicators})
    return groups


def synthetic_answers(criteria, rng: random.Random) -> dict:
    answers = {}
    for indicator in criteria.indicators():
        method = indicator.method
        if method == "BIN":
            answers[indicator.code] = rng.random() < 0.7
        elif method == "LEVELS":
            answers[indicator.code] = f"o{rng.randrange(4)}"
        elif method == "CHECKS":
            answers[indicator.code] = tuple(f"o{i}" for i in range(4) if rng.random() < 0.5)
        elif method == "RATIO":
            b = rng.randrange(0, 200)
            answers[indicator.code] = Ratio(Decimal(rng.randrange(0, b + 1)), Decimal(b))
        elif method == "MANUAL":
            answers[indicator.code] = Proposal(Decimal(rng.randrange(0, 11)), "giải trình")
        else:
            answers[indicator.code] = Decimal(rng.randrange(0, 8))
    return answers


def run() -> None:
    rng = random.Random(2853)
    criteria = build_criteria_set(synthetic_definition())
    cohort = [synthetic_answers(criteria, rng) for _ in range(AGENCIES)]

    start = time.perf_counter()
    ranges = cohort_ranges(criteria, cohort)
    totals = [score_report(criteria, answers, ranges).total for answers in cohort]
    scoring = time.perf_counter() - start

    values = [Decimal(rng.randrange(0, 1000)) / 100 for _ in range(AGENCIES * INDICATORS)]
    start = time.perf_counter()
    baseline_total = Decimal(0)
    for value in values:
        baseline_total += value
    baseline = time.perf_counter() - start

    print(f"agencies × indicators      {AGENCIES:,} × {INDICATORS}")
    print(f"score + cohort ranges      {scoring:8.2f} s   ({scoring / AGENCIES * 1e6:.0f} µs per report)")
    print(f"baseline: add {AGENCIES * INDICATORS:,} Decimals {baseline:8.2f} s")
    print(f"ratio scoring / baseline   {scoring / baseline:8.1f}")
    assert len(totals) == AGENCIES
