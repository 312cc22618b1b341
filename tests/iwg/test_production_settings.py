"""Production settings: `check --deploy` clean, no secret has a default, DEBUG can never be on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "iwg.settings.production",
    "DJANGO_SECRET_KEY": "x7$Jq!pZ2vL9#mN4@rT8^wY1&bK6*cF3(hG5)dS0-eA+uI=oP~lQ",
    "DJANGO_ALLOWED_HOSTS": "iwg.example.kz",
    "DATABASE_URL": "sqlite:////tmp/iwg-production-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, env_overrides=None, drop=()):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "IWG_"))}
    env.update(PRODUCTION_ENV)
    env.update(env_overrides or {})
    for name in drop:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_no_secret_or_service_has_a_default(missing):
    result = run_manage("check", drop=[missing])
    assert result.returncode != 0
    assert missing in result.stderr


def test_debug_cannot_be_switched_on():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print('DEBUG', settings.DEBUG, settings.IWG_REQUIRE_2FA)",
        env_overrides={"DJANGO_DEBUG": "True", "DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "DEBUG False True" in result.stdout


PROBE_DATABASE = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(d['ENGINE'], d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool'))"
)


def test_postgresql_uses_psycopg_s_pool_without_conn_max_age_and_counts_queries():
    result = run_manage(
        "shell", "-c", PROBE_DATABASE, env_overrides={"DATABASE_URL": "postgres://iwg:pw@db.example:5432/iwg"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == (
        "django_prometheus.db.backends.postgresql 0 {'min_size': 1, 'max_size': 4, 'timeout': 10}"
    )


def test_the_pool_can_be_turned_off_for_pgbouncer():
    result = run_manage(
        "shell",
        "-c",
        PROBE_DATABASE,
        env_overrides={"DATABASE_URL": "postgres://iwg:pw@db.example:5432/iwg", "IWG_DB_POOL_MAX_SIZE": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "django_prometheus.db.backends.postgresql 60 None"


def test_documented_email_backend_and_visibility_timeout_are_read():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print('EMAIL', settings.EMAIL_BACKEND); "
        "print('VISIBILITY', settings.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'])",
        env_overrides={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "IWG_BROKER_VISIBILITY_TIMEOUT": "7200",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "EMAIL django.core.mail.backends.filebased.EmailBackend" in result.stdout
    assert "VISIBILITY 7200" in result.stdout


def test_without_email_backend_production_sends_by_smtp():
    result = run_manage("shell", "-c", "from django.conf import settings; print('EMAIL', settings.EMAIL_BACKEND)")
    assert result.returncode == 0, result.stderr
    assert "EMAIL django.core.mail.backends.smtp.EmailBackend" in result.stdout
