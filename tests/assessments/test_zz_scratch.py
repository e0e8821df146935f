import pytest
from assessments.models import CriteriaSetPage
pytestmark = pytest.mark.django_db
def test_x(criteria_set):
    p = CriteriaSetPage.objects.get(pk=criteria_set.pk)
    print("live_revision", p.live_revision_id, "latest", p.latest_revision_id, "unpub", p.has_unpublished_changes, "live", p.live, list(p.levels.all()), p.revisions.count())
