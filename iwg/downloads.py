"""Serving protected documents: the caller has already checked that the user may see the document; this logs
the download (who, what, when) and hands the file over. In production the reverse proxy sends the bytes
(django-sendfile2's nginx backend: X-Accel-Redirect to an `internal` location), so workers are not tied up and
the documents folder is never reachable by a URL of its own."""

import os

from django.http import Http404
from django.utils.translation import gettext as _
from django_sendfile import sendfile

from .models import AccessEvent
from .services import access_record


def protected_document_response(request, document):
    """Record the download in the access audit trail and return the file as an attachment."""
    path = document.file.path
    if not os.path.isfile(path):
        raise Http404(_("The file of this document is missing."))
    access_record(kind=AccessEvent.Kind.DOWNLOAD, request=request, obj=document, detail=document.original_name)
    return sendfile(
        request,
        path,
        attachment=True,
        attachment_filename=document.original_name,
        mimetype=document.content_type or "application/octet-stream",
    )
