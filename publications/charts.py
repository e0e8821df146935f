"""Charts of the published results, drawn on the server as inline SVG, each with its data as a table.

Drawn on the server because the public site's Content-Security-Policy allows no script and no inline
style, and a chart must print and read without JavaScript: so plain SVG with presentation attributes
(fill, stroke, font-size) and classes the stylesheet may refine, never a ``style`` attribute, a
``<style>`` element, a script or an event handler. A picture alone is not accessible, so every chart
comes with a one-sentence text alternative and the same numbers as a table, written as Vietnamese
readers write them ("966,10").

Pure: dataclasses of Decimal in, a ``Chart`` out; no models, no database.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from assessments import formatting


@dataclass(frozen=True)
class Chart:
    svg: SafeString  # an <svg> element, safe to put inline in HTML
    alt: str  # one sentence saying what the chart shows
    headers: tuple[str, ...]  # the data table's column headers
    rows: tuple[tuple[str, ...], ...]  # the data table, already written as text


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    band: str


@dataclass(frozen=True)
class GroupScore:
    label: str
    score: Decimal
    maximum: Decimal
    average: Decimal | None = None  # the cohort's average score for the group, in points like ``score``


@dataclass(frozen=True)
class YearPoint:
    year: int
    index: Decimal | None  # None: the agency did not report that year


WIDTH = 600  # the viewBox's width; the SVG scales to its container (width="100%"), down to a phone's
FONT = 12
INK = "#1a1a1a"  # text, 17:1 on white
MUTED = "#505a5f"  # axes and secondary text, 7:1
GRID = "#b1b4b6"  # gridlines only, light on purpose
SERIES = "#08519c"  # single-series bars, the index line and its dots
# Known bands: a class for the stylesheet and a colour. Blue for the good end, vermilion and brown for
# the weak end, so the order reads with any colour vision (no red against green), and each colour has
# at least 3:1 contrast with white (WCAG 1.4.11); the band is also written in the table and tooltip.
BANDS = {
    "xuất sắc": ("excellent", "#08519c"),
    "tốt": ("good", "#3182bd"),
    "khá": ("fair", "#009e73"),
    "trung bình": ("average", "#d55e00"),
    "yếu": ("weak", "#8c2d04"),
}
OTHER_BAND = ("other", "#767676")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
NBSP = "\u00a0"  # between a number and "%", so "99,1 %" never breaks across lines
Num = Decimal | int  # a coordinate or length before it is written
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ID = re.compile(r"[A-Za-z][\w-]*")


# Numbers -----------------------------------------------------------------------------------------


def percent(share: Decimal | None) -> str:
    """A share already in percent, one decimal: "99,1 %"; "—" when there is none (a maximum of 0)."""
    return "—" if share is None else f"{formatting.fixed(share, 1)}{NBSP}%"


def _share(value: Decimal, maximum: Decimal) -> Decimal | None:
    return None if maximum <= 0 else Decimal(value) / maximum * HUNDRED


def _length(value: Decimal, maximum: Decimal, full: Num) -> Decimal:
    """``value``'s part of ``full`` as ``maximum`` is to ``full``: 0 with no maximum, never past ``full``."""
    if maximum <= 0 or value <= 0:
        return Decimal(0)
    return min(Decimal(value) / maximum, Decimal(1)) * full


def _at(value: Num) -> str:
    """A coordinate: a dot as decimal mark whatever the language ("12.5"), two decimals at most."""
    return format(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP).normalize(), "f")


# SVG elements ------------------------------------------------------------------------------------


def _escaped(text: object) -> str:
    """Text as XML character data: markup characters escaped, and the control characters XML forbids
    dropped, which would make the whole SVG unreadable. The standard library's escape rather than
    Django's: the same five characters, without the lazy-string wrapper that was most of the cost of
    a 300-bar chart."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def _tag(name: str, content: str | Sequence[SafeString] = (), /, **attributes: object) -> SafeString:
    """``<name …>content</name>`` with every attribute and text escaped, even text already marked safe;
    only elements this function built (``SafeString``) go in unescaped.

    Keywords become attributes: ``class_`` → class, ``text_anchor`` → text-anchor; numbers are coordinates.
    """
    attrs = "".join(f' {key.rstrip("_").replace("_", "-")}="{_value(v)}"' for key, v in attributes.items())
    if isinstance(content, str):
        body = _escaped(content)
    else:
        body = "".join(part if isinstance(part, SafeString) else _escaped(part) for part in content)
    return mark_safe(f"<{name}{attrs}>{body}</{name}>" if body else f"<{name}{attrs}/>")


def _value(value: object) -> str:
    return _at(value) if isinstance(value, int | Decimal) else _escaped(value)


def _text(x: Num, y: Num, content: str, kind: str, **attributes: object) -> SafeString:
    attributes = {"font_size": FONT, "fill": INK} | attributes
    return _tag("text", content, x=x, y=y, class_=f"chart__{kind}", **attributes)


def _line(x1: Num, y1: Num, x2: Num, y2: Num, kind: str, stroke: str, **more: object) -> SafeString:
    return _tag("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke, class_=f"chart__{kind}", **more)


def _bar(x: Num, y: Num, width: Decimal, height: Num, band: str | None) -> SafeString:
    """A bar in its band's colour and class, or in the single series' colour when there is no band."""
    kind, colour = _band(band) if band is not None else ("series", SERIES)
    return _tag("rect", x=x, y=y, width=width, height=height, fill=colour, class_=f"chart__bar chart__bar--{kind}")


def _say(message: str, **words: object) -> str:
    """A translated message with its words put in (agency names are words, never read as a format)."""
    return message % words


def _fit(label: str, room: int) -> str:
    """A label cut to ``room`` characters: the whole of it is in the tooltip and the table."""
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def _band(band: str) -> tuple[str, str]:
    """The class suffix and colour of a band, whatever its case, spacing or Unicode form; neutral if unknown."""
    return BANDS.get(" ".join(unicodedata.normalize("NFC", band).casefold().split()), OTHER_BAND)


def _prefix(title: str, data: object, given: str | None) -> str:
    """The ids' prefix: the caller's, or the title's slug and a short hash of title and data, so two
    charts on one page do not share ids, even two with the same title."""
    if given is not None:
        if not _ID.fullmatch(given):
            raise ValueError(f"id_prefix must be letters, digits and hyphens, starting with a letter: {given!r}")
        return given
    slug = slugify(title.replace("đ", "d").replace("Đ", "D"))[:40].strip("-")
    digest = hashlib.blake2s(repr((title, data)).encode(errors="surrogatepass"), digest_size=4).hexdigest()
    return f"chart-{slug}-{digest}" if slug else f"chart-{digest}"


def _svg(kind: str, title: str, alt: str, prefix: str, height: Num, body: list[SafeString]) -> SafeString:
    """The chart's root: scales with its container, named by its title and described by the alt sentence."""
    return _tag(
        "svg",
        [_tag("title", title, id=f"{prefix}-title"), _tag("desc", alt, id=f"{prefix}-desc"), *body],
        xmlns="http://www.w3.org/2000/svg",
        class_=f"chart chart--{kind}",
        role="img",
        aria_labelledby=f"{prefix}-title {prefix}-desc",
        viewBox=f"0 0 {WIDTH} {_at(height)}",
        width="100%",
    )


def _nothing(kind: str, title: str, prefix: str, headers: tuple[str, ...]) -> Chart:
    """A chart that says there is nothing to show, rather than an empty frame or a division by zero."""
    sentence = _("There is nothing to show.")
    body = [_text(WIDTH // 2, 36, sentence, "empty", text_anchor="middle", font_size=14)]
    return Chart(_svg(kind, title, sentence, prefix, 56, body), sentence, headers, ())


# Horizontal bars, shared by the ranking and the group profile ------------------------------------

ROW, BAR = 24, 16  # a row's height and its bar's thickness
LABEL_WIDTH = 230  # labels end here, right-aligned, cut to fit (about 34 characters)
BAR_X = LABEL_WIDTH + 8
BAR_LENGTH = WIDTH - BAR_X - 64  # what is left after the value written at the bar's end


def _bar_row(top: Num, label: str, length: Decimal, value: str, tip: str, band: str | None) -> SafeString:
    """One row: the label, the bar and its value at its end; the tooltip gives the whole label."""
    middle = Decimal(top) + Decimal(ROW) / 2
    label = _fit(label, LABEL_WIDTH * 2 // 13)
    return _tag(
        "g",
        [
            _tag("title", tip),
            _text(LABEL_WIDTH, middle + 4, label, "label", text_anchor="end"),
            _bar(BAR_X, middle - BAR // 2, length, BAR, band),
            _text(BAR_X + length + 4, middle + 4, value, "value"),
        ],
        class_="chart__row",
    )


def ranking_bars(bars: Sequence[Bar], maximum: Decimal, title: str, *, id_prefix: str | None = None) -> Chart:
    """The agencies' points as horizontal bars, in the order given (already ranked), coloured by band."""
    prefix = _prefix(title, (bars, maximum), id_prefix)
    headers = (_("Agency"), pgettext("chart column", "Points"), _("Band"))
    if not bars:
        return _nothing("ranking", title, prefix, headers)
    rows = tuple((bar.label, formatting.fixed(bar.value, 2), bar.band) for bar in bars)
    (top, top_points, _top_band), (bottom, bottom_points, _bottom_band) = rows[0], rows[-1]
    if len(rows) == 1:
        alt = _say(_("%(agency)s: %(points)s points."), agency=top, points=top_points)
    else:
        alt = _say(
            _("%(top)s leads with %(top_points)s points; %(bottom)s is lowest with %(bottom_points)s points."),
            top=top,
            top_points=top_points,
            bottom=bottom,
            bottom_points=bottom_points,
        )
    body = [
        _bar_row(8 + n * ROW, label, _length(bar.value, maximum, BAR_LENGTH), value, f"{label}: {value} ({band})", band)
        for n, (bar, (label, value, band)) in enumerate(zip(bars, rows, strict=True))
    ]
    height = 16 + len(bars) * ROW
    body.append(_line(BAR_X, 8, BAR_X, height - 8, "axis", MUTED))
    return Chart(_svg("ranking", title, alt, prefix, height, body), alt, headers, rows)


def group_profile(groups: Sequence[GroupScore], title: str, *, id_prefix: str | None = None) -> Chart:
    """Each criteria group's score as a share of its maximum (0–100 %), with the cohort's average as a
    marker when given, so a reader sees where an agency is strong or weak whatever each group's weight."""
    prefix = _prefix(title, groups, id_prefix)
    averaged = any(group.average is not None for group in groups)
    headers = (
        _("Criteria group"),
        pgettext("chart column", "Points"),
        pgettext("chart column", "Maximum points"),
        _("Share of maximum"),
    )
    headers += (_("Cohort average"),) if averaged else ()
    if not groups:
        return _nothing("groups", title, prefix, headers)
    shares = [_share(group.score, group.maximum) for group in groups]
    averages = [None if g.average is None else _share(g.average, g.maximum) for g in groups]
    rows = tuple(
        (g.label, formatting.fixed(g.score), formatting.fixed(g.maximum), percent(share))
        + ((percent(average),) if averaged else ())
        for g, share, average in zip(groups, shares, averages, strict=True)
    )
    alt = _group_sentence([(g.label, s) for g, s in zip(groups, shares, strict=True) if s is not None])
    top, bottom = 24, 24 + len(groups) * ROW  # room above for the scale's labels
    body = []
    for tick in (0, 25, 50, 75, 100):
        x = BAR_X + Decimal(BAR_LENGTH * tick) / 100
        body.append(_text(x, top - 8, f"{tick}{NBSP}%", "tick", text_anchor="middle", font_size=10, fill=MUTED))
        body.append(_line(x, top, x, bottom, "grid", GRID))
    for n, (group, row, share, average) in enumerate(zip(groups, rows, shares, averages, strict=True)):
        y = top + n * ROW
        tip = f"{group.label}: {row[3]}"
        body.append(_bar_row(y, group.label, _length(share or 0, HUNDRED, BAR_LENGTH), row[3], tip, None))
        if average is not None:
            x = BAR_X + _length(average, HUNDRED, BAR_LENGTH)
            body.append(_line(x, y + 2, x, y + ROW - 2, "marker", INK, stroke_width=3))
    height = bottom + 8
    if averaged:  # the legend: what the marker means
        body.append(_line(BAR_X, height + 2, BAR_X, height + 16, "marker", INK, stroke_width=3))
        body.append(_text(BAR_X + 8, height + 13, _("Cohort average"), "legend"))
        height += 24
    return Chart(_svg("groups", title, alt, prefix, height, body), alt, headers, rows)


def _group_sentence(shares: list[tuple[str, Decimal]]) -> str:
    if not shares:
        return _("There is nothing to show.")
    if len(shares) == 1:
        return _say(_("%(group)s reaches %(share)s of its maximum."), group=shares[0][0], share=percent(shares[0][1]))
    (best, high), (worst, low) = max(shares, key=lambda pair: pair[1]), min(shares, key=lambda pair: pair[1])
    return _say(
        _("%(best)s reaches the highest share of its maximum (%(high)s), %(worst)s the lowest (%(low)s)."),
        best=best,
        high=percent(high),
        worst=worst,
        low=percent(low),
    )


# Columns -----------------------------------------------------------------------------------------


def band_spread(counts: Sequence[tuple[str, int]], title: str, *, id_prefix: str | None = None) -> Chart:
    """How many agencies are in each band, one column per band in the order given."""
    prefix = _prefix(title, counts, id_prefix)
    headers = (_("Band"), _("Number of agencies"))
    if not counts:
        return _nothing("bands", title, prefix, headers)
    rows = tuple((band, str(count)) for band, count in counts)
    total, highest = sum(count for _b, count in counts), max(count for _b, count in counts)
    parts = "; ".join(f"{band}: {count}" for band, count in rows)
    alt = _say(
        ngettext("%(total)d agency in all: %(parts)s.", "%(total)d agencies in all: %(parts)s.", total),
        total=total,
        parts=parts,
    )
    slot = Decimal(WIDTH - 32) / len(counts)
    width = min(slot * Decimal("0.6"), Decimal(96))
    base, plot = 224, 196  # the baseline, and the tallest column's height
    body = []
    for n, (band, count) in enumerate(counts):
        centre = 16 + slot * n + slot / 2
        height = _length(Decimal(count), Decimal(highest), plot)
        column = [
            _tag("title", f"{band}: {count}"),
            _bar(centre - width / 2, base - height, width, height, band),
            _text(centre, base - height - 6, str(count), "value", text_anchor="middle"),
            _text(centre, base + 18, _fit(band, int(slot / 7)), "label", text_anchor="middle"),
        ]
        body.append(_tag("g", column, class_="chart__column"))
    body.append(_line(16, base, WIDTH - 16, base, "axis", MUTED))
    return Chart(_svg("bands", title, alt, prefix, base + 32, body), alt, headers, rows)


# A line over the years ---------------------------------------------------------------------------


def index_history(points: Sequence[YearPoint], title: str, *, id_prefix: str | None = None) -> Chart:
    """An agency's index (0–1) year by year as a line with dots; a year it did not report breaks the line,
    so no trend is drawn across a year that has no number."""
    prefix = _prefix(title, points, id_prefix)
    headers = (_("Year"), _("Index"))
    if not points:
        return _nothing("history", title, prefix, headers)
    years = sorted(points, key=lambda point: point.year)
    missing = _("not reported")
    rows = tuple((str(p.year), missing if p.index is None else formatting.fixed(p.index, 4)) for p in years)
    left, right, base, plot = 56, 24, 224, 192
    step = Decimal(WIDTH - left - right) / max(len(years) - 1, 1)
    body = []
    for tick in (Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1)):
        y = base - tick * plot
        body.append(_line(left, y, WIDTH - right, y, "grid", GRID))
        body.append(
            _text(left - 6, y + 4, formatting.points(tick), "tick", text_anchor="end", font_size=10, fill=MUTED)
        )
    run: list[tuple[Decimal, Decimal]] = []
    for n, (point, (year, value)) in enumerate(zip(years, rows, strict=True)):
        x = left + step * n if len(years) > 1 else Decimal(WIDTH) / 2
        body.append(_text(x, base + 18, year, "label", text_anchor="middle"))
        if point.index is None:
            body.append(_text(x, base + 34, missing, "gap", text_anchor="middle", font_size=10, fill=MUTED))
            body += _segment(run)
            run = []
            continue
        y = base - _length(point.index, Decimal(1), plot)
        run.append((x, y))
        body.append(
            _tag("circle", [_tag("title", f"{year}: {value}")], cx=x, cy=y, r=4, fill=SERIES, class_="chart__dot")
        )
        body.append(_text(x, y - 9, value, "value", text_anchor="middle", font_size=10))
    body += _segment(run)
    alt = _history_sentence(
        [row for point, row in zip(years, rows, strict=True) if point.index is not None],
        [row[0] for point, row in zip(years, rows, strict=True) if point.index is None],
    )
    return Chart(_svg("history", title, alt, prefix, base + 44, body), alt, headers, rows)


def _segment(run: list[tuple[Decimal, Decimal]]) -> list[SafeString]:
    """One path through consecutive reported years; none for a lone year, whose dot stands alone."""
    if len(run) < 2:
        return []
    d = " ".join(f"{'M' if n == 0 else 'L'}{_at(x)} {_at(y)}" for n, (x, y) in enumerate(run))
    return [_tag("path", d=d, fill="none", stroke=SERIES, stroke_width=2, class_="chart__line")]


def _history_sentence(reported: list[tuple[str, str]], gaps: list[str]) -> str:
    """From the first reported year to the last, and which years had no report."""
    if not reported:
        return _("The agency did not report in any of these years.")
    (first_year, first), (last_year, last) = reported[0], reported[-1]
    if len(reported) == 1:
        trend = _say(_("The index was %(index)s in %(year)s"), index=first, year=first_year)
    else:
        trend = _say(
            _("The index went from %(first)s in %(first_year)s to %(last)s in %(last_year)s"),
            first=first,
            first_year=first_year,
            last=last,
            last_year=last_year,
        )
    return _say(_("%(trend)s; no report in %(years)s."), trend=trend, years=", ".join(gaps)) if gaps else f"{trend}."
