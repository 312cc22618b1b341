from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The roof: the root URLs, the pages and endpoints that span both apps (home, dashboard, figures, health) and
    the demo data. It imports the apps; no app imports it."""

    name = "portal"
    verbose_name = _("Portal")
