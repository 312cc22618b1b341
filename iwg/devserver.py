"""`make run`: Django's development server plus a real Celery worker with beat, on the embedded default
(SQLite, kombu's filesystem broker: no Redis needed; with REDIS_URL set, Redis is the broker). The worker sweeps
the deadlines as soon as it is ready, then beat every 5 minutes, so the demo shows reminders at once (console
e-mails in this terminal, notifications at /notifications/). Ctrl-C or SIGTERM stops both."""

import os
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _stop(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C and SIGTERM both stop cleanly (SIGINT is ignored when started in the background by a script).
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "iwg.settings.local")}
    var = BASE_DIR / "var"
    broker = Path(env.get("IWG_BROKER_DIR", var / "broker"))
    (broker / "processed").mkdir(parents=True, exist_ok=True)
    python = sys.executable
    worker = subprocess.Popen(
        [
            python,
            "-m",
            "celery",
            "-A",
            "iwg",
            "worker",
            "-B",
            "--pool=solo",
            "--loglevel=INFO",
            "--schedule",
            str(var / "celerybeat-schedule"),
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,  # a process group each: stopping one stops its children too (beat, reloader)
    )
    address = env.get("IWG_RUN_ADDRESS", "127.0.0.1:8000")  # another port when 8000 is taken
    web = subprocess.Popen([python, "manage.py", "runserver", address], cwd=BASE_DIR, env=env, start_new_session=True)
    print(f"IWG Tracker: http://{address}  (Ctrl-C stops the server and the worker)", flush=True)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (web, worker):
            _signal_group(process, signal.SIGINT)
        for process in (web, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    sys.exit(main())
