from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IwgConfig(AppConfig):
    name = "iwg"
    verbose_name = _("Users, agencies and calendar")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import signals  # noqa: F401  (the cached signed-in user is dropped when the user changes)
        from .logs import connect_celery_signals
        from .sqlite import install_unicode_like

        # Every process that publishes tasks (web included, where the Celery app is imported only when a task is
        # first sent) carries the request id, user and role in the message headers.
        connect_celery_signals()
        # SQLite's LIKE folds ASCII only: give it one that folds Cyrillic too (a no-op on PostgreSQL).
        connection_created.connect(install_unicode_like, dispatch_uid="iwg_sqlite_unicode_like")
