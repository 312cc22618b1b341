"""Start-up (docs/performance.md, "Start-up"; bench/startup.py): a process that loads the apps and the URL
configuration, as `manage.py check` does, loads no Celery, and one that loads the apps and the tasks only, as a
Celery worker does, loads no API library. Each in a fresh interpreter."""

import json
import os
import subprocess
import sys

from django.conf import settings

# Start-up must not load Celery (a process that sends no task).
NOT_LOADED = ["celery"]


def _run(code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_manage_py_check_loads_no_celery():
    found = _run(
        "import json, sys, django; from django.core.management import call_command; django.setup();"
        f"call_command('check'); print(json.dumps([m for m in {NOT_LOADED!r} if m in sys.modules]))"
    )
    assert found == []


def test_a_worker_loads_the_services_and_tasks_without_the_api_libraries():
    """The services read the FilterSets (through the selectors); the API's schema hints on filters live in the
    API modules, so the filters do not load DRF or drf-spectacular."""
    found = _run(
        "import json, sys, django; django.setup(); import communications.tasks, recommendations.tasks, iwg.tasks;"
        "print(json.dumps([m for m in ('rest_framework.fields', 'rest_framework.views', 'drf_spectacular.utils')"
        " if m in sys.modules]))"
    )
    assert found == []
