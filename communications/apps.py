from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")

    def ready(self) -> None:
        from . import (  # noqa: F401
            permissions,  # registers the rules
            signals,  # keeps the register's derived fields in step
            texts,  # registers the texts
            workflow,  # registers the workflow steps
        )
