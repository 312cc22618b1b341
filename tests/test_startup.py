"""Start-up (docs/performance.md, "Start-up"; bench/startup.py): a process that loads the apps and the URL
configuration, as `manage.py check` does, loads no Celery, none of the API's views (portal/api_urls.py imports each on
its first request) and no library a single feature needs when it runs; one that loads the apps and the tasks only,
as a Celery worker does, loads no API library. Each in a fresh interpreter."""

import json
import os
import subprocess
import sys

from django.conf import settings

# Start-up must not load Celery (a process that sends no task), the API's modules and DRF's views (whose
# authentication classes, iwg.authentication, once brought drf-spectacular and with it django.test), the schema
# generator, nor what one feature needs when it runs (the checks of an upload).
NOT_LOADED = [
    "celery",
    "rest_framework.views",
    "rest_framework.generics",
    "knox.auth",
    "drf_spectacular.openapi",
    "drf_spectacular.plumbing",
    "drf_spectacular.utils",
    "django.test",
    "iwg.apis",
    "iwg.exceptions",
    "communications.apis",
    "meetings.apis",
    "recommendations.apis",
    "audit.apis",
    "portal.apis",
    "filetype",
    "clamav_client",
    "pikepdf",
    # DRF's template tags (the browsable API's, which a JSON-only API does not serve) and what they bring
    "rest_framework.templatetags.rest_framework",
    "rest_framework.renderers",
    "pygments",
    "yaml",
]


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


def test_manage_py_check_loads_no_celery_and_no_api_views():
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


def test_naming_and_resolving_routes_loads_no_api_view_until_one_is_called():
    """Django names every route on the first reverse(); an API route resolves to its lazy view, which imports the
    view's module on its first call only, and then answers as DRF's view."""
    found = _run(
        "import json, sys, django; django.setup(); from django.urls import resolve, reverse;"
        "reverse('home'); match = resolve('/api/v1/communications/1/');"
        "before = [m for m in ('communications.apis.communications', 'rest_framework.views') if m in sys.modules];"
        "cls = match.func.cls;"
        "print(json.dumps({'before': before, 'route': match._func_path, 'csrf_exempt': match.func.csrf_exempt,"
        " 'cls': cls.__module__ + '.' + cls.__qualname__, 'loaded': 'communications.apis.communications' in sys.modules}))"
    )
    assert found == {
        "before": [],
        "route": "communications.apis.communications.CommunicationDetailApi",
        "csrf_exempt": True,
        "cls": "communications.apis.communications.CommunicationDetailApi",
        "loaded": True,
    }


def _manage(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_keeps_each_commands_output_and_exit_status():
    """manage.py freezes the collector's objects when a command ends (its shutdown then walks none of them): the
    command's whole output still arrives, and a failing command still exits non-zero."""
    listed = _manage("help", "--commands")
    assert listed.returncode == 0
    commands = listed.stdout.split()
    assert {"check", "migrate", "load_demo", "deadlines_status", "workflow_docs"} <= set(commands)
    assert commands[-1] == sorted(commands)[-1]  # nothing cut off at the end

    unknown = _manage("no_such_command")
    assert unknown.returncode == 1
    assert "Unknown command: 'no_such_command'" in unknown.stderr
