"""Reads a decision written in the portal's plain-text legal format into page fields.

The format is Markdown with a front-matter header, as in
``home/demo/decision-2853-2021.md``:

    ---
    number: 2853/QĐ-UBND          issuer, place, date, effective, title,
    replaces: 365/QĐ-UBND (2019-01-28)    signer_block (lines joined by " / ")
    ---
    # QUYẾT ĐỊNH                  document type
    <subject paragraph>
    ## ỦY BAN NHÂN DÂN TỈNH       authority heading; the paragraphs after it are the preamble
    ## QUYẾT ĐỊNH:                end of the preamble
    ### Điều 2. Tổ chức thực hiện articles; "1. ..." clauses, "a) ..." points, "- ..." items
    **Nơi nhận:**                 recipients, one "- " line each

Editors keep decisions in the CMS; this reader exists so the demo content and any
bulk load come from the same text a person can read and check.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from home.stream_data import StableIds

ARTICLE = re.compile(r"^###\s+Điều\s+(?P<number>[\w.]+?)\.?(?:\s+(?P<heading>.+))?$")
CLAUSE = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>.*)$")
POINT = re.compile(r"^(?P<letter>[a-zđ])\)\s+(?P<text>.*)$")
ITEM = re.compile(r"^[-*]\s+(?P<text>.*)$")
RECIPIENTS = re.compile(r"^\*\*(?P<heading>Nơi nhận:?)\*\*$")
REPLACES = re.compile(r"^(?P<number>\S+)\s*\((?P<date>\d{4}-\d{2}-\d{2})\)$")


class DecisionFormatError(ValueError):
    """The text does not follow the format; the message says where."""


@dataclass
class ParsedDecision:
    number: str
    issuer: str
    place: str
    date_issued: datetime.date
    effective_date: datetime.date
    subject: str
    document_type: str
    authority_heading: str
    replaces_number: str | None
    replaces_date: datetime.date | None
    source_note: str
    preamble: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    closing: list[dict] = field(default_factory=list)


def _date(value: str, key: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise DecisionFormatError(f"'{key}' is not a date (YYYY-MM-DD): {value!r}") from error


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    if not lines or lines[0].strip() != "---":
        raise DecisionFormatError("The text must start with a '---' front-matter block.")
    try:
        end = lines.index("---", 1)
    except ValueError as error:
        raise DecisionFormatError("The front-matter block is not closed with '---'.") from error
    meta = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    missing = {"number", "issuer", "place", "date", "title"} - meta.keys()
    if missing:
        raise DecisionFormatError(f"Front matter lacks: {', '.join(sorted(missing))}.")
    return meta, lines[end + 1 :]


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Non-blank lines with their indentation; each line is one paragraph."""
    return [(len(line) - len(line.lstrip(" ")), line.strip()) for line in lines if line.strip()]


def parse_decision(text: str) -> ParsedDecision:
    text = unicodedata.normalize("NFC", text)
    meta, body = _front_matter([line.rstrip() for line in text.splitlines()])
    replaces_number = replaces_date = None
    if meta.get("replaces"):
        match = REPLACES.match(meta["replaces"])
        if not match:
            raise DecisionFormatError("'replaces' must read 'NUMBER (YYYY-MM-DD)'.")
        replaces_number, replaces_date = match["number"], _date(match["date"], "replaces")

    decision = ParsedDecision(
        number=meta["number"],
        issuer=meta["issuer"],
        place=meta["place"],
        date_issued=_date(meta["date"], "date"),
        effective_date=_date(meta.get("effective") or meta["date"], "effective"),
        subject=meta["title"],
        document_type="",
        authority_heading="",
        replaces_number=replaces_number,
        replaces_date=replaces_date,
        source_note=meta.get("note", ""),
    )

    ids = StableIds(decision.number)
    section = "start"
    article = clause = point = recipients = None
    for indent, line in _paragraphs(body):
        if line.startswith("# "):
            decision.document_type = line[2:].strip().capitalize()
            section = "subject"
        elif line.startswith("## ") and section in {"subject", "start"}:
            decision.authority_heading = line[3:].strip()
            section = "preamble"
        elif line.startswith("## "):
            section = "articles"
        elif match := ARTICLE.match(line):
            article = {"number": match["number"], "heading": match["heading"] or "", "content": []}
            decision.articles.append(ids.block("article", article))
            clause = point = None
            section = "articles"
        elif match := RECIPIENTS.match(line):
            recipients = {"heading": match["heading"], "recipients": []}
            decision.closing.append(ids.block("recipients", recipients))
            section = "recipients"
        elif section == "subject":
            continue  # the subject line repeats the front matter's title
        elif section == "preamble":
            decision.preamble.append(ids.block("preamble_item", {"text": line}))
        elif section == "recipients":
            if not (match := ITEM.match(line)):
                raise DecisionFormatError(f"Expected a '- ' recipient line, found: {line!r}")
            recipients["recipients"].append(ids.item(match["text"]))
        elif section == "articles" and article is not None:
            if indent == 0 and (match := CLAUSE.match(line)):
                clause = {"number": match["number"], "text": match["text"], "points": []}
                article["content"].append(ids.block("clause", clause))
                point = None
            elif indent > 0 and clause is not None and (match := POINT.match(line)):
                point = {"letter": match["letter"], "text": match["text"], "items": []}
                clause["points"].append(ids.item(point))
            elif indent > 0 and point is not None and (match := ITEM.match(line)):
                point["items"].append(ids.item(match["text"]))
            else:
                article["content"].append(ids.block("paragraph", line))
                clause = point = None
        else:
            raise DecisionFormatError(f"Text outside any section: {line!r}")

    if not decision.document_type or not decision.articles:
        raise DecisionFormatError("The text needs a '# ' document type and at least one '### Điều' article.")
    if meta.get("signer_block"):
        lines = [part.strip() for part in meta["signer_block"].split("/") if part.strip()]
        signature = {"lines": [ids.item(line) for line in lines], "signer": meta.get("signer", "")}
        decision.closing.append(ids.block("signature", signature))
    return decision
