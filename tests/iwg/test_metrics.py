"""/metrics (iwg/metrics.py): only to an allowed address or with the bearer token; request, latency and database
metrics from django-prometheus; the domain's gauges computed at scrape time, checked against the database, and the
Celery queue's length against a real Redis."""

import datetime as dt

import pytest
from prometheus_client.parser import text_string_to_metric_families

from communications import services
from communications.models import Deadline, Notification
from iwg.calendar import local_date
from iwg.heartbeat import heartbeat_record
from tests.factories import register_note

pytestmark = pytest.mark.django_db

OUTSIDE = "10.20.30.40"


def samples(response) -> dict:
    """{(name, labels as a sorted tuple): value}"""
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_an_address_not_allowed_gets_a_404_even_with_a_forwarded_header(client, settings):
    settings.IWG_METRICS_ALLOWED_IPS = ["127.0.0.1"]
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404


def test_a_wrong_token_gets_a_403_and_the_right_one_the_metrics(client, settings):
    settings.IWG_METRICS_ALLOWED_IPS = []
    settings.IWG_METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics").status_code == 404  # not even the loopback address without the list
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_no_token_configured_means_a_bearer_header_opens_nothing(client, settings):
    settings.IWG_METRICS_ALLOWED_IPS = []
    settings.IWG_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_requests_latencies_and_database_queries_are_counted(client, users):
    client.force_login(users["mfa"])
    assert client.get("/communications/").status_code == 200
    found = samples(client.get("/metrics"))
    names = {name for name, _labels in found}
    assert found[("django_http_requests_total_by_method_total", (("method", "GET"),))] >= 1
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in names
    assert any(name == "django_http_responses_total_by_status_total" for name, _ in found)
    assert found[("django_db_execute_total", (("alias", "default"), ("vendor", "postgresql")))] > 0
    assert "django_db_query_duration_seconds_bucket" in names


def test_the_domain_gauges_match_the_database(client, users, settings):
    today = local_date()
    for _ in range(2):
        round = register_note(users).opened_round
        services.round_refer(actor=users["mfa"], round=round)
        deadline = round.deadlines.get(kind="pgo_analysis")
        services.deadline_change(
            actor=users["mfa"],
            deadline=deadline,
            due_on=today - dt.timedelta(days=1),
            reason="For the test",
            expected_version=deadline.lock_version,
        )
    found = samples(client.get("/metrics"))
    for code in ("PGO", "MOJ", "MFA"):
        open_count = Deadline.objects.filter(status="open", responsible_agency__code=code).count()
        overdue = Deadline.objects.filter(status="open", responsible_agency__code=code, due_on__lt=today).count()
        if open_count:
            assert found[("iwg_deadlines_open", (("agency", code),))] == open_count
            assert found[("iwg_deadlines_overdue", (("agency", code),))] == overdue
    assert found[("iwg_deadlines_overdue", (("agency", "PGO"),))] == 2
    assert found[("iwg_sweep_last_age_seconds", ())] != found[("iwg_sweep_last_age_seconds", ())]  # NaN: never
    assert found[("iwg_workers_alive", ())] == 0

    services.deadlines_sweep()  # marks the two missed: no longer open, and queues notices
    heartbeat_record(hostname="celery@metrics")
    found = samples(client.get("/metrics"))
    assert ("iwg_deadlines_overdue", (("agency", "PGO"),)) not in found or (
        found[("iwg_deadlines_overdue", (("agency", "PGO"),))] == 0
    )
    assert 0 <= found[("iwg_sweep_last_age_seconds", ())] < 60
    assert found[("iwg_workers_alive", ())] == 1
    waiting = Notification.objects.filter(emailed_at__isnull=True, notice__isnull=False).exclude(user__email="")
    assert found[("iwg_notifications_email_pending", ())] == waiting.count()


@pytest.mark.redis
def test_the_celery_queue_length_is_read_from_redis(client, settings):
    import redis

    settings.REDIS_URL = settings.TEST_REDIS_URL
    connection = redis.Redis.from_url(settings.TEST_REDIS_URL)
    connection.delete("celery")
    try:
        assert samples(client.get("/metrics"))[("iwg_celery_queue_length", (("queue", "celery"),))] == 0
        connection.rpush("celery", "a", "b", "c")
        assert samples(client.get("/metrics"))[("iwg_celery_queue_length", (("queue", "celery"),))] == 3
    finally:
        connection.delete("celery")
        connection.close()


def test_without_redis_the_queue_length_is_absent_not_zero(client):
    assert not any(name == "iwg_celery_queue_length" for name, _ in samples(client.get("/metrics")))
