"""Guidance tables (Wagtail's TableBlock) render inside a region of their own that scrolls sideways on a
phone (templates/table_block/blocks/table.html), named by their caption."""

from wagtail.contrib.table_block.blocks import TableBlock


def render(caption: str = "") -> str:
    block = TableBlock()
    data = [["Kỳ", "Hạn nộp"], ["Hằng năm", "14/11"]]
    value = block.to_python({"data": data, "first_row_is_table_header": True, "table_caption": caption})
    return block.render(value)


def test_a_guidance_table_scrolls_in_a_region_named_by_its_caption():
    html = render("Các kỳ báo cáo")
    assert '<div class="table-scroll" role="region" aria-label="Các kỳ báo cáo" tabindex="0">' in html
    assert '<p class="table-scroll-hint" aria-hidden="true">Vuốt ngang để xem hết bảng</p>' in html
    assert html.index("table-scroll-hint") < html.index('class="table-scroll"') < html.index("<table>")
    assert "<caption>Các kỳ báo cáo</caption>" in html


def test_a_table_without_a_caption_is_still_named():
    assert 'role="region" aria-label="Bảng" tabindex="0"' in render()
