"""Serving protected documents: the caller has already checked that the user may see the document; this logs
the download (who, what, when) and hands the file over through Django's storage API (`STORAGES["default"]`):

- local folder (FileSystemStorage, the default): django-sendfile2. In production the reverse proxy sends the bytes
  (its nginx backend: X-Accel-Redirect to an `internal` location), so workers are not tied up and the documents
  folder is never reachable by a URL of its own; in development and tests Django sends them.
- S3-compatible object store (django-storages, `IWG_S3_BUCKET`): a redirect to a presigned URL valid for
  `IWG_S3_URL_SECONDS` (60 s by default) when `IWG_S3_DOWNLOADS=redirect` (the browser must reach the store), or the
  app streams the object itself when `IWG_S3_DOWNLOADS=stream` (the default: the store stays on the private
  network).

The file is found by its stored name only: no filesystem path is asked of the storage, so a second web host
serves the same documents as the first."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils._os import safe_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django_sendfile import sendfile

from .models import AccessEvent
from .services import access_record


def protected_document_response(request, document):
    """Record the download in the access audit trail and return the file as an attachment."""
    storage, name = document.file.storage, document.file.name
    if not name or not storage.exists(name):
        raise Http404(_("The file of this document is missing."))
    access_record(kind=AccessEvent.Kind.DOWNLOAD, request=request, obj=document, detail=document.original_name)
    content_type = document.content_type or "application/octet-stream"
    if isinstance(storage, FileSystemStorage):
        return sendfile(
            request,
            safe_join(settings.SENDFILE_ROOT, name),
            attachment=True,
            attachment_filename=document.original_name,
            mimetype=content_type,
        )
    if settings.IWG_S3_DOWNLOADS == "redirect":
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, document.original_name),
                "ResponseContentType": content_type,
            },
            expire=settings.IWG_S3_URL_SECONDS,
        )
        return HttpResponseRedirect(url)
    return FileResponse(
        storage.open(name, "rb"), as_attachment=True, filename=document.original_name, content_type=content_type
    )
