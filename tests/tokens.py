"""API tokens for tests, issued by the same service the token endpoint uses (stored hashed: the token itself
exists only in what the service returns)."""

from iwg.services import api_token_create


def api_token(user) -> str:
    _instance, token = api_token_create(user=user)
    return token
