"""Evidence: the form that adds it, and the check of uploaded files by their content, not by their name.

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
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import EvidenceKind
from assessments.reporting.messages import ErrorLink, field_error_links, literal, text_messages

# How much of a file is read to recognise its type (filetype needs the first few KB at most).
HEAD_BYTES = 8192

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


class EvidenceForm(forms.Form):
    """The evidence of one indicator, added from its panel on the group page.

    Its inputs sit inside the page's one form, beside the answers, so adding
    evidence posts the answers too (see :mod:`assessments.reporting.typed_answers`);
    the prefix keeps each indicator's inputs apart and their ids unique
    ("tai-lieu-1-2-file"). Each message names the input by its label.
    """

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    document_number = forms.CharField(label=gettext_lazy("Document number"), required=False, max_length=100)
    document_date = forms.DateField(
        label=gettext_lazy("Document date"),
        required=False,
        # The date picker sends 2026-03-02; a browser without one lets people type 02/03/2026.
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    document_summary = forms.CharField(label=gettext_lazy("Summary"), required=False, max_length=500)
    url = forms.URLField(label=gettext_lazy("Web address"), required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args, anchor: str, **kwargs):
        kwargs.setdefault("prefix", f"tai-lieu-{anchor}")
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        # The id of the indicator's evidence panel; its list of errors, when refused, is "<panel_id>-loi".
        self.panel_id = self.prefix
        kind = _("Choose the kind of evidence.")
        unread = _("The file could not be read: choose it again.")
        date = _("%(label)s must be a real date, such as 31/12/2025.") % self._label("document_date")
        address = _("%(label)s must be a whole web address, such as https://ubnd.example.gov.vn/van-ban.")
        messages = {
            "kind": {"required": kind, "invalid_choice": literal(kind)},
            "file": {"invalid": unread, "missing": unread, "empty": _("The file is empty.")},
            "document_number": self._too_long("document_number"),
            "document_date": {"invalid": date},
            "document_summary": self._too_long("document_summary"),
            # The address validator formats its message with the value: hence literal().
            "url": {"invalid": literal(address % self._label("url")), **self._too_long("url")},
        }
        for name, errors in messages.items():
            self.fields[name].error_messages.update(errors)

    def _label(self, name: str) -> dict:
        return {"label": str(self.fields[name].label)}

    def _too_long(self, name: str) -> dict:
        return text_messages(str(self.fields[name].label))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == EvidenceKind.FILE and not data.get("file") and "file" not in self.errors:
            self.add_error("file", _("Choose the file to upload."))
        if kind == EvidenceKind.DOCUMENT:
            if not data.get("document_number") and "document_number" not in self.errors:
                self.add_error("document_number", _("Enter the document's number, such as 12/BC-UBND."))
            if not data.get("document_date") and "document_date" not in self.errors:
                self.add_error("document_date", _("Enter the document's date."))
        if kind == EvidenceKind.URL and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Give the web address."))
        upload = data.get("file")
        if kind == EvidenceKind.FILE and upload:
            try:
                self.checked = check_upload(upload.name, upload.size, upload.read(HEAD_BYTES))
            except UploadRefused as refusal:
                self.add_error("file", str(refusal))
            upload.seek(0)
        return data

    def error_links(self) -> list[ErrorLink]:
        """The errors for the list at the top of the panel, each leading to its input."""
        return field_error_links(self)

    def evidence_fields(self) -> dict:
        """The evidence row's fields for the service; a file keeps its checked type under a random name."""
        data = self.cleaned_data
        fields = {key: data[key] for key in ("kind", "document_number", "document_date", "document_summary", "url")}
        if data["kind"] == EvidenceKind.FILE:
            upload = data["file"]
            upload.name = f"upload.{self.checked.extension}"
            fields.update(
                file=upload,
                original_name=self.checked.display_name,
                content_type=self.checked.content_type,
                size=upload.size,
            )
        return fields
