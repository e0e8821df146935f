"""Writing and reading the portal's spreadsheets, and running django-import-export resources all-or-nothing.

Every CSV or XLSX the portal writes goes through :func:`export_dataset` (or, for a
download too large to build in memory, :func:`stream_csv`), which escapes cells a
spreadsheet program would run as a formula; every upload is read by
:func:`read_spreadsheet`, which reads that escape back, so an export imports
again unchanged. A CSV starts with a UTF-8 byte order mark: without it Excel
reads the file in the computer's legacy code page and garbles Vietnamese.

Every importer in the admin goes through :func:`run_import`: a file with any bad
row imports nothing, and each bad row is reported with its line in the file
(the header is line 1) and the reason.

A file may head its columns with their codes (``code``, ``parent_code``) or with
their labels in any of the site's languages (``Mã``, ``Mã đơn vị cấp trên``), as the
templates from :func:`template_dataset` do; :func:`use_column_codes` reads both.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from import_export.resources import Resource

from assessments.definitions.table_format import file_line

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_FORMATS = ("csv", "xlsx")
# Excel takes a CSV file for UTF-8 only when it starts with this mark; every reader here skips it.
CSV_BOM = "\ufeff"
# Excel, LibreOffice and Google Sheets take a cell beginning with one of these
# for a formula ("CSV injection", OWASP): "=HYPERLINK(...)" in an agency's note
# would be a live link, "=cmd|..." a command; openpyxl even writes a text beginning
# with "=" into an XLSX file as a formula. A leading "'" makes the cell text.
# A line feed is in the set because a carriage return written to an XLSX file
# reads back as one (XML normalises line ends): without it, "\r=1" would come
# back from an XLSX export as "'\n=1".
# Text already beginning with "'"s and then one of these gets one more "'", so that
# dropping one on import gives back exactly what was exported.
FORMULA_START = re.compile(r"'*[=+\-@\t\r\n]")


class SpreadsheetError(ValueError):
    """The upload is not a spreadsheet this portal reads; the message says why."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    message: str


@dataclass
class ImportOutcome:
    committed: bool
    new: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def escape_cell(value: object) -> object:
    """The cell as written to a file: text that would start a formula gets a leading ``'``.

    Only text is escaped: a number (-3) is written as a number, which no
    spreadsheet program runs. django-import-export's own escaping
    (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) drops the "=" instead, which loses
    the value and misses "+", "-", "@", tab and carriage return.
    """
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def unescape_cell(value: object) -> object:
    """The cell as :func:`escape_cell` was given it: one leading ``'`` before a formula character is dropped."""
    if isinstance(value, str) and value.startswith("'") and FORMULA_START.match(value):
        return value[1:]
    return value


def text_key(text: object) -> str:
    """How a header or a named value is compared: NFC, any case, ``_`` as a space, spaces collapsed."""
    normal = unicodedata.normalize("NFC", str(text or "")).casefold().replace("_", " ")
    return " ".join(normal.split())


def in_every_language(text) -> set[str]:
    """The keys (:func:`text_key`) of a lazily translated text in each of the site's languages."""
    keys = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            keys.add(text_key(str(text)))
    return keys


def use_column_codes(dataset: tablib.Dataset, labels: Mapping[str, object]) -> dict[str, str]:
    """Heads each column the file names by a label of ``labels`` (code → lazy label) with its code, in place.

    Returns each known column's header as the file has it (code → header), so
    problems can name the column the way the person who made the file knows it.
    """
    aliases = {}
    for code, label in labels.items():
        aliases.update(dict.fromkeys(in_every_language(label), code))
    aliases.update({text_key(code): code for code in labels})  # a code always means its own column
    headers = [str(header if header is not None else "").strip() for header in dataset.headers or []]
    as_in_file: dict[str, str] = {}
    codes = []
    for header in headers:
        code = aliases.get(text_key(header))
        if code is None or code in as_in_file:
            codes.append(header)  # unknown, or a second column for the same field: left for the importer
            continue
        as_in_file[code] = header
        codes.append(code)
    if dataset.headers:
        dataset.headers = codes
    return as_in_file


def template_dataset(labels: Mapping[str, object], example: Mapping[str, object]) -> tablib.Dataset:
    """An import template: the columns headed by their labels in the active language, and one example row."""
    dataset = tablib.Dataset(headers=[str(label) for label in labels.values()])
    dataset.append([example.get(code, "") for code in labels])
    return dataset


def export_dataset(dataset: tablib.Dataset, file_format: str) -> bytes:
    """The dataset as a CSV (UTF-8, byte order mark first) or XLSX file, every cell through :func:`escape_cell`;
    ``dataset`` is unchanged.

    Every spreadsheet the portal writes goes through here or :func:`stream_csv` (a test checks that
    nothing else writes CSV or XLSX).
    """
    if file_format not in SPREADSHEET_FORMATS:
        raise ValueError(f"Cannot export {file_format!r}: use one of {', '.join(SPREADSHEET_FORMATS)}.")
    if file_format == "csv":
        # The same writer as a streamed download, so a file is the same bytes whichever way it is served.
        return "".join(stream_csv(dataset.headers, dataset)).encode("utf-8")
    safe = tablib.Dataset(
        *[[escape_cell(value) for value in row] for row in dataset],
        headers=[escape_cell(header) for header in dataset.headers] if dataset.headers else None,
        title=dataset.title,
    )
    body = safe.export(file_format)
    return body.encode("utf-8") if isinstance(body, str) else body


class _Line:
    """A file that hands back what is written to it, so ``csv.writer`` returns each row as text."""

    def write(self, text: str) -> str:
        return text


def stream_csv(headers: Sequence[object] | None, rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """A CSV file piece by piece: the byte order mark, the header line, then one line per row as it is read.

    Every cell goes through :func:`escape_cell` and the dialect is the one :func:`export_dataset` writes
    (it writes through here), so a streamed download equals the file built in memory. Nothing is kept
    between rows: a download served with Django's ``StreamingHttpResponse`` from a generator of rows
    holds one row at a time, however many there are.
    """
    writer = csv.writer(_Line())
    yield CSV_BOM
    if headers:
        yield writer.writerow([escape_cell(header) for header in headers])
    for row in rows:
        yield writer.writerow([escape_cell(value) for value in row])


def _unescaped(dataset: tablib.Dataset) -> tablib.Dataset:
    """The dataset with every cell through :func:`unescape_cell`, so an exported file imports as it was."""
    return tablib.Dataset(
        *[[unescape_cell(value) for value in row] for row in dataset],
        headers=[unescape_cell(header) for header in dataset.headers] if dataset.headers else None,
    )


def read_spreadsheet(name: str, content: bytes) -> tablib.Dataset:
    """A dataset from a CSV (UTF-8) or XLSX upload, the type checked against the content.

    A ``'`` that :func:`export_dataset` put before a formula character is dropped
    from every cell.
    """
    if len(content) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 1024 // 1024})
    if not content.strip():
        raise SpreadsheetError(_("The file is empty."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx":
        if not content.startswith(ZIP_MAGIC):
            raise SpreadsheetError(_("The file is named .xlsx but is not an Excel workbook."))
        try:
            return _unescaped(tablib.Dataset().load(io.BytesIO(content), format="xlsx"))
        except Exception as error:  # openpyxl raises many kinds on a damaged workbook
            raise SpreadsheetError(_("The Excel workbook cannot be read.")) from error
    if extension == "csv":
        if content.startswith(ZIP_MAGIC) or b"\x00" in content:
            raise SpreadsheetError(_("The file is named .csv but is not text."))
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("The CSV file must be saved as UTF-8.")) from error
        try:
            dataset = _unescaped(tablib.Dataset().load(text, format="csv"))
            dataset.line_numbers = _csv_record_lines(text)
        except Exception as error:  # tablib and csv raise several kinds on malformed CSV
            raise SpreadsheetError(_("The CSV file cannot be read.")) from error
        return dataset
    raise SpreadsheetError(_("Upload a .csv or .xlsx file."))


def _csv_record_lines(text: str) -> list[int]:
    """The file line where each data record starts.

    tablib skips blank lines and a quoted cell may span lines, so the n-th row
    of the dataset is not always line n + 1 of the file.
    """
    reader = csv.reader(io.StringIO(text))
    lines: list[int] = []
    start = 1
    for record in reader:
        if record:  # tablib drops only lines with no cells at all; ",,," is a row
            lines.append(start)
        start = reader.line_num + 1
    return lines[1:]  # the first record is the header


def _column_name(resource: Resource, field_name: str, as_in_file: Mapping[str, str]) -> str:
    """The spreadsheet column of a resource field, as the person who made the file knows it."""
    if field_name == NON_FIELD_ERRORS:
        return ""
    # django-import-export names validation errors by field or by model attribute.
    for name, resource_field in resource.fields.items():
        if field_name in (name, resource_field.attribute):
            return as_in_file.get(resource_field.column_name, resource_field.column_name)
    return as_in_file.get(field_name, field_name)


def _missing_column_name(code: str, labels: Mapping[str, object], as_in_file: Mapping[str, str]) -> str:
    """A missing column named by its label when the file heads its columns by labels, else by its code."""
    uses_labels = any(text_key(header) != text_key(known) for known, header in as_in_file.items())
    return str(labels[code]) if uses_labels and code in labels else code


def run_import(resource: Resource, dataset: tablib.Dataset, *, dry_run: bool) -> ImportOutcome:
    """Imports every row or none; with ``dry_run`` nothing is kept either way.

    The resource's ``column_labels`` (code → label), where it has them, let the
    file head its columns with labels instead of codes.
    """
    labels = getattr(resource, "column_labels", {})
    as_in_file = use_column_codes(dataset, labels) if labels else {}
    missing = [column for column in getattr(resource, "required_columns", ()) if column not in (dataset.headers or [])]
    if missing:
        return ImportOutcome(
            committed=False,
            problems=[
                RowProblem(1, _missing_column_name(column, labels, as_in_file), _("This column is missing."))
                for column in missing
            ],
        )
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
        problems = [
            RowProblem(file_line(dataset, row.number - 1), _column_name(resource, column, as_in_file), message)
            for row in result.invalid_rows
            for column, messages in row.error_dict.items()
            for message in messages
        ]
        problems += [
            RowProblem(file_line(dataset, number - 1), "", str(error.error))
            for number, errors in result.row_errors()
            for error in errors
        ]
        problems += [RowProblem(1, "", str(error.error)) for error in result.base_errors]
        outcome = ImportOutcome(
            committed=False,
            new=result.totals.get("new", 0),
            updated=result.totals.get("update", 0),
            problems=sorted(problems, key=lambda problem: problem.line),
        )
        if problems or dry_run:
            return outcome
        resource.import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
        outcome.committed = True
        return outcome
