"""Hostile uploads are refused with a clear message and nothing is stored."""

import io
import random
import struct
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from communications.models import Document, LegalAnalysis, Round
from communications.uploads import check_upload, safe_file_name
from tests.factories import pdf_file, round_at, submit_analysis


def docx_bytes(document_xml: bytes = b"<w:document/>", extra: dict | None = None) -> bytes:
    extra = dict(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", extra.pop("[Content_Types].xml", "<Types/>"))
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in extra.items():
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


# ---------------------------------------------------------------------------------------------------------------
# Active content (issue 9, item 7): refused with a clear message, nothing stored

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf_bytes(build=None) -> bytes:
    """A one-page PDF written by pikepdf; `build(pdf)` adds to it."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if build:
        build(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _js_action(script: str = "app.alert('x')"):
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(script))


def _open_action_js(pdf):
    pdf.Root.OpenAction = _js_action()


def _names_javascript(pdf):
    tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), pdf.make_indirect(_js_action())]))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pdf.make_indirect(tree))


def _launch_on_open(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))


def _page_automatic_action(pdf):
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=_js_action())


def _embedded_file(pdf):
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ" + b"\x00" * 64)


def _link_annotation_with_javascript(pdf):
    annotation = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], A=_js_action()
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annotation]))


@pytest.mark.parametrize(
    "build",
    [
        _open_action_js,
        _names_javascript,
        _launch_on_open,
        _page_automatic_action,
        _embedded_file,
        _link_annotation_with_javascript,
    ],
)
def test_a_pdf_with_active_content_is_refused(build):
    with pytest.raises(ValidationError, match="active content"):
        check_upload(upload("analysis.pdf", pdf_bytes(build)))


def test_a_plain_pdf_written_by_another_producer_is_accepted():
    assert check_upload(upload("analysis.pdf", pdf_bytes())).extension == "pdf"


def test_a_pdf_qpdf_cannot_read_is_refused_as_damaged():
    with pytest.raises(ValidationError, match="damaged"):
        check_upload(upload("analysis.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200))


MACRO_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)
MANIFEST_WITH_BASIC = (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="Basic/Standard/Module1.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def odt_with(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", members.pop("content.xml", "<office:document-content/>"))
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # a macro-enabled Word file (.docm) renamed .docx: its VBA project, or its content type
        ("report.docx", docx_bytes(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512})),
        ("report.docx", docx_bytes(extra={"[Content_Types].xml": MACRO_CONTENT_TYPES})),
        ("report.docx", docx_bytes(extra={"word/activeX/activeX1.bin": b"\x00" * 64})),
        # an ODT with Basic macros: the Basic library, a manifest naming it, a script part, an event calling one
        ("report.odt", odt_with({"Basic/Standard/Module1.xml": "<script:module/>"})),
        ("report.odt", odt_with({"META-INF/manifest.xml": MANIFEST_WITH_BASIC})),
        ("report.odt", odt_with({"Scripts/python/run.py": "import os"})),
        (
            "report.odt",
            odt_with(
                {
                    "content.xml": '<office:document-content><script:event-listener script:language="ooo:script" '
                    'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>'
                    "</office:document-content>"
                }
            ),
        ),
    ],
)
def test_a_document_with_macros_is_refused(name, content):
    with pytest.raises(ValidationError, match="macros"):
        check_upload(upload(name, content))


def _understate_sizes(archive_bytes: bytes, member_name: str, declared: int) -> bytes:
    """The archive with `member_name`'s uncompressed size rewritten to `declared` in both of its headers."""
    data = bytearray(archive_bytes)
    info = zipfile.ZipFile(io.BytesIO(archive_bytes)).getinfo(member_name)
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local file header
    position = data.index(b"PK\x01\x02")
    while True:  # the central directory entry of this member
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length] == member_name.encode():
            break
        position = data.index(b"PK\x01\x02", position + 4)
    struct.pack_into("<I", data, position + 24, declared)
    return bytes(data)


def test_a_zip_bomb_whose_headers_understate_its_size_is_refused_by_what_it_expands_to():
    honest = docx_bytes(extra={"word/media/image1.bin": b"\x00" * (30 * 1024 * 1024)})
    lying = _understate_sizes(honest, "word/media/image1.bin", 4096)
    declared = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(lying)).infolist())
    assert declared < 10 * len(lying)  # by its headers, a harmless package
    with pytest.raises(ValidationError, match="unreasonable size"):
        check_upload(upload("bomb.docx", lying))


def test_a_normal_docx_within_the_ratio_is_accepted():
    words = random.Random(9).choices(["State", "party", "submits", "communication", "inadmissible", "article"], k=40000)
    text = ("<w:p><w:r><w:t>" + " ".join(f"{word}{i % 97}" for i, word in enumerate(words))).encode()
    assert check_upload(upload("analysis.docx", docx_bytes(text + b"</w:t></w:r></w:p>"))).extension == "docx"


@pytest.mark.clamav
def test_a_file_carrying_the_eicar_test_string_is_refused_by_clamav(clamav):
    content = pdf_bytes().replace(b"%PDF-1.3\n", b"%PDF-1.3\n%" + EICAR + b"\n", 1)
    assert EICAR in content
    with pytest.raises(ValidationError, match="virus scanner found Eicar"):
        check_upload(upload("analysis.pdf", content))
    # and a clean file passes the same scanner
    assert check_upload(upload("analysis.pdf", pdf_bytes())).extension == "pdf"


@pytest.mark.parametrize("url", ["unix:///nonexistent/clamd.sock", "tcp://127.0.0.1:9"])
def test_when_clamav_cannot_be_reached_the_upload_is_refused_not_stored_unscanned(settings, url):
    settings.IWG_CLAMAV_URL = url
    settings.IWG_CLAMAV_TIMEOUT = 2
    with pytest.raises(ValidationError, match="virus scanner is not available"):
        check_upload(upload("analysis.pdf", pdf_bytes()))


def test_the_refusals_are_translated():
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        check_upload(upload("analysis.pdf", pdf_bytes(_open_action_js)))
    message = refused.value.messages[0]
    assert "active content" not in message and "JavaScript" in message  # the kind of content, in Russian


@pytest.mark.django_db
@pytest.mark.clamav
def test_active_uploads_store_nothing(users, settings, clamav):
    round = round_at(users, Round.Status.REFERRED)
    for hostile in [
        upload("x.pdf", pdf_bytes(_open_action_js)),
        upload("x.pdf", pdf_bytes(_embedded_file)),
        upload("x.docx", docx_bytes(extra={"word/vbaProject.bin": b"\x00" * 64})),
        upload("x.odt", odt_with({"Basic/Standard/Module1.xml": "<script:module/>"})),
        upload("x.pdf", pdf_bytes().replace(b"%PDF-1.3\n", b"%PDF-1.3\n%" + EICAR + b"\n", 1)),
    ]:
        with pytest.raises(ValidationError):
            submit_analysis(users, round, document=hostile)
    assert not Document.objects.exists()
    assert not LegalAnalysis.objects.exists()
    stored = list(settings.MEDIA_ROOT.rglob("*.*")) if settings.MEDIA_ROOT.exists() else []
    assert stored == []
