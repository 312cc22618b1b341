from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")

    def ready(self) -> None:
        from . import permissions, texts, workflow  # noqa: F401  (register the rules, texts and workflow steps)
