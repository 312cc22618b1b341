from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")

    def ready(self) -> None:
        from . import (
            permissions,  # noqa: F401  (registers the rules)
            signals,  # noqa: F401  (keeps the register's derived fields in step)
        )
