#!/usr/bin/env python
"""Runs the benchmarks: `make bench` or `python bench/run.py [name ...]`.

Each benchmark prints ratios measured in this one run (never absolute targets),
so results compare across machines. The database is a fresh SQLite file in a
temporary folder unless DATABASE_URL is set.
"""

import importlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The configuration package lives in site/ (see site/portal/__init__.py).
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

BENCHMARKS = [
    "bench.bench_pages",
    "bench.bench_criteria_page",
    "bench.bench_report_save",
    "bench.bench_scoring",
    "bench.bench_appraisal",
    "bench.bench_results_pdf",
    "bench.bench_results",
]


def main(names: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-bench-"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    for module_name in BENCHMARKS:
        if names and module_name.rsplit(".", 1)[-1] not in names:
            continue
        print(f"\n== {module_name}")
        importlib.import_module(module_name).run()


if __name__ == "__main__":
    main(sys.argv[1:])
