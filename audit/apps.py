from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit engine, above the domain apps: history diffs, the activity log, the access trail's receivers,
    the auditors' pages and the history endpoints. It reads the apps; no app imports it."""

    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (access audit receivers)
