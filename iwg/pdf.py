"""PDFs from HTML with WeasyPrint. WeasyPrint needs Pango (a Debian library, installed by .ci/run and the
Dockerfile); where it is missing, `pdf_available()` is False, the pages say the feature is unavailable, and
`html_to_pdf` raises PdfUnavailable (503 in the API) instead of failing with a traceback."""

import logging

from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError

logger = logging.getLogger(__name__)


class PdfUnavailable(ApplicationError):
    code = "pdf_unavailable"
    status_code = 503

    def __init__(self, message=None, **kwargs):
        super().__init__(
            message or _("PDF files cannot be made on this server: the Pango library is not installed."), **kwargs
        )


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the wheel is there but Pango is not
        logger.warning("WeasyPrint is unavailable: %s", exc)
        raise PdfUnavailable() from exc
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document (its CSS inline, @page rules for page numbers and marks) to PDF bytes."""
    return _weasyprint().HTML(string=html).write_pdf()
