from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("IWG meetings")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
        from .texts import register_texts
        from .workflow import register_steps

        register_steps()
        register_texts()  # the IWG's steps join the one workflow table of communications.workflow
