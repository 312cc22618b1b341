"""/health/ and /ready/ tell the truth: database, Redis (a real one, and an address where none answers), the
workers' heartbeat and the age of the last deadline sweep; 503 naming what is wrong. The heartbeat written by a
real worker is tested in tests/test_worker.py."""

import datetime as dt

import pytest
from django.utils import timezone

from communications import services
from communications.models import SweepRun
from iwg.heartbeat import heartbeat_record
from iwg.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/health/", "/ready/"]


@pytest.fixture
def real_redis(settings):
    settings.REDIS_URL = settings.TEST_REDIS_URL


@pytest.fixture
def all_well(users, real_redis):
    heartbeat_record(hostname="celery@web-test")
    services.deadlines_sweep()


@pytest.mark.redis
@pytest.mark.parametrize("url", ENDPOINTS)
def test_all_well_is_200_with_every_check_named(client, all_well, url):
    response = client.get(url)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "worker", "sweep"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["worker"]["workers"] == 1
    assert body["last_sweep_at"] == SweepRun.objects.get().finished_at.isoformat()


def test_health_says_the_process_answers(client, all_well):
    assert client.get("/health/").json()["process"] == "ok"


@pytest.mark.parametrize("url", ENDPOINTS)
def test_no_worker_and_no_sweep_is_503_naming_both(client, users, url):
    response = client.get(url)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["problem"] == "no_worker"
    assert body["checks"]["sweep"]["problem"] == "no_sweep"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"] == {"ok": True, "problem": "", "detail": body["checks"]["redis"]["detail"]}
    assert "Not configured" in body["checks"]["redis"]["detail"]  # the test settings configure no Redis


@pytest.mark.redis
@pytest.mark.parametrize("url", ENDPOINTS)
def test_redis_that_does_not_answer_is_503(client, all_well, settings, url):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(url)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False and checks["redis"]["problem"] == "redis_unreachable"
    assert "127.0.0.1:1" not in checks["redis"]["detail"]  # no addresses to the public
    assert checks["worker"]["ok"] and checks["sweep"]["ok"] and checks["database"]["ok"]


@pytest.mark.redis
def test_a_silent_worker_is_503(client, all_well, settings):
    WorkerHeartbeat.objects.update(
        seen_at=timezone.now() - dt.timedelta(seconds=settings.IWG_WORKER_HEARTBEAT_MAX_AGE + 5)
    )
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["problem"] == "worker_silent"


@pytest.mark.redis
def test_a_late_sweep_is_503(client, all_well, settings):
    SweepRun.objects.update(finished_at=timezone.now() - dt.timedelta(seconds=settings.IWG_SWEEP_MAX_AGE + 5))
    response = client.get("/health/")
    assert response.status_code == 503
    sweep = response.json()["checks"]["sweep"]
    assert sweep["problem"] == "sweep_late" and sweep["last_sweep_at"]


def test_the_detail_follows_the_language(client, users):
    body = client.get("/ready/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["checks"]["worker"]["problem"] == "no_worker"
    assert "Celery" in body["checks"]["worker"]["detail"] and "No Celery" not in body["checks"]["worker"]["detail"]
