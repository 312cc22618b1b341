"""Refused requests (403) recorded in the access audit trail, for pages and the API alike."""

from iwg.models import AccessEvent
from iwg.services import access_record


class RefusalAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            access_record(kind=AccessEvent.Kind.REFUSED, request=request, detail=f"{request.method} 403")
        return response
