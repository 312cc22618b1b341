"""Hostile uploads are refused with a clear message and nothing is stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from communications.models import Document, LegalAnalysis, Round
from communications.uploads import check_upload, safe_file_name
from tests.factories import pdf_file, round_at, submit_analysis


def docx_bytes(document_xml: bytes = b"<w:document/>", extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("analysis.pdf", pdf_file().read(), "pdf"),
        ("analysis.docx", docx_bytes(), "docx"),
        ("analysis.odt", odt_bytes(), "odt"),
        ("named-wrongly.bin", pdf_file().read(), "pdf"),  # the content decides, and the stored name follows it
    ],
)
def test_real_documents_are_accepted_by_content(name, content, extension):
    checked = check_upload(upload(name, content))
    assert checked.extension == extension
    assert checked.safe_name.endswith("." + extension)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("analysis.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500, "Only PDF, DOCX or ODT"),  # a Windows executable
        ("analysis.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 500, "Only PDF, DOCX or ODT"),  # a Linux executable
        ("analysis.docx", b"<html><script>alert(1)</script></html>", "Only PDF, DOCX or ODT"),  # HTML renamed
        ("analysis.docx", b"", "empty"),
    ],
)
def test_disguised_files_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(upload(name, content))


def test_file_over_the_limit_is_refused(settings):
    settings.IWG_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match="largest allowed"):
        check_upload(upload("big.pdf", pdf_file().read() + b"%" * 2048))


def test_zip_bomb_posing_as_docx_is_refused():
    bomb = docx_bytes(extra={"word/media/bomb.bin": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024  # small on the wire
    with pytest.raises(ValidationError, match="unreasonable size"):
        check_upload(upload("bomb.docx", bomb))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("/absolute/path/report.pdf", "report.pdf"),
        ("<script>x</script>.pdf", "script.pdf"),  # "/" is a folder separator; markup characters go
        ("report <b>final;.pdf", "report _b_final.pdf"),
        ("....pdf", "document.pdf"),
    ],
)
def test_names_are_sanitised(name, expected):
    assert safe_file_name(name, "pdf") == expected


@pytest.mark.django_db
def test_hostile_analysis_upload_stores_nothing(users, settings):
    round = round_at(users, Round.Status.REFERRED)
    for hostile in [
        upload("x.pdf", b"MZ" + b"\x00" * 100),
        upload("x.docx", b"<html></html>"),
        upload("bomb.docx", docx_bytes(extra={"bomb.bin": b"\x00" * (60 * 1024 * 1024)})),
    ]:
        with pytest.raises(ValidationError):
            submit_analysis(users, round, document=hostile)
    assert not Document.objects.exists()
    assert not LegalAnalysis.objects.exists()
    stored = list(settings.MEDIA_ROOT.rglob("*.*")) if settings.MEDIA_ROOT.exists() else []
    assert stored == []


@pytest.mark.django_db
def test_traversal_name_is_stored_under_the_documents_folder(users, settings):
    round = round_at(users, Round.Status.REFERRED)
    analysis = submit_analysis(users, round, document=SimpleUploadedFile("../../../../tmp/evil.pdf", pdf_file().read()))
    name = analysis.document.file.name
    assert name.startswith("documents/") and ".." not in name
    stored = (settings.MEDIA_ROOT / name).resolve()
    assert stored.is_file() and stored.is_relative_to(settings.MEDIA_ROOT.resolve())
    assert analysis.document.original_name == "evil.pdf"
