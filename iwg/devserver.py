"""`make run`: Django's development server plus a real Celery worker with beat, on the embedded default
(SQLite, kombu's filesystem broker: no Redis needed). Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
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
    )
    web = subprocess.Popen([python, "manage.py", "runserver", "127.0.0.1:8000"], cwd=BASE_DIR, env=env)
    print("IWG Tracker: http://127.0.0.1:8000  (Ctrl-C stops the server and the worker)", flush=True)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in (web, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
