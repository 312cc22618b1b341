from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IwgConfig(AppConfig):
    name = "iwg"
    verbose_name = _("Users, agencies and calendar")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from rest_framework import checks  # noqa: F401  (DRF's system check: its app is not installed, settings)

        from . import signals  # noqa: F401  (the cached signed-in user is dropped when the user changes)
        from .sqlite import install_unicode_like

        # The Celery signals that carry the request id, user and role in task headers are connected by iwg/celery.py,
        # which every tasks module imports before a task can be sent: a process that sends none loads no Celery.
        # SQLite's LIKE folds ASCII only: give it one that folds Cyrillic too (a no-op on PostgreSQL).
        connection_created.connect(install_unicode_like, dispatch_uid="iwg_sqlite_unicode_like")
