"""The official results PDF (publications.results_pdf) for one cohort of 300 and of 3,000 agencies.

Prints, for each size, the median build time, the pages and the time per agency, then the ratio of
the two times measured in this run: 10 means the build grows with the agencies, as it should (a
table that re-measured its remaining rows on every page would grow with their square). The design's
target is a 300-agency PDF in under a second.
"""

import datetime
import io
import json
import random
from pathlib import Path

from pypdf import PdfReader

from bench.timing import median_seconds
from publications.results_pdf import CohortSection, ResultsDocument, results_pdf

SIZES = (300, 3_000)
SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "results-snapshot-commune.json"
BANDS = ((900, "Xuất sắc"), (750, "Tốt"), (600, "Khá"), (0, "Trung bình"))
HANOI = datetime.timezone(datetime.timedelta(hours=7))


def synthetic_data(count: int, rng: random.Random) -> dict:
    """A commune cohort of ``count`` agencies under the sample's criteria, one in fifty not reported."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    groups = data["criteria"]["groups"]
    agencies = []
    for number in range(1, count + 1):
        name = f"UBND xã Thạch Lạc {number} thuộc huyện Thạch Hà"
        if number % 50 == 0:
            agencies.append({"code": f"X-{number}", "name": name, "standing": "not_reported", "rank": None})
            continue
        scores = {group["code"]: rng.randrange(0, int(group["max_points"]) * 100) / 100 for group in groups}
        total = sum(scores.values())
        agencies.append(
            {
                "code": f"X-{number}",
                "name": name,
                "standing": "ranked",
                "scores": {
                    "groups": {code: {"score": f"{score:.2f}", "max": "150.00"} for code, score in scores.items()},
                    "total": f"{total:.2f}",
                    "index": f"{total / 1000:.4f}",
                    "band": next(band for floor, band in BANDS if total >= floor),
                },
            }
        )
    ranked = sorted((a for a in agencies if a["standing"] == "ranked"), key=lambda a: -float(a["scores"]["total"]))
    for rank, agency in enumerate(ranked, start=1):
        agency["rank"] = rank
    data["agencies"] = ranked + [a for a in agencies if a["standing"] != "ranked"]
    return data


def document(count: int) -> ResultsDocument:
    approved = datetime.datetime(2026, 12, 1, 10, tzinfo=HANOI)
    return ResultsDocument(
        year=2026,
        province="Hà Tĩnh",
        issuer="ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        decision="Quyết định số 2853/QĐ-UBND ngày 11/08/2021 của UBND tỉnh Hà Tĩnh",
        published_at=approved + datetime.timedelta(days=14),
        cohorts=[CohortSection("Cấp xã", synthetic_data(count, random.Random(count)), 1, approved, "Sở Nội vụ")],
    )


def run() -> None:
    seconds = {}
    print(f"{'agencies':>9}{'median s':>10}{'pages':>7}{'ms per agency':>15}")
    for count in SIZES:
        built = document(count)
        pages = len(PdfReader(io.BytesIO(results_pdf(built))).pages)
        seconds[count] = median_seconds(lambda built=built: results_pdf(built), repeat=5, warmup=1)
        print(f"{count:>9,}{seconds[count]:>10.3f}{pages:>7}{seconds[count] / count * 1000:>15.3f}")
    small, large = SIZES
    print(f"ratio {large:,} / {small:,} agencies: {seconds[large] / seconds[small]:.1f} (rows ×{large // small})")
