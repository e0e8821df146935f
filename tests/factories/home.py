"""Factories for the public site's pages."""

import datetime
import uuid

import factory
import wagtail_factories

from home.models import DecisionIndexPage, DecisionPage, GuidanceIndexPage, GuidancePage, HomePage, InformationPage


def block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def article(number: str, heading: str = "", *content: dict) -> dict:
    return block("article", {"number": number, "heading": heading, "content": list(content)})


def clause(number: str, text: str, points: list[dict] | None = None) -> dict:
    return block("clause", {"number": number, "text": text, "points": points or []})


def point(letter: str, text: str, items: list[str] | None = None) -> dict:
    return {"letter": letter, "text": text, "items": items or []}


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Đánh giá Chính quyền số"
    slug = "trang-chu"
    lead = "Cổng báo cáo và công bố kết quả."

    class Meta:
        model = HomePage


class DecisionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Văn bản"
    slug = "van-ban"
    show_in_menus = True

    class Meta:
        model = DecisionIndexPage


class DecisionPageFactory(wagtail_factories.PageFactory):
    number = factory.Sequence(lambda n: f"{1000 + n}/QĐ-UBND")
    title = factory.LazyAttribute(lambda page: f"Quyết định số {page.number}")
    slug = factory.Sequence(lambda n: f"quyet-dinh-{n}")
    issuer = "Ủy ban nhân dân tỉnh Hà Tĩnh"
    place = "Hà Tĩnh"
    date_issued = datetime.date(2021, 8, 11)
    effective_date = datetime.date(2021, 8, 11)
    subject = "Ban hành Bộ tiêu chí đánh giá kết quả phát triển chính quyền số"
    authority_heading = "ỦY BAN NHÂN DÂN TỈNH"
    preamble = factory.LazyFunction(
        lambda: [block("preamble_item", {"text": "Căn cứ Luật Công nghệ thông tin ngày 29/6/2006;"})]
    )
    articles = factory.LazyFunction(
        lambda: [
            article(
                "1",
                "",
                clause("1", "Nhóm tiêu chí về An toàn thông tin;"),
            ),
            article(
                "2",
                "Tổ chức thực hiện",
                clause(
                    "1", "Sở Thông tin và Truyền thông", [point("a", "Chủ trì hướng dẫn.", ["Kỳ báo cáo hằng năm."])]
                ),
            ),
        ]
    )
    closing = factory.LazyFunction(
        lambda: [
            block("recipients", {"heading": "Nơi nhận:", "recipients": ["Như Điều 3;", "Lưu: VT."]}),
            block("signature", {"lines": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "signer": ""}),
        ]
    )

    class Meta:
        model = DecisionPage


class GuidanceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Hướng dẫn"
    slug = "huong-dan"
    show_in_menus = True

    class Meta:
        model = GuidanceIndexPage


class GuidancePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Hướng dẫn số {n}")
    slug = factory.Sequence(lambda n: f"huong-dan-{n}")
    summary = "Cách báo cáo trên cổng."
    body = factory.LazyFunction(
        lambda: [
            block("heading", {"text": "Các bước", "level": "h2"}),
            block("rich_text", "<p>Đăng nhập và mở kỳ báo cáo.</p>"),
            block("callout", {"tone": "warning", "title": "Hạn nộp", "body": "<p>Trước ngày 15.</p>"}),
            block("question_answer", {"question": "Quên mật khẩu?", "answer": "<p>Dùng liên kết đặt lại.</p>"}),
        ]
    )

    class Meta:
        model = GuidancePage


class InformationPageFactory(wagtail_factories.PageFactory):
    title = "Liên hệ"
    slug = factory.Sequence(lambda n: f"thong-tin-{n}")
    summary = "Đơn vị phụ trách cổng."
    body = factory.LazyFunction(
        lambda: [
            block("rich_text", "<p>Mọi câu hỏi xin gửi đơn vị phụ trách.</p>"),
            block("contact_details", None),
        ]
    )

    class Meta:
        model = InformationPage
