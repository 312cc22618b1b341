"""The API schema's generator class (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]). In a module of its own so that
drf-spectacular's schema machinery is imported when a schema is generated, not by every process that loads the
API views (iwg/apis.py, start-up: docs/performance.md)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, naming a serializer nested in a view after the view:
    `CommunicationsApi.ListOutputSerializer` becomes the component `CommunicationsListOutput`."""

    def get_serializer_name(self, serializer, direction) -> str:
        parts = type(serializer).__qualname__.split(".")
        return "".join(part.removesuffix("Api").removesuffix("Serializer").lstrip("_") for part in parts)


class TokenScheme(OpenApiAuthenticationExtension):
    """The token (iwg.authentication.TokenAuthentication) in the OpenAPI schema: `Authorization: Token <token>`.
    Here, not beside the authentication class: DRF imports that class with its views, in every process that loads
    them, and drf-spectacular's extensions bring its schema machinery (and with it `django.test`). The generator
    reads extensions through this module, which every view's schema is an instance of."""

    target_class = "iwg.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106
