"""API token authentication: django-rest-knox's, one query per request (the token with its user)."""

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's, without its sweep of the user's other expired tokens on every request (a second query each time).
    An expired token is still refused (and deleted) when it is used; the ones never used again are removed by
    the daily clean-up (`iwg.tasks.api_tokens_remove_expired`)."""

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False
