"""Refused requests (403) recorded in the access audit trail, for pages and the API alike. Anonymous refusals are
aggregated (one row per address and minute, with a count) so that a flood of them cannot fill the trail."""

from iwg.services import access_refusal_record


class RefusalAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            access_refusal_record(request=request, detail=f"{request.method} 403")
        return response
