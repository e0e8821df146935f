"""axe-core audit of every public page type: no serious or critical violations.

Pages are visited anonymously, so Wagtail's userbar is not rendered; it is excluded
anyway, as it is Wagtail's markup rather than ours.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}

PAGES = [
    pytest.param("/", 200, id="home"),
    pytest.param("/van-ban/", 200, id="decision-index"),
    pytest.param("/van-ban/quyet-dinh-2853-qd-ubnd-2021/", 200, id="decision-2853"),
    pytest.param("/van-ban/quyet-dinh-365-qd-ubnd-2019/", 200, id="replaced-decision-365"),
    pytest.param("/van-ban/quyet-dinh-2853-qd-ubnd-2021/bo-tieu-chi-commune/", 200, id="criteria-set-with-notice"),
    pytest.param("/huong-dan/", 200, id="guidance-index"),
    pytest.param("/huong-dan/lich-bao-cao/", 200, id="guidance-with-table"),
    pytest.param("/huong-dan/hoi-dap/", 200, id="guidance-with-questions"),
    pytest.param("/lien-he/", 200, id="contact"),
    pytest.param("/kha-nang-tiep-can/", 200, id="accessibility-statement"),
    pytest.param("/bao-ve-du-lieu-ca-nhan/", 200, id="privacy-policy"),
    pytest.param("/quen-mat-khau/", 200, id="password-reset-request"),
    pytest.param("/quen-mat-khau/da-gui/", 200, id="password-reset-sent"),
    pytest.param("/quen-mat-khau/MQ/het-han/", 400, id="password-reset-bad-link"),
    pytest.param("/quen-mat-khau/da-doi/", 200, id="password-reset-done"),
    pytest.param("/tim-kiem/?q=ha+tinh", 200, id="search-results"),
    pytest.param("/tim-kiem/?q=" + "a" * 201, 400, id="search-error"),
    pytest.param("/khong-co-trang-nay/", 404, id="not-found"),
    pytest.param("/kiem-tra-bien-nhan/", 200, id="receipt-check"),
    pytest.param("/kiem-tra-bien-nhan/?reference=BC-2026-000001&code=AAAA-BBBB-CCCC", 200, id="receipt-no-match"),
    pytest.param("/kiem-tra-bien-nhan/?reference=BC-2026-000001", 400, id="receipt-check-error"),
]


def describe(violation: dict) -> str:
    nodes = violation["nodes"]
    first = nodes[0] if nodes else {}
    return (
        f"- {violation['id']} ({violation['impact']}): {violation.get('help', '')}\n"
        f"  {len(nodes)} node(s); first target: {first.get('target')}\n"
        f"  html: {first.get('html')}\n"
        f"  {first.get('failureSummary', '').strip()}\n"
        f"  {violation.get('helpUrl', '')}"
    )


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_page_has_no_serious_accessibility_violations(page, demo_site, path, status):
    response = page.goto(f"{demo_site.url}{path}")
    assert response is not None and response.status == status
    page.wait_for_load_state("load")

    results = Axe().run(page, context={"exclude": [["wagtail-userbar"]]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found serious/critical violations on {path}:\n" + "\n".join(
        describe(v) for v in blocking
    )
