"""Template tags for the deadline sweep's status (the admin index shows when it last completed)."""

from django import template

from communications import selectors

register = template.Library()


@register.simple_tag
def last_deadline_sweep():
    """The latest completed SweepRun, or None."""
    return selectors.sweep_last_run()
