"""Scores as JSON: the one serializer of a report's scores, for `score_answers` now and the published
results and open data later, so no output can drift from another (docs/criteria-json.md).

Points are strings with two decimals ("12.50"), the index with four, so no reader meets a float.
"""

from __future__ import annotations

from decimal import Decimal

from assessments.scoring import ReportScore


def points_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def index_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4f}"


def report_score_to_json(result: ReportScore) -> dict:
    return {
        "indicators": {
            code: {"score": points_text(score.score), "not_applicable": score.not_applicable, "pending": score.pending}
            for code, score in result.indicators.items()
        },
        "groups": {
            code: {"score": points_text(group.score), "max": points_text(group.max_points)}
            for code, group in result.groups.items()
        },
        "total": points_text(result.total),
        "max_applicable": points_text(result.max_applicable),
        "index": index_text(result.index),
        "band": result.band,
    }
