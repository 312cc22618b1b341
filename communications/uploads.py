"""Checks on an uploaded document before anything is stored: type by content (magic bytes), size, a safe
name, and for the zip-based formats (DOCX, ODT) a guard against archives that expand to absurd sizes."""

import hashlib
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 5000


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    safe_name: str
    size: int
    sha256: str


def safe_file_name(name: str, extension: str) -> str:
    """The base name only (no folders, no traversal), reduced to safe characters, with the detected extension."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w\- ]+", "_", stem, flags=re.UNICODE).strip(" ._-")[:120] or "document"
    return f"{stem}.{extension}"


def _check_zip(uploaded) -> None:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise ValidationError(_("The document has too many parts to be a normal text document."))
            total = sum(member.file_size for member in members)
            compressed = sum(member.compress_size for member in members) or 1
            if total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_COMPRESSION_RATIO:
                raise ValidationError(_("The document expands to an unreasonable size and was refused."))
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("The document is damaged and cannot be read.")) from exc
    finally:
        uploaded.seek(0)


def check_upload(uploaded) -> CheckedUpload:
    """Validate an uploaded file; raise ValidationError with a message for the user, storing nothing."""
    limit = settings.IWG_MAX_UPLOAD_BYTES
    if uploaded.size is None or uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension == "zip":
        # A DOCX/ODT whose first entry filetype does not recognise is still a zip: look at the whole archive.
        kind = filetype.guess(uploaded.read(262144)) or kind
        uploaded.seek(0)
    if kind is None or kind.extension not in ALLOWED_TYPES:
        raise ValidationError(_("Only PDF, DOCX or ODT documents are accepted; this file is not one of them."))
    if kind.extension in ("docx", "odt"):
        _check_zip(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(
        extension=kind.extension,
        content_type=ALLOWED_TYPES[kind.extension],
        safe_name=safe_file_name(uploaded.name or "document", kind.extension),
        size=uploaded.size,
        sha256=digest.hexdigest(),
    )
