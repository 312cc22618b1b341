"""Several processes on this machine, as docker-compose runs them: two gunicorn web processes (real gunicorn on two
loopback ports) and two Celery workers, against the one PostgreSQL test database (pytest-django's `test_<name>`
beside DATABASE_URL's database) and one Redis (TEST_REDIS_URL). A communication goes through its path with the
requests alternating between the two web processes; the deadline sweep is run by the workers, one sweep each at
once, and notifies exactly once; a document uploaded through one web process downloads through the other; both
answer /ready/; and /metrics on either adds up the requests of both (prometheus multiprocess mode)."""

import datetime as dt
import hashlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from communications import services
from communications.models import Deadline, DeadlineKind, DeadlineNotice, SweepRun
from iwg.calendar import local_date
from iwg.roles import Role
from portal.demo import minimal_pdf
from tests.factories import UserFactory
from tests.test_worker import BASE_DIR, SWEEP, all_sent, broker, start_worker, wait_until  # noqa: F401  (fixtures)
from tests.tokens import api_token

pytestmark = [
    pytest.mark.worker,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # One Redis database for every test that starts workers: they run one after another on one xdist worker.
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Web:
    """One `gunicorn` master with its worker process, on a loopback port."""

    def __init__(self, name: str, env: dict, log):
        self.name, self.env, self.log = name, env, log
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Web":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "iwg.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                    "--timeout",
                    "60",
                    "--config",
                    str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        def answers() -> bool:
            try:
                return requests.get(f"{self.url}/health/", timeout=10).status_code in (200, 503)
            except requests.RequestException:
                return False

        wait_until(answers, timeout=timeout, what=f"gunicorn {self.name}", workers=[self])

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- {self.name} ---\n" + "\n".join(text.splitlines()[-lines:])


@pytest.fixture
def cluster(broker, start_worker, tmp_path):  # noqa: F811
    """Two web processes and two workers sharing the test database, Redis, the documents folder and the metrics
    folder; all stopped at the end."""
    database = connection.settings_dict
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    documents = tmp_path / "documents"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iwg.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "IWG_CELERY_EAGER": "0",  # the web processes queue tasks in Redis, for the workers
        "TEST_REDIS_URL": settings.TEST_REDIS_URL,
        "REDIS_URL": settings.TEST_REDIS_URL,  # /ready/ checks it
        "IWG_TEST_MEDIA_ROOT": str(documents),
        "IWG_TEST_EMAIL_BACKEND": "tests.worker_mail.SlowFileBackend",
        "IWG_TEST_EMAIL_FILE_PATH": str(start_worker.mail_dir),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "IWG_METRICS_TOKEN": "cluster-token",
        "PYTHONUNBUFFERED": "1",
    }
    webs = [Web(name, env, tmp_path / f"{name}.log").start() for name in ("web-a", "web-b")]
    try:
        worker_env = {key: env[key] for key in ("IWG_TEST_MEDIA_ROOT", "REDIS_URL")}
        with ThreadPoolExecutor(2) as pool:  # both start at once
            workers = list(
                pool.map(lambda name: start_worker(name, IWG_WORKER_HEARTBEAT_SECONDS="1", **worker_env), ["w1", "w2"])
            )
        for web in webs:
            web.wait_ready()
        yield webs, workers
    finally:
        for web in webs:
            web.kill()


def test_a_communication_goes_through_two_web_processes_and_two_workers(users, cluster, broker):  # noqa: F811
    webs, workers = cluster
    sender, _redis = broker
    UserFactory(username="mfa_head", role=Role.MFA_OFFICER, agency_code="MFA", is_agency_head=True)
    UserFactory(username="pgo_head", role=Role.PGO_PROSECUTOR, agency_code="PGO", is_agency_head=True)
    tokens = {name: api_token(users[name]) for name in ("mfa", "pgo", "moj")}
    web = itertools.cycle(webs)  # every request goes to the other web process than the one before

    def call(method: str, who: str, path: str, expect: int = 200, **kwargs):
        target = next(web)
        response = requests.request(
            method,
            f"{target.url}{path}",
            headers={"Authorization": f"Token {tokens[who]}", "Accept-Language": "en"},
            timeout=30,
            **kwargs,
        )
        assert response.status_code == expect, (target.name, response.status_code, response.text[:500])
        return response

    today = local_date()
    registered = call(
        "POST",
        "mfa",
        "/api/v1/notes/",
        201,
        json={
            "committee": "CCPR",
            "communication_number": "7001/2026",
            "kind": "new_communication",
            "registry_number": "IN-CLUSTER-1",
            "received_date": str(today - dt.timedelta(days=3)),
            "ohchr_date": str(today - dt.timedelta(days=10)),
        },
    ).json()
    round_url = f"/api/v1/rounds/{registered['round']['id']}"
    assert call("GET", "mfa", f"{round_url}/").json()["status"] == "registered"  # read by the other process
    assert call("POST", "mfa", f"{round_url}/referral/", json={}).json()["status"] == "referred"

    # The PGO's analysis is due yesterday: the workers' sweep marks it missed, escalates and e-mails.
    deadline = Deadline.objects.get(round_id=registered["round"]["id"], kind=DeadlineKind.PGO_ANALYSIS)
    services.deadline_change(
        actor=users["mfa"],
        deadline=deadline,
        due_on=today - dt.timedelta(days=1),
        reason="For the test",
        expected_version=deadline.lock_version,
    )
    sender.send_task(SWEEP)
    sender.send_task(SWEEP)  # two at once: with one message in flight per worker, each worker takes one
    wait_until(lambda: SweepRun.objects.count() == 2 and all_sent(), timeout=60, what="two sweeps", workers=workers)
    assert DeadlineNotice.objects.filter(kind="missed").count() == 1
    assert DeadlineNotice.objects.filter(kind="escalation").count() == 1

    def tasks_run_by(worker) -> list[str]:
        lines = [json.loads(line) for line in worker.log.read_text().splitlines() if line.startswith("{")]
        return [line["task"] for line in lines if line.get("event") == "task"]

    # Both sweeps ran on the shared queue (which worker takes which is the broker's choice) and notified once.
    assert sum(tasks_run_by(worker).count(SWEEP) for worker in workers) >= 2

    # The PGO uploads its analysis through one web process; the MoJ downloads it through the other.
    pdf = minimal_pdf("cluster analysis")
    analysis = call(
        "POST",
        "pgo",
        f"{round_url}/legal-analyses/",
        201,
        files={"document": ("analysis.pdf", pdf, "application/pdf")},
        data={
            "summary": "Domestic remedies were not exhausted.",
            "admissibility_conclusion": "inadmissible",
            "merits_conclusion": "no_violation",
        },
    ).json()
    browser = Client()  # the download is a page: a browser session, stored in the shared database
    browser.force_login(users["moj"])
    downloaded = call(
        "GET",
        "moj",
        f"/documents/{analysis['document']['id']}/",
        cookies={settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value},
        allow_redirects=False,
    )
    assert downloaded.headers["Content-Disposition"].startswith("attachment")
    assert hashlib.sha256(downloaded.content).hexdigest() == hashlib.sha256(pdf).hexdigest()
    assert call("GET", "mfa", f"{round_url}/").json()["status"] == "analysis_submitted"

    # Both web processes are ready (database, Redis, the workers' heartbeats, the sweep just run).
    for target in webs:
        ready = requests.get(f"{target.url}/ready/", timeout=10)
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["worker"]["workers"] == 2

    # Metrics from either process count the requests of both (PROMETHEUS_MULTIPROC_DIR).
    scraped = requests.get(f"{webs[0].url}/metrics", headers={"Authorization": "Bearer cluster-token"}, timeout=10)
    assert scraped.status_code == 200
    from prometheus_client.parser import text_string_to_metric_families

    by_method = {
        sample.labels["method"]: sample.value
        for family in text_string_to_metric_families(scraped.text)
        for sample in family.samples
        if sample.name == "django_http_requests_total_by_method_total"
    }
    # the three POSTs went two to one process and one to the other: 3 means the scrape added both up
    assert by_method["POST"] == 3 and by_method["GET"] >= 5
