"""The API's request parsers (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]). A module of its own: DRF imports its
default classes while `rest_framework.views` is being imported, so they cannot live beside the API views."""

import json

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, also refusing text that is not valid Unicode: JSON may escape a lone surrogate
    (`"\\ud800"`), which no database column or response can hold."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise exceptions.ParseError(_("The body contains text that is not valid Unicode.")) from exc
        return data
