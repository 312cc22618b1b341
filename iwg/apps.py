from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IwgConfig(AppConfig):
    name = "iwg"
    verbose_name = _("Users, agencies and calendar")
