from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        from . import (  # noqa: F401
            permissions,  # registers the rules
            texts,  # registers the texts
        )
        from .deadlines import register_owner
        from .services.imports import register_importer
        from .workflow import register_steps

        register_steps()  # the response, measure and report steps join the one workflow table
        register_owner()  # a measure's target date is a deadline of the common sweep
        register_importer()  # spreadsheets of recommendations go through the communications ImportJob task
