from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IwgConfig(AppConfig):
    name = "iwg"
    verbose_name = _("Users, agencies and calendar")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (the cached signed-in user is dropped when the user changes)
        from .logs import connect_celery_signals

        # Every process that publishes tasks (web included, where the Celery app is imported only when a task is
        # first sent) carries the request id, user and role in the message headers.
        connect_celery_signals()
