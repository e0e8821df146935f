import json
import pytest
from tests.factories.results import build_published_year
pytestmark = pytest.mark.django_db

def test_dump(decision):
    year = build_published_year(decision)
    for s in year.snapshots:
        d = dict(s.data)
        print(json.dumps({k: v for k, v in d.items() if k != "agencies"}, ensure_ascii=False, indent=1)[:3000])
        print(json.dumps(d["agencies"][:2], ensure_ascii=False, indent=1)[:4000])
        print(s.approved_at, s.reason, s.criteria_revision_id, s.version)
