"""API token authentication: django-rest-knox, without its per-request sweep of the user's other tokens."""

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's TokenAuthentication reads every other token of the user on each request to delete the expired ones
    (one more query per API call). Here an expired token is simply refused; expired rows are harmless (only a
    digest is stored) and are removed by `iwg.services.api_tokens_remove_expired` in the daily clean-up."""

    def _cleanup_token(self, auth_token) -> bool:
        return bool(auth_token.expiry and auth_token.expiry < timezone.now())
