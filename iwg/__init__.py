"""The IWG Tracker project package: settings, the Celery app (iwg/celery.py) and what both apps share.

The Celery app is not imported here, so that a process that sends no task (`manage.py check`, most commands) does
not load Celery: `celery -A iwg` finds `iwg.celery` itself, and communications/tasks.py imports it before
declaring its tasks so that they are bound to it."""
