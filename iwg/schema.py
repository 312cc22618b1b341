"""The API schema's generator class (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]). In a module of its own so that
drf-spectacular's schema machinery is imported when a schema is generated, not by every process that loads the
API views (iwg/apis.py, start-up: docs/performance.md)."""

from drf_spectacular.openapi import AutoSchema


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, naming a serializer nested in a view after the view:
    `CommunicationsApi.ListOutputSerializer` becomes the component `CommunicationsListOutput`."""

    def get_serializer_name(self, serializer, direction) -> str:
        parts = type(serializer).__qualname__.split(".")
        return "".join(part.removesuffix("Api").removesuffix("Serializer").lstrip("_") for part in parts)
