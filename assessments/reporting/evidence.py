"""Checking evidence uploads by their content, not by their name.

An allow-list of types (PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG); the extension
must agree with what the first bytes say the file is, so an HTML page or an SVG
renamed ``.pdf`` is refused; a size limit; the stored name is random and the
original name, cleaned, is kept only for display.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

# extension -> (what filetype calls the content, the type sent on download)
ALLOWED = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("odt", "application/vnd.oasis.opendocument.text"),
    "ods": ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    "jpg": ("jpg", "image/jpeg"),
    "jpeg": ("jpg", "image/jpeg"),
    "png": ("png", "image/png"),
}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class UploadRefused(ValueError):
    """The message says why, in words the uploader understands."""


@dataclass(frozen=True)
class CheckedUpload:
    display_name: str
    extension: str
    content_type: str


def clean_name(name: str) -> str:
    """The original name without folders, control characters or reserved characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")
    return name[-200:] or "tep"


def check_upload(name: str, size: int, head: bytes) -> CheckedUpload:
    """Accepts the upload or raises :class:`UploadRefused`; ``head`` is the file's first bytes (≥ 8 KB)."""
    display = clean_name(name)
    extension = display.rsplit(".", 1)[-1].lower() if "." in display else ""
    if extension not in ALLOWED:
        raise UploadRefused(_("Files of this type are not accepted. Upload PDF, DOCX, XLSX, ODT, ODS, JPEG or PNG."))
    if size <= 0:
        raise UploadRefused(_("The file is empty."))
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise UploadRefused(_("The file is larger than %(size)d MB.") % {"size": limit // 1024 // 1024})
    expected, content_type = ALLOWED[extension]
    guessed = filetype.guess(head)
    if guessed is None or guessed.extension != expected:
        raise UploadRefused(
            _("The file's content is not a %(type)s file, whatever its name says.") % {"type": extension.upper()}
        )
    return CheckedUpload(display_name=display, extension=expected, content_type=content_type)
