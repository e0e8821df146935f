"""Every message the group form and the evidence form can give, as an officer reads it (in Vietnamese).

Each names the input by the label shown beside it, never "a", "b" or a part's name, says what to type,
and none is one of Django's generic messages ("Đảm bảo rằng …", "Hãy chọn một lựa chọn hợp lệ …").
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils import translation

from assessments.definitions.indicator import indicator_definition
from assessments.definitions.methods import spec_for
from assessments.reporting.evidence import EvidenceForm
from assessments.reporting.forms import GroupForm
from assessments.scoring import AnswerError, Group, Proposal, Ratio
from tests.assessments.reporting import minimal_pdf
from tests.factories.assessments import indicator

DEFINITIONS = {
    definition.code: definition
    for definition in map(
        indicator_definition,
        [
            indicator(
                "9.1",
                "RATIO",
                40,
                numerator_label="Số văn bản do người đứng đầu ký",
                denominator_label="Tổng số văn bản chỉ đạo",
                evidence_required=True,
            ),
            indicator("9.2", "TARGET", 10, target="5", unit="hệ thống"),
            indicator("9.3", "MINMAX", 10, unit="tỷ đồng"),
            indicator("9.4", "LEVELS", 10, options=[{"label": "Đầy đủ", "fraction": "1"}]),
            indicator("9.5", "CHECKS", 10, options=[{"label": "Có quy chế", "fraction": "1"}]),
            indicator("9.6", "BIN", 10),
            indicator("9.7", "MANUAL", 10),
            indicator("9.8", "INFO", 0),
            # A label holding "%" is shown as typed, though Django formats the message again.
            indicator("9.9", "TIERS", 10, unit="% dân số", tiers=[{"threshold": "50", "points": "10"}]),
        ],
    )
}
GROUP = Group("9", "Nhóm thử", tuple(definition.indicator for definition in DEFINITIONS.values()))
DJANGO_WORDS = ("Đảm bảo", "Ensure", "hợp lệ", "valid", "This field", "Trường này")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def errors_for(data: dict) -> dict[str, list[str]]:
    query = QueryDict(mutable=True)
    for name, value in {"version": "0", **data}.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    form = GroupForm(query, group=GROUP, indicators=DEFINITIONS)
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


GROUP_MESSAGES = [
    pytest.param(
        {"9.1__a": "mười"},
        "9.1__a",
        "Số văn bản do người đứng đầu ký phải là một số, ví dụ 12 hoặc 2,5.",
        id="not-a-number",
    ),
    pytest.param(
        {"9.2__value": "NaN"}, "9.2__value", "Số hệ thống phải là một số, ví dụ 12 hoặc 2,5.", id="not-finite"
    ),
    pytest.param(
        {"9.1__b": "-1"},
        "9.1__b",
        "Tổng số văn bản chỉ đạo phải là một số từ 0 đến 1.000.000.000.",
        id="negative",
    ),
    pytest.param(
        {"9.2__value": "12345678901234567890"},
        "9.2__value",
        "Số hệ thống phải là một số từ 0 đến 1.000.000.000.",
        id="too-many-digits",
    ),
    pytest.param(
        {"9.3__value": "-2.000.000.000"},
        "9.3__value",
        "Số tỷ đồng phải là một số từ -1.000.000.000 đến 1.000.000.000.",
        id="below-a-negative-range",
    ),
    pytest.param(
        {"9.2__value": "2,00001"},
        "9.2__value",
        "Số hệ thống: nhập số có tối đa 4 chữ số thập phân.",
        id="decimal-places",
    ),
    pytest.param(
        {"9.9__value": "1e12"},
        "9.9__value",
        "Số % dân số phải là một số từ 0 đến 1.000.000.000.",
        id="label-with-percent",
    ),
    pytest.param(
        {"9.1__a": "12", "9.1__b": "10"},
        "9.1__a",
        "Số văn bản do người đứng đầu ký (12) không được lớn hơn Tổng số văn bản chỉ đạo (10).",
        id="a-greater-than-b",
    ),
    pytest.param(
        {"9.7__points": "11", "9.7__justification": "Vì"},
        "9.7__points",
        "Điểm đề xuất phải là một số từ 0 đến 10.",
        id="manual-above-its-maximum",
    ),
    pytest.param(
        {"9.7__points": "5"},
        "9.7__justification",
        "Giải trình: hãy nêu lý do đề xuất số điểm này.",
        id="manual-without-justification",
    ),
    pytest.param(
        {"9.7__points": "5", "9.7__justification": "x" * 5001},
        "9.7__justification",
        "Giải trình chỉ được dài tối đa 5000 ký tự (hiện có 5001).",
        id="justification-too-long",
    ),
    pytest.param(
        {"9.1__explanation": "x" * 5001},
        "9.1__explanation",
        "Giải trình (nếu thiếu tài liệu kiểm chứng) chỉ được dài tối đa 5000 ký tự (hiện có 5001).",
        id="explanation-too-long",
    ),
    pytest.param(
        {"9.8__value": "x" * 501},
        "9.8__value",
        "Giá trị chỉ được dài tối đa 500 ký tự (hiện có 501).",
        id="info-too-long",
    ),
    pytest.param(
        {"9.6__value": "có lẽ"},
        "9.6__value",
        "Trả lời: hãy chọn một trong các phương án có sẵn.",
        id="yes-no-not-an-option",
    ),
    pytest.param(
        {"9.4__value": "Một nửa"},
        "9.4__value",
        "Mức đạt được: hãy chọn một trong các phương án có sẵn.",
        id="level-not-an-option",
    ),
    pytest.param(
        {"9.5__value": ["Có quy chế", "Không có trong danh sách"]},
        "9.5__value",
        "Các điều kiện đã đáp ứng: chỉ đánh dấu các điều kiện có trong danh sách.",
        id="condition-not-listed",
    ),
    pytest.param(
        {"9.5__value": ["Có quy chế", "Có quy chế"]},
        "9.5__value",
        "Các điều kiện đã đáp ứng: Có điều kiện được đánh dấu hai lần.",
        id="condition-twice",
    ),
    pytest.param(
        {"version": ""},
        "version",
        "Trang này không đầy đủ: hãy tải lại trang rồi nhập lại câu trả lời.",
        id="page-without-its-version",
    ),
]


@pytest.mark.parametrize(("data", "field", "message"), GROUP_MESSAGES)
def test_each_group_form_message_names_its_input_by_its_label(data, field, message):
    errors = errors_for(data)
    assert errors == {field: [message]}
    assert not any(word in message for word in DJANGO_WORDS)


# The engine's objections the form cannot send (it refuses negative numbers itself), worded by the method.


@pytest.mark.parametrize(
    ("code", "answer", "part", "message"),
    [
        ("9.1", Ratio(Decimal(-1), Decimal(4)), "a", "Số văn bản do người đứng đầu ký không được là số âm."),
        ("9.1", Ratio(Decimal(1), Decimal(-4)), "b", "Tổng số văn bản chỉ đạo không được là số âm."),
        ("9.1", None, "a", "Hãy nhập cả Số văn bản do người đứng đầu ký và Tổng số văn bản chỉ đạo."),
        ("9.2", Decimal(-3), "value", "Số hệ thống không được là số âm."),
        ("9.7", Proposal(Decimal(5), " "), "justification", "Giải trình: hãy nêu lý do đề xuất số điểm này."),
        ("9.4", "Không có", "value", "Mức đạt được: “Không có” không phải là một trong các phương án."),
    ],
    ids=["negative-a", "negative-b", "missing-ratio", "negative-count", "no-justification", "unknown-option"],
)
def test_each_engine_objection_is_worded_with_the_labels(code, answer, part, message):
    definition = DEFINITIONS[code]
    error = AnswerError(code, "the engine's own words")
    if answer is not None:
        from assessments.scoring import score_indicator

        with pytest.raises(AnswerError) as raised:
            score_indicator(definition.indicator, answer)
        error = raised.value
    assert spec_for(definition.indicator).objection(definition.indicator, definition, answer, error) == (part, message)


# The evidence form.


def evidence_errors(fields: dict, files: dict | None = None) -> dict[str, list[str]]:
    prefix = "tai-lieu-9-1-"
    form = EvidenceForm(
        {prefix + name: value for name, value in fields.items()},
        {prefix + name: value for name, value in (files or {}).items()},
        anchor="9-1",
    )
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def pdf(name="bien-ban.pdf", content=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf() if content is None else content, "application/pdf")


EVIDENCE_MESSAGES = [
    pytest.param({}, None, "kind", "Hãy chọn loại tài liệu kiểm chứng.", id="no-kind"),
    pytest.param({"kind": "fax"}, None, "kind", "Hãy chọn loại tài liệu kiểm chứng.", id="unknown-kind"),
    pytest.param({"kind": "file"}, None, "file", "Hãy chọn tệp cần tải lên.", id="no-file"),
    pytest.param({"kind": "file"}, {"file": pdf(content=b"")}, "file", "Tệp không có dữ liệu.", id="empty-file"),
    pytest.param(
        {"kind": "file"},
        {"file": pdf("setup.exe")},
        "file",
        "Không chấp nhận loại tệp này. Hãy tải lên tệp PDF, DOCX, XLSX, ODT, ODS, JPEG hoặc PNG.",
        id="type-not-accepted",
    ),
    pytest.param(
        {"kind": "file"},
        {"file": pdf(content=b"<html><body>x</body></html>")},
        "file",
        "Nội dung tệp không phải là tệp PDF, dù tên tệp ghi như vậy.",
        id="content-not-its-type",
    ),
    pytest.param(
        {"kind": "document", "document_date": "2026-03-02"},
        None,
        "document_number",
        "Hãy nhập số hiệu văn bản, ví dụ 12/BC-UBND.",
        id="document-without-number",
    ),
    pytest.param(
        {"kind": "document", "document_number": "12/BC"},
        None,
        "document_date",
        "Hãy nhập ngày ban hành văn bản.",
        id="document-without-date",
    ),
    pytest.param(
        {"kind": "document", "document_number": "12/BC", "document_date": "31/02/2026"},
        None,
        "document_date",
        "Ngày ban hành văn bản phải là một ngày có thật, ví dụ 31/12/2025.",
        id="date-that-does-not-exist",
    ),
    pytest.param(
        {"kind": "document", "document_number": "1" * 101, "document_date": "2026-03-02"},
        None,
        "document_number",
        "Số hiệu văn bản chỉ được dài tối đa 100 ký tự (hiện có 101).",
        id="number-too-long",
    ),
    pytest.param(
        {"kind": "document", "document_number": "12", "document_date": "2026-03-02", "document_summary": "x" * 501},
        None,
        "document_summary",
        "Trích yếu chỉ được dài tối đa 500 ký tự (hiện có 501).",
        id="summary-too-long",
    ),
    pytest.param({"kind": "url"}, None, "url", "Hãy nhập địa chỉ trang web.", id="no-address"),
    pytest.param(
        {"kind": "url", "url": "javascript:alert(1)"},
        None,
        "url",
        "Địa chỉ trang web phải là một địa chỉ trang web đầy đủ, ví dụ https://ubnd.example.gov.vn/van-ban.",
        id="not-an-address",
    ),
    pytest.param(
        {"kind": "url", "url": "https://example.gov.vn/" + "x" * 480},
        None,
        "url",
        "Địa chỉ trang web chỉ được dài tối đa 500 ký tự (hiện có 503).",
        id="address-too-long",
    ),
]


@pytest.mark.parametrize(("fields", "files", "field", "message"), EVIDENCE_MESSAGES)
def test_each_evidence_form_message_says_what_to_do(fields, files, field, message):
    assert evidence_errors(fields, files) == {field: [message]}
    assert not any(word in message for word in DJANGO_WORDS)


def test_a_file_over_the_limit_says_the_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = pdf(content=minimal_pdf() + b"%" + b"0" * (1024 * 1024))
    assert evidence_errors({"kind": "file"}, {"file": big}) == {"file": ["Dung lượng tệp vượt quá 1 MB."]}


def test_the_error_list_leads_to_each_input():
    query = QueryDict(mutable=True)
    query.update({"version": "0", "9.1__a": "12", "9.1__b": "10", "9.6__value": "có lẽ"})
    form = GroupForm(query, group=GROUP, indicators=DEFINITIONS)
    assert not form.is_valid()
    links = [(link.target, link.text) for link in form.error_links()]
    assert links == [
        (
            "id_9.1__a",
            "9.1: Số văn bản do người đứng đầu ký (12) không được lớn hơn Tổng số văn bản chỉ đạo (10).",
        ),
        # A radio list has no single input: its first option takes the focus.
        ("id_9.6__value_0", "9.6: Trả lời: hãy chọn một trong các phương án có sẵn."),
    ]
