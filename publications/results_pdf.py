"""The official annual results document: every cohort's approved results as one PDF the province issues.

Built from the approved snapshots only (their ``data``, as :mod:`assessments.results.snapshots` froze
it), with the receipt's parts: the embedded Noto Sans fonts, Decree 30's letterhead and "Trang x/y"
with the document's name on every page. Each cohort is one table (rank, agency, one column per
criteria group, total, index, band), ranked agencies first and those that did not report after them,
unranked; group columns are headed by their codes, with a legend of their titles under the table.

A cohort may hold thousands of communes, so the table's cells are plain strings, broken into lines
before layout, and the table is laid out one page at a time (:class:`PagedTable`): building grows
with the rows, not with their square.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import io
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assessments import formatting
from assessments.reporting.receipt import fonts, letterhead
from assessments.reporting.receipt.layout import (
    BOTTOM,
    GRID,
    LEFT,
    RIGHT,
    SHADE,
    TOP,
    Line,
    Lines,
    letterhead_table,
    markup,
    styles,
)
from assessments.reporting.receipt.letterhead import nfc
from assessments.reporting.receipt.numbered_canvas import NumberedCanvas

RANKED = "ranked"

# The table's cells: one size, one leading, so a row's height is its count of lines times the leading.
FONT_SIZE = 8.5
LEADING = 10.5
PAD_X, PAD_Y = 3, 2.5
STRIPE = colors.HexColor("#f7f9fb")
MUTED = colors.HexColor("#555555")
# Below this the agency's name wraps on most rows: the page turns to landscape instead.
NAME_MIN = 60 * mm
BAND_MAX = 30 * mm
ROOM_FOR_A_SECTION = 45 * mm  # a cohort's heading, its approval and a few rows, kept off a page's foot


@dataclass(frozen=True)
class CohortSection:
    title: str  # "Sở, ban, ngành cấp tỉnh", "Cấp xã · Huyện Kỳ Anh"
    data: Mapping  # the approved snapshot's data
    version: int
    approved_at: datetime.datetime
    approving_agency: str  # "Văn phòng UBND tỉnh"


@dataclass(frozen=True)
class ResultsDocument:
    year: int
    province: str  # "Hà Tĩnh"
    issuer: str  # "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"
    decision: str  # "Quyết định số 2853/QĐ-UBND ngày 11/08/2021 của UBND tỉnh Hà Tĩnh"
    published_at: datetime.datetime
    cohorts: Sequence[CohortSection]


# --- A long table, one page at a time --------------------------------------------------------------

# The commands one body row needs (spans, colours), given its index among all the body rows and its
# row in the table of the page it lands on.
RowCommands = Callable[[int, int], list[tuple]]


def _no_commands(_index: int, _row: int) -> list[tuple]:
    return []


class PagedTable(Flowable):
    """``header`` rows repeated on every page above the ``rows`` that fit there.

    reportlab's ``Table`` splits a long table by copying the rows left and measuring them again at
    every page: 3,000 rows took three times as long per row as 300. Here ``heights`` (every header
    row's, then every body row's, in points) is known before layout, so each page takes the rows that
    fit by a binary search over their running heights, and only those become a ``Table``.
    ``commands`` style every page's table (row 0 is the first header row), ``stripes`` alternate the
    body rows' backgrounds across pages, ``row_commands`` add what one body row needs.
    """

    def __init__(
        self,
        header: Sequence[Sequence],
        rows: Sequence[Sequence],
        heights: Sequence[float],
        widths: Sequence[float],
        commands: Sequence[tuple] = (),
        *,
        stripes: Sequence = (),
        row_commands: RowCommands = _no_commands,
        start: int = 0,
        tops: Sequence[float] | None = None,
    ):
        super().__init__()
        self.header = [list(row) for row in header]
        self.rows = rows
        self.heights = list(heights)
        self.widths = list(widths)
        self.commands = list(commands)
        self.stripes = list(stripes)
        self.row_commands = row_commands
        self.start = start
        self.header_height = sum(self.heights[: len(self.header)])
        # tops[i] is the height of body rows 0..i-1: rows start..end-1 take tops[end] - tops[start].
        body_heights = self.heights[len(self.header) :]
        self.tops = tops if tops is not None else list(itertools.accumulate(body_heights, initial=0))
        self.width = sum(self.widths)
        self.height = 0.0

    def wrap(self, available_width, available_height):
        self.height = self.header_height + self.tops[-1] - self.tops[self.start]
        return self.width, self.height

    def page_table(self, start: int, end: int) -> Table:
        """Body rows ``start``..``end - 1`` under the header: one page's table."""
        header_rows = len(self.header)
        commands = list(self.commands)
        if self.stripes:
            shift = start % len(self.stripes)  # a page's first row keeps the colour it has in the whole
            commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), self.stripes[shift:] + self.stripes[:shift]))
        for index in range(start, end):
            commands += self.row_commands(index, header_rows + index - start)
        table = Table(
            self.header + [list(row) for row in self.rows[start:end]],
            colWidths=self.widths,
            rowHeights=self.heights[:header_rows] + self.heights[header_rows + start : header_rows + end],
            style=TableStyle(commands),
        )
        table.hAlign = self.hAlign
        return table

    def split(self, available_width, available_height):
        room = available_height - self.header_height
        end = bisect.bisect_right(self.tops, self.tops[self.start] + room + 1e-6) - 1  # last row that fits
        if end <= self.start:
            return []  # not one row fits: the frame moves on to the next page
        if end >= len(self.rows):
            return [self.page_table(self.start, len(self.rows))]
        rest = PagedTable(
            self.header,
            self.rows,
            self.heights,
            self.widths,
            self.commands,
            stripes=self.stripes,
            row_commands=self.row_commands,
            start=end,
            tops=self.tops,
        )
        return [self.page_table(self.start, end), rest]

    def draw(self):
        # The frame draws only what wrap said fits: the whole remainder, on this page.
        table = self.page_table(self.start, len(self.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


# --- A cohort's table --------------------------------------------------------------------------------


def _text_width(text: str) -> float:
    return stringWidth(text, fonts.REGULAR, FONT_SIZE)


def _lines(text: str, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a cell's width less its padding)."""
    if _text_width(text) <= width:
        return [text]
    return simpleSplit(text, fonts.REGULAR, FONT_SIZE, width) or [text]


def _height(line_count: int) -> float:
    return line_count * LEADING + 2 * PAD_Y


def _column_width(texts: Sequence[str], header: str) -> float:
    """Wide enough for the longest value and for the header's longest word (the header may wrap)."""
    longest = max(texts, key=len, default="")
    words = header.split() or [""]
    return max(_text_width(longest), *(_text_width(word) for word in words)) + 2 * PAD_X


@dataclass(frozen=True)
class CohortTable:
    """A cohort's rows as strings, and the widths of every column but the agency's name."""

    groups: tuple[Mapping, ...]  # the criteria groups, as the snapshot lists them
    rows: tuple[tuple[str, ...], ...]  # rank, name, group scores..., total, index, band
    not_reported: frozenset[int]  # rows of agencies that did not report
    fixed_widths: tuple[float, ...]  # every column's width; the name's (index 1) is 0 until laid out
    headers: tuple[str, ...]

    @property
    def fixed_width(self) -> float:
        return sum(self.fixed_widths)


def _ordered(agencies: Sequence[Mapping]) -> list[Mapping]:
    """The ranked agencies in the snapshot's order, then the others: an agency that did not report is
    listed after the ranking, never dropped."""
    return [a for a in agencies if a.get("standing") == RANKED] + [a for a in agencies if a.get("standing") != RANKED]


def cohort_table(data: Mapping) -> CohortTable:
    groups = tuple(data.get("criteria", {}).get("groups", []))
    codes = [str(group["code"]) for group in groups]
    rows, not_reported = [], set()
    for position, agency in enumerate(_ordered(data.get("agencies", []))):
        scores = agency.get("scores") or {}
        name = nfc(agency.get("name", ""))
        if agency.get("standing") != RANKED:
            not_reported.add(position)
            rows.append(("", name, pgettext("results table", "Did not submit"), *[""] * (len(codes) + 2)))
            continue
        by_group = scores.get("groups") or {}
        rank = agency.get("rank")
        rows.append(
            (
                "" if rank is None else str(rank),
                name,
                *(formatting.fixed((by_group.get(code) or {}).get("score")) for code in codes),
                formatting.fixed(scores.get("total")),
                formatting.fixed(scores.get("index"), 4),
                nfc(scores.get("band") or "—"),
            )
        )
    headers = (
        pgettext("results table", "Rank"),
        pgettext("results table", "Agency"),
        *codes,
        pgettext("results table", "Total score"),
        pgettext("results table", "Index"),
        pgettext("results table", "Band"),
    )
    ranked_rows = [row for index, row in enumerate(rows) if index not in not_reported]
    widths = [_column_width([row[0] for row in ranked_rows], headers[0]), 0.0]
    for column in range(2, len(headers)):
        widths.append(_column_width([row[column] for row in ranked_rows], headers[column]))
    widths[-1] = min(widths[-1], BAND_MAX)  # a long band wraps rather than squeeze the names
    if not_reported:
        # "Không nộp" spans the score columns: they must hold it together.
        spanned = _text_width(pgettext("results table", "Did not submit")) + 2 * PAD_X
        if sum(widths[2:]) < spanned:
            widths[-1] += spanned - sum(widths[2:])
    return CohortTable(
        groups=groups,
        rows=tuple(rows),
        not_reported=frozenset(not_reported),
        fixed_widths=tuple(widths),
        headers=headers,
    )


def _header(table: CohortTable, widths: Sequence[float]) -> tuple[list[list[str]], list[float], list[tuple]]:
    """Two header rows when there are groups: "Điểm theo nhóm tiêu chí" over the group codes, every
    other heading spanning both rows."""

    def cell(text: str, width: float) -> tuple[str, int]:
        lines = _lines(text, width - 2 * PAD_X)
        return "\n".join(lines), len(lines)

    headers, group_count = table.headers, len(table.groups)
    columns = len(headers)
    if not group_count:
        cells = [cell(text, width) for text, width in zip(headers, widths, strict=True)]
        return [[text for text, _count in cells]], [_height(max(count for _text, count in cells))], []
    first, last = 2, 2 + group_count - 1
    top = [""] * columns
    bottom = [""] * columns
    spanning = []
    for column, (text, width) in enumerate(zip(headers, widths, strict=True)):
        if first <= column <= last:
            bottom[column] = text
        else:
            top[column], count = cell(text, width)
            spanning.append(count)
    top[first], group_lines = cell(_("Points by criteria group"), sum(widths[first : last + 1]))
    top_height, bottom_height = _height(group_lines), _height(1)
    top_height = max(top_height, _height(max(spanning)) - bottom_height)
    commands = [("SPAN", (first, 0), (last, 0))]
    commands += [("SPAN", (column, 0), (column, 1)) for column in range(columns) if not first <= column <= last]
    return [top, bottom], [top_height, bottom_height], commands


def paged_table(table: CohortTable, width: float) -> PagedTable:
    """The cohort's table across ``width``: the agency's name takes what the other columns leave."""
    widths = list(table.fixed_widths)
    widths[1] = width - table.fixed_width
    name_room = widths[1] - 2 * PAD_X
    band_room = widths[-1] - 2 * PAD_X
    rows, heights = [], []
    for row in table.rows:
        name_lines = _lines(row[1], name_room)
        band_lines = _lines(row[-1], band_room) if row[-1] else [""]
        if len(name_lines) == 1 and len(band_lines) == 1:
            rows.append(row)
            heights.append(_height(1))
            continue
        rows.append((row[0], "\n".join(name_lines), *row[2:-1], "\n".join(band_lines)))
        heights.append(_height(max(len(name_lines), len(band_lines))))
    header, header_heights, header_commands = _header(table, widths)
    header_rows = len(header)
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, FONT_SIZE, LEADING),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("ALIGN", (0, header_rows), (0, -1), "CENTER"),
        ("ALIGN", (2, header_rows), (-2, -1), "RIGHT"),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
        *header_commands,
    ]
    not_reported = table.not_reported

    def row_commands(index: int, row: int) -> list[tuple]:
        if index not in not_reported:
            return []
        return [
            ("SPAN", (2, row), (-1, row)),
            ("ALIGN", (2, row), (-1, row), "CENTER"),
            ("TEXTCOLOR", (0, row), (-1, row), MUTED),
        ]

    return PagedTable(
        header,
        rows,
        header_heights + heights,
        widths,
        commands,
        stripes=[colors.white, STRIPE],
        row_commands=row_commands,
    )


# --- The document ------------------------------------------------------------------------------------


def _roman(number: int) -> str:
    """Section numbers as administrative documents write them: I, II, III, IV…"""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
    numerals += ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, numeral in numerals:
        count, number = divmod(number, value)
        text += numeral * count
    return text


def title_of(document: ResultsDocument) -> str:
    return nfc(_("RESULTS OF THE %(year)s DIGITAL TRANSFORMATION ASSESSMENT") % {"year": document.year})


def footer_of(document: ResultsDocument) -> str:
    """The document's name on every page, beside "Trang x/y"."""
    return nfc(
        _("Results of the %(year)s digital transformation assessment · %(province)s province · published %(day)s")
        % {"year": document.year, "province": document.province, "day": formatting.day(document.published_at)}
    )


def approval_sentence(section: CohortSection) -> str:
    values = {
        "agency": section.approving_agency,
        "day": formatting.day(section.approved_at),
        "version": section.version,
        "previous": section.version - 1,
    }
    if section.version > 1:
        return (
            _("Results approved by %(agency)s on %(day)s, version %(version)d, which replaces version %(previous)d.")
            % values
        )
    return _("Results approved by %(agency)s on %(day)s, version %(version)d.") % values


def _counts(table: CohortTable) -> str:
    return _("Ranked: %(ranked)d; did not submit a report: %(missing)d.") % {
        "ranked": len(table.rows) - len(table.not_reported),
        "missing": len(table.not_reported),
    }


def _legend(table: CohortTable) -> str:
    groups = "; ".join(
        _("%(code)s. %(title)s (at most %(max)s points)")
        % {"code": group["code"], "title": group.get("title", ""), "max": formatting.points(group.get("max_points"))}
        for group in table.groups
    )
    parts = [_("Criteria groups: %(groups)s.") % {"groups": groups}] if groups else []
    parts.append(_("Index: the total score divided by the points of the indicators that apply."))
    return " ".join(parts)


def _section(number: int, section: CohortSection, table: CohortTable, width: float) -> list:
    style = styles()
    criteria = section.data.get("criteria", {}).get("title", "")
    about = _("Criteria set: %(criteria)s") % {"criteria": criteria} + "." if criteria else ""
    return [
        CondPageBreak(ROOM_FOR_A_SECTION),
        Paragraph(markup(f"{_roman(number)}. {section.title}"), style.heading),
        Paragraph(markup(approval_sentence(section)), style.body),
        Paragraph(markup(f"{about} {_counts(table)}".strip()), style.body),
        Spacer(1, 2 * mm),
        paged_table(table, width),
        Spacer(1, 2 * mm),
        Paragraph(markup(_legend(table)), style.small),
    ]


def _page_size(tables: Sequence[CohortTable]) -> tuple[float, float]:
    """Portrait while every table leaves its names room enough; landscape when one has many groups."""
    portrait_width = A4[0] - LEFT - RIGHT
    if all(portrait_width - table.fixed_width >= NAME_MIN for table in tables):
        return A4
    return landscape(A4)


def story(document: ResultsDocument, tables: Sequence[CohortTable], width: float) -> list:
    style = styles()
    place = letterhead.place_of(document.province, document.issuer)
    heading = Lines(
        [
            Line(letterhead.NOTICE, 14, bold=True),
            Line(title_of(document), 13, bold=True),
            Line(
                _("of the agencies and units of %(province)s province") % {"province": document.province},
                12,
                bold=True,
                rule=0.25,
            ),
        ]
    )
    introduction = _(
        "Pursuant to %(decision)s, the approved results of the %(year)s digital transformation assessment of the "
        "agencies and units of %(province)s province are announced as follows:"
    ) % {"decision": document.decision, "year": document.year, "province": document.province}
    flowables = [
        letterhead_table(
            superior="",
            issuer=letterhead.capitals(document.issuer),
            number_line=letterhead.number_line(document.issuer, letterhead.NOTICE_CODE),
            date_line=letterhead.date_line(place, timezone.localtime(document.published_at).date()),
            width=width,
        ),
        Spacer(1, 8 * mm),
        heading,
        Spacer(1, 5 * mm),
        Paragraph(markup(introduction), style.body),
    ]
    for number, (section, table) in enumerate(zip(document.cohorts, tables, strict=True), start=1):
        flowables += _section(number, section, table, width)
    return flowables


def results_pdf(document: ResultsDocument) -> bytes:
    """The results document as PDF bytes, in the portal's language whatever the reader's: it is the
    province's official document, as issued."""
    fonts.register()
    with translation.override(settings.LANGUAGE_CODE):
        tables = [cohort_table(section.data) for section in document.cohorts]
        pagesize = _page_size(tables)
        buffer = io.BytesIO()
        template = SimpleDocTemplate(
            buffer,
            pagesize=pagesize,
            leftMargin=LEFT,
            rightMargin=RIGHT,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=title_of(document),
            author=nfc(document.issuer),
            subject=footer_of(document),
        )
        canvas_maker = functools.partial(NumberedCanvas, footer=footer_of(document), margins=(LEFT, RIGHT))
        template.build(story(document, tables, pagesize[0] - LEFT - RIGHT), canvasmaker=canvas_maker)
    return buffer.getvalue()
