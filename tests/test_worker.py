"""The deadline sweep with a real Celery worker and a real Redis broker, on the PostgreSQL test database.

Each test starts `celery -A iwg worker` in its own process group (killed in `finally`), sends it tasks through
Redis (TEST_REDIS_URL), and ends with exactly the expected notices, notifications and e-mails: none missing,
none doubled. E-mails go to files (tests.worker_mail.SlowFileBackend) and are counted by their Message-ID, which
is fixed per notification.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from communications import services
from communications.models import Deadline, DeadlineKind, DeadlineNotice, Notification, SweepRun
from iwg.calendar import WorkingCalendar, local_date
from iwg.roles import Role
from tests.factories import UserFactory, register_note

pytestmark = [
    pytest.mark.worker,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

BASE_DIR = Path(__file__).resolve().parent.parent
SWEEP = "communications.tasks.deadlines_sweep"
NOTICES_PER_ROUND = 3  # a reminder (MoJ), a missed notice (PGO), an escalation (heads)
EMAILS_PER_ROUND = 6  # two recipients each


def wait_until(predicate, *, timeout: float, what: str, workers=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    logs = "\n".join(worker.log_tail() for worker in workers)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{logs}")


class Worker:
    """One `celery worker` process group."""

    def __init__(self, name: str, env: dict, log: Path, *, concurrency: int = 2):
        self.name, self.env, self.log, self.concurrency = name, env, log, concurrency
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 45) -> "Worker":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "iwg",
                    "worker",
                    "--loglevel=INFO",
                    "--pool=prefork",
                    f"--concurrency={self.concurrency}",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"{self.name}@%h",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killing it kills the pool's children too
            )
        wait_until(
            lambda: " ready." in self.log.read_text(errors="replace"),
            timeout=timeout,
            what="worker ready",
            workers=[self],
        )
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- {self.name} ---\n" + "\n".join(text.splitlines()[-lines:])


@pytest.fixture
def broker():
    """The Redis database given to these tests, emptied first, and a Celery client that sends by task name."""
    import redis

    client = redis.Redis.from_url(settings.TEST_REDIS_URL)
    client.flushdb()
    sender = Celery("iwg-tests", broker=settings.TEST_REDIS_URL)
    sender.conf.update(task_serializer="json", accept_content=["json"], broker_connection_retry_on_startup=True)
    yield sender, client
    sender.close()
    client.flushdb()
    client.close()


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """Start workers on the test database; every one is killed at the end, whatever happened."""
    started: list[Worker] = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    database = connection.settings_dict
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iwg.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "IWG_CELERY_EAGER": "0",
        "TEST_REDIS_URL": settings.TEST_REDIS_URL,
        "IWG_TEST_EMAIL_BACKEND": "tests.worker_mail.SlowFileBackend",
        "IWG_TEST_EMAIL_FILE_PATH": str(mail_dir),
        "PYTHONUNBUFFERED": "1",
    }
    base_env.pop("REDIS_URL", None)

    def start(name: str, **env) -> Worker:
        worker = Worker(name, {**base_env, **env}, tmp_path / f"{name}.log")
        started.append(worker)
        return worker.start()

    start.mail_dir = mail_dir
    start.workers = started
    try:
        yield start
    finally:
        for worker in started:
            worker.kill()


@pytest.fixture
def due_rounds(users):
    """`make(n)`: n rounds, each with its IWG consideration due in two working days (one reminder to the MoJ) and
    its PGO analysis due yesterday (missed, then escalated), in real time: the worker does not share frozen time."""
    UserFactory(username="mfa_head", role=Role.MFA_OFFICER, agency_code="MFA", is_agency_head=True)
    UserFactory(username="pgo_head", role=Role.PGO_PROSECUTOR, agency_code="PGO", is_agency_head=True)
    UserFactory(username="moj_two", role=Role.MOJ_SECRETARY, agency_code="MOJ")
    today = local_date()
    in_two_working_days = WorkingCalendar().add_working_days(today, 2)

    def make(count: int) -> None:
        for _ in range(count):
            round = register_note(users).opened_round
            services.round_refer(actor=users["mfa"], round=round)
            # this test counts the sweep's notices: the referral's hand-off notices are tested elsewhere
            Notification.objects.filter(handoff__isnull=False).delete()
            for kind, due_on in (
                (DeadlineKind.IWG_CONSIDERATION, in_two_working_days),
                (DeadlineKind.PGO_ANALYSIS, today - dt.timedelta(days=1)),
            ):
                deadline = round.deadlines.get(kind=kind)
                services.deadline_change(
                    actor=users["mfa"],
                    deadline=deadline,
                    due_on=due_on,
                    reason="For the test",
                    expected_version=deadline.lock_version,
                )

    return make


def mail_ids(mail_dir: Path) -> list[str]:
    """The Message-ID of every e-mail written, duplicates included."""
    ids = []
    for path in mail_dir.iterdir():
        ids += re.findall(r"^Message-ID: (<[^>]+>)", path.read_text(errors="replace"), flags=re.MULTILINE)
    return ids


def expected_mail_ids() -> set[str]:
    return {f"<notification-{pk}@127.0.0.1>" for pk in Notification.objects.values_list("pk", flat=True)}


def all_sent() -> bool:
    return (
        DeadlineNotice.objects.exists()
        and not DeadlineNotice.objects.filter(notified_at__isnull=True).exists()
        and not Notification.objects.filter(emailed_at__isnull=True).exists()
    )


def assert_exactly_expected(rounds: int, mail_dir: Path, *, extra_copies_allowed: int = 0) -> None:
    assert DeadlineNotice.objects.filter(kind="reminder").count() == rounds
    assert DeadlineNotice.objects.filter(kind="missed").count() == rounds
    assert DeadlineNotice.objects.filter(kind="escalation").count() == rounds
    assert DeadlineNotice.objects.count() == rounds * NOTICES_PER_ROUND
    assert Notification.objects.count() == rounds * EMAILS_PER_ROUND
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert Deadline.objects.filter(status=Deadline.Status.MISSED).count() == rounds
    ids = mail_ids(mail_dir)
    assert set(ids) == expected_mail_ids()  # none missing, none foreign
    assert len(ids) <= rounds * EMAILS_PER_ROUND + extra_copies_allowed


def test_the_sweep_run_twice_by_a_real_worker_notifies_once(broker, start_worker, due_rounds):
    sender, _redis = broker
    due_rounds(3)
    worker = start_worker("twice")

    sender.send_task(SWEEP)
    wait_until(lambda: SweepRun.objects.count() == 1 and all_sent(), timeout=60, what="first sweep", workers=[worker])
    first = (DeadlineNotice.objects.count(), Notification.objects.count(), sorted(mail_ids(start_worker.mail_dir)))

    sender.send_task(SWEEP)
    wait_until(lambda: SweepRun.objects.count() == 2, timeout=60, what="second sweep", workers=[worker])
    time.sleep(1)  # anything the second sweep might have queued has had time to run

    assert (DeadlineNotice.objects.count(), Notification.objects.count(), sorted(mail_ids(start_worker.mail_dir))) == (
        first
    )
    assert_exactly_expected(3, start_worker.mail_dir)
    second = SweepRun.objects.order_by("finished_at").last()
    assert (second.reminders, second.missed, second.escalations, second.notifications) == (0, 0, 0, 0)


def test_two_sweeps_at_once_notify_once(broker, start_worker, due_rounds):
    sender, _redis = broker
    rounds = 15
    due_rounds(rounds)
    # small batches, so that the two sweeps interleave over many transactions
    worker = start_worker("pair", IWG_SWEEP_BATCH_SIZE="2")

    sender.send_task(SWEEP)
    sender.send_task(SWEEP)
    wait_until(lambda: SweepRun.objects.count() == 2 and all_sent(), timeout=90, what="two sweeps", workers=[worker])

    assert_exactly_expected(rounds, start_worker.mail_dir)
    runs = list(SweepRun.objects.order_by("started_at"))
    assert runs[0].started_at < runs[1].finished_at and runs[1].started_at < runs[0].finished_at  # they overlapped
    assert sum(run.reminders for run in runs) == rounds
    assert sum(run.missed for run in runs) == rounds
    assert sum(run.escalations for run in runs) == rounds


def test_a_worker_killed_while_sending_loses_and_doubles_nothing(broker, start_worker, due_rounds):
    sender, _redis = broker
    rounds = 6
    due_rounds(rounds)
    first = start_worker("doomed", IWG_TEST_MAIL_DELAY="0.3")

    sender.send_task(SWEEP)

    def half_sent_notice() -> bool:
        # a notice with one recipient e-mailed and the other not: a notice task is in the middle of sending
        sent = Notification.objects.filter(emailed_at__isnull=False).count()
        return sent >= 3 and any(
            notice.notifications.filter(emailed_at__isnull=False).exists()
            and notice.notifications.filter(emailed_at__isnull=True).exists()
            for notice in DeadlineNotice.objects.all()
        )

    wait_until(half_sent_notice, timeout=60, what="a notice half sent", workers=[first])
    first.kill()  # SIGKILL to the whole worker: main process and pool children

    sent_when_killed = Notification.objects.filter(emailed_at__isnull=False).count()
    assert 0 < sent_when_killed < rounds * EMAILS_PER_ROUND
    assert DeadlineNotice.objects.count() == rounds * NOTICES_PER_ROUND  # the sweep itself had committed

    # a new worker takes back the messages the killed one had taken but not acknowledged (acks_late)
    second = start_worker("survivor", IWG_TEST_MAIL_DELAY="0.05", IWG_BROKER_VISIBILITY_TIMEOUT="1")
    wait_until(all_sent, timeout=90, what="all e-mails after the restart", workers=[first, second])

    # at most the e-mails in flight at the kill (one per pool process) may have been written twice, with the
    # same Message-ID
    assert_exactly_expected(rounds, start_worker.mail_dir, extra_copies_allowed=2)
    assert SweepRun.objects.count() == 1


def test_a_real_worker_s_heartbeat_makes_ready_true_and_its_silence_makes_it_503(
    broker, start_worker, client, settings
):
    from iwg.models import WorkerHeartbeat

    sender, _redis = broker
    settings.REDIS_URL = settings.TEST_REDIS_URL
    settings.IWG_WORKER_HEARTBEAT_MAX_AGE = 3
    beating = start_worker("beating", IWG_WORKER_HEARTBEAT_SECONDS="0.5")
    wait_until(
        lambda: WorkerHeartbeat.objects.filter(hostname__startswith="beating@").exists(),
        timeout=30,
        what="the worker's heartbeat",
        workers=[beating],
    )
    assert client.get("/ready/").json()["checks"]["sweep"]["problem"] == "no_sweep"
    sender.send_task(SWEEP)
    wait_until(lambda: SweepRun.objects.exists(), timeout=60, what="a sweep", workers=[beating])
    first = WorkerHeartbeat.objects.get().seen_at
    wait_until(lambda: WorkerHeartbeat.objects.get().seen_at > first, timeout=10, what="a second beat")
    response = client.get("/ready/")
    assert response.status_code == 200, response.json()

    beating.kill()  # SIGKILL: no clean stop, the row stays and ages
    wait_until(lambda: client.get("/ready/").status_code == 503, timeout=15, what="/ready/ to notice")
    assert client.get("/health/").json()["checks"]["worker"]["problem"] == "worker_silent"

    clean = start_worker("clean", IWG_WORKER_HEARTBEAT_SECONDS="0.5")
    wait_until(
        lambda: WorkerHeartbeat.objects.filter(hostname__startswith="clean@").exists(), timeout=30, what="a beat"
    )
    assert client.get("/ready/").status_code == 200
    clean.process.send_signal(signal.SIGTERM)  # warm shutdown: the worker removes its own row
    clean.process.wait(timeout=30)
    assert not WorkerHeartbeat.objects.filter(hostname__startswith="clean@").exists()


def test_a_request_id_travels_into_the_tasks_it_starts_and_the_tasks_they_start(broker, start_worker, due_rounds):
    import json

    from iwg.logs import request_id_var, role_var, user_id_var

    sender, _redis = broker
    due_rounds(1)
    worker = start_worker("traced", IWG_SWEEP_ON_WORKER_START="0")  # only the sweep this test sends
    tokens = (request_id_var.set("req-travels-1"), user_id_var.set(42), role_var.set("mfa_officer"))
    try:
        sender.send_task(SWEEP)  # as a request would: the publish signal puts the ids in the headers
    finally:
        for var, token in zip((request_id_var, user_id_var, role_var), tokens):
            var.reset(token)
    wait_until(all_sent, timeout=60, what="the sweep and its e-mails", workers=[worker])

    def task_lines():
        lines = [json.loads(line) for line in worker.log.read_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("event") == "task"]

    # the sweep and the one e-mail task it queues for its batch (communications.sweep)
    wait_until(
        lambda: {SWEEP, "communications.tasks.notices_send_emails"} <= {line["task"] for line in task_lines()},
        timeout=10,
        what="task log lines",
    )
    # (a hand-off e-mail task of the rounds' referral may reach this worker too: it is not the sweep's)
    lines = [line for line in task_lines() if line["task"] != "communications.tasks.handoff_send_emails"]
    assert {line["task"] for line in lines} == {SWEEP, "communications.tasks.notices_send_emails"}
    assert all(line["state"] == "SUCCESS" for line in lines)
    # the sweep and every e-mail task the sweep queued carry the request's id, user and role
    assert {(line["request_id"], line["user_id"], line["role"]) for line in lines} == {
        ("req-travels-1", 42, "mfa_officer")
    }


def test_a_sweep_missed_while_redis_was_down_is_caught_up_when_it_returns(start_worker, due_rounds, tmp_path):
    """Beat drops a tick it cannot send; the worker, on reconnecting to the broker, queues the sweep itself."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    def redis_server() -> subprocess.Popen:
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: _accepts(port), timeout=10, what="redis-server")
        return server

    due_rounds(1)
    server = redis_server()
    try:
        worker = start_worker(
            "reconnecting", TEST_REDIS_URL=f"redis://127.0.0.1:{port}/0", IWG_SWEEP_ON_WORKER_START="1"
        )
        wait_until(lambda: SweepRun.objects.count() == 1, timeout=60, what="the sweep at start", workers=[worker])
        # The outage strikes an idle worker: kombu 5.7 cannot close a channel holding unacknowledged messages once
        # the broker is gone and the worker exits (its supervisor restarts it, and the start-up sweep catches up).
        wait_until(all_sent, timeout=60, what="the e-mails of the first sweep", workers=[worker])
        time.sleep(1)  # the last e-mail task's acknowledgement follows its commit

        server.kill()  # the outage: the broker is gone, beat's tick in between would be dropped
        server.wait(timeout=10)
        time.sleep(3)
        server = redis_server()

        wait_until(lambda: SweepRun.objects.count() == 2, timeout=90, what="the catch-up sweep", workers=[worker])
    finally:
        server.kill()
        server.wait(timeout=10)


def _accepts(port: int) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False
