"""Checks on an uploaded document before anything is stored: type by content (magic bytes), size, a safe name,
no active content, and a virus scan.

- PDF: parsed with pikepdf (qpdf); a file with JavaScript, launch or import actions, automatic actions (/AA),
  embedded files, rich media or XFA forms is refused, as is one qpdf cannot open (damaged, or locked by a
  password, so it cannot be checked).
- DOCX and ODT (zip packages): every member is decompressed, streamed, and counted; the package is refused
  when what it really expands to passes a cap (the sizes its headers declare are not trusted), and when it
  carries macros (an OOXML `vbaProject.bin`, a macro-enabled content type, ActiveX controls; ODF `Basic/` or
  `Scripts/` parts, or macro links).
- ClamAV: with `IWG_CLAMAV_URL` set, the file is streamed to clamd (INSTREAM). A file clamd flags is refused;
  so is every file when clamd cannot be reached or answers an error (fail closed: nothing unscanned is stored).
"""

import hashlib
import logging
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    import pikepdf

logger = logging.getLogger(__name__)

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 5000
_CHUNK = 64 * 1024


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


# ---------------------------------------------------------------------------------------------------------------
# PDF

# Keys whose presence anywhere in a PDF means active content, and action types (/S) that run something.
_PDF_ACTIVE_KEYS = {
    "/JS": gettext_lazy("JavaScript"),
    "/JavaScript": gettext_lazy("JavaScript"),
    "/AA": gettext_lazy("automatic actions"),
    "/Launch": gettext_lazy("a launch action"),
    "/EmbeddedFiles": gettext_lazy("embedded files"),
    "/EF": gettext_lazy("embedded files"),
    "/RichMedia": gettext_lazy("rich media"),
    "/XFA": gettext_lazy("an XFA form"),
}
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript": gettext_lazy("JavaScript"),
    "/Launch": gettext_lazy("a launch action"),
    "/ImportData": gettext_lazy("an import action"),
    "/RichMediaExecute": gettext_lazy("rich media"),
}


def _pdf_active_content(pdf: "pikepdf.Pdf"):
    """What active content the PDF carries, or None. Every object of the file is looked at (reachable or not),
    with the dictionaries and arrays written inside it."""
    import pikepdf  # imported when a PDF is checked, not by every command that loads the app (start-up)

    for top in [pdf.trailer, *pdf.objects]:
        stack = [top]
        while stack:
            obj = stack.pop()
            if isinstance(obj, pikepdf.Stream):
                obj = obj.stream_dict
            if isinstance(obj, pikepdf.Dictionary):
                for key in obj.keys():
                    if key in _PDF_ACTIVE_KEYS:
                        return _PDF_ACTIVE_KEYS[key]
                action = obj.get("/S")
                if isinstance(action, pikepdf.Name) and str(action) in _PDF_ACTIVE_ACTIONS:
                    return _PDF_ACTIVE_ACTIONS[str(action)]
                children = obj.values()
            elif isinstance(obj, pikepdf.Array):
                children = list(obj)
            else:
                continue
            # Indirect objects are visited from pdf.objects themselves; only direct ones are walked here.
            stack.extend(
                child
                for child in children
                if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect
            )
    return None


def _check_pdf(uploaded) -> None:
    import pikepdf

    uploaded.seek(0)
    try:
        with pikepdf.open(uploaded) as pdf:
            found = _pdf_active_content(pdf)
    except pikepdf.PasswordError as exc:
        raise ValidationError(
            _("The PDF is protected by a password, so it cannot be checked; upload it unlocked.")
        ) from exc
    except pikepdf.PdfError as exc:
        raise ValidationError(_("The document is damaged and cannot be read.")) from exc
    finally:
        uploaded.seek(0)
    if found:
        raise ValidationError(
            _(
                "The PDF contains active content (%(what)s), which is not accepted. Save it again without scripts, "
                "actions or attachments (for example, print it to a new PDF) and upload that."
            )
            % {"what": found}
        )


# ---------------------------------------------------------------------------------------------------------------
# DOCX and ODT


def _member_names_with_macros(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered.endswith(("vbaproject.bin", "vbadata.xml"))
        or "/activex/" in f"/{lowered}"
        or lowered.startswith(("basic/", "scripts/"))
    )


# Text that, inside these package parts, declares macros: a macro-enabled OOXML content type or VBA part; ODF
# manifest entries for Basic or script parts, and links or event handlers that call a macro.
_MACRO_MARKERS = {
    "[content_types].xml": (b"macroenabled", b"vbaproject", b"activex"),
    "meta-inf/manifest.xml": (b'full-path="basic/', b'full-path="scripts/'),
    "content.xml": (b"vnd.sun.star.script:", b"script:event-listener"),
    "styles.xml": (b"vnd.sun.star.script:", b"script:event-listener"),
}
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then (skipped) up to the name and extra-field lengths


def _member_chunks(raw, member: zipfile.ZipInfo, budget: int):
    """Yield the decompressed bytes of `member`, read from the raw archive: a deflate stream is inflated until it
    really ends, whatever sizes the headers declare, and no more than `budget` bytes are produced (then
    `_TooLarge`)."""
    raw.seek(member.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(raw.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    raw.seek(member.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    if member.compress_type == zipfile.ZIP_STORED:
        remaining = member.compress_size
        while remaining > 0:
            chunk = raw.read(min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            budget -= len(chunk)
            if budget < 0:
                raise _TooLarge
            yield chunk
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile("unsupported compression")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while not inflater.eof:
        data = inflater.unconsumed_tail or raw.read(_CHUNK)
        if not data:
            raise zipfile.BadZipFile("the archive ends inside a member")
        chunk = inflater.decompress(data, _CHUNK)
        budget -= len(chunk)
        if budget < 0:
            raise _TooLarge
        if chunk:
            yield chunk


class _TooLarge(Exception):
    pass


def _check_zip(uploaded) -> None:
    too_large = ValidationError(_("The document expands to an unreasonable size and was refused."))
    macros = ValidationError(
        _(
            "The document contains macros or active controls, which are not accepted. Save it as a plain "
            "document (DOCX or ODT without macros) and upload that."
        )
    )
    budget = min(MAX_UNCOMPRESSED_BYTES, MAX_COMPRESSION_RATIO * max(uploaded.size, 1))
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise ValidationError(_("The document has too many parts to be a normal text document."))
            for member in members:
                if _member_names_with_macros(member.filename):
                    raise macros
                if member.flag_bits & 0x1:
                    raise ValidationError(_("The document has encrypted parts, so it cannot be checked."))
            for member in members:
                markers = _MACRO_MARKERS.get(member.filename.lower(), ())
                tail = b""
                for chunk in _member_chunks(uploaded, member, budget):
                    budget -= len(chunk)
                    if markers:
                        window = tail + chunk.lower()
                        if any(marker in window for marker in markers):
                            raise macros
                        tail = window[-64:]
    except _TooLarge as exc:
        raise too_large from exc
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError) as exc:
        raise ValidationError(_("The document is damaged and cannot be read.")) from exc
    finally:
        uploaded.seek(0)


# ---------------------------------------------------------------------------------------------------------------
# ClamAV


def _clamd_client():
    from clamav_client import clamd  # imported when a file is scanned, as pikepdf (start-up)

    url = urlsplit(settings.IWG_CLAMAV_URL)
    timeout = settings.IWG_CLAMAV_TIMEOUT
    if url.scheme == "unix":
        return clamd.ClamdUnixSocket(path=url.path, timeout=timeout)
    if url.scheme == "tcp":
        return clamd.ClamdNetworkSocket(host=url.hostname or "127.0.0.1", port=url.port or 3310, timeout=timeout)
    raise ValueError(f"IWG_CLAMAV_URL must be tcp://host:port or unix:///path, not {settings.IWG_CLAMAV_URL!r}")


def _scan_for_viruses(uploaded) -> None:
    """Stream the file to clamd; refuse it when clamd finds something, and when clamd cannot say (fail closed)."""
    if not settings.IWG_CLAMAV_URL:
        return
    from clamav_client import clamd

    uploaded.seek(0)
    try:
        result = _clamd_client().instream(uploaded)
    except (clamd.ClamdError, OSError) as exc:
        logger.error("virus scan failed, upload refused: %s", exc)
        raise ValidationError(
            _(
                "The virus scanner is not available, so the file could not be checked and was not stored. "
                "Try again later; if this persists, tell the administrator."
            )
        ) from exc
    finally:
        uploaded.seek(0)
    status, signature = next(iter(result.values()), ("ERROR", "no answer"))
    if status == "FOUND":
        logger.warning("virus scan: %s found in an upload, refused", signature)
        raise ValidationError(
            _("The virus scanner found %(signature)s in the file; it was not stored.") % {"signature": signature}
        )
    if status != "OK":
        logger.error("virus scan answered %s (%s), upload refused", status, signature)
        raise ValidationError(
            _(
                "The virus scanner is not available, so the file could not be checked and was not stored. "
                "Try again later; if this persists, tell the administrator."
            )
        )


# ---------------------------------------------------------------------------------------------------------------


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
    import filetype  # imported when a file is checked, not by every process that loads the services (start-up)

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
    if kind.extension == "pdf":
        _check_pdf(uploaded)
    else:
        _check_zip(uploaded)
    _scan_for_viruses(uploaded)
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
