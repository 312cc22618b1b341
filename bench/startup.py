"""Benchmark: start-up CPU of `manage.py check` beside a bare Django project.

Creates a bare project in a temporary directory (`django-admin startproject`), then runs, interleaved, `python
manage.py check` there and in this project (default settings, iwg.settings.local) --runs times, and compares the
CPU time (user + system, from the resource usage of the finished subprocesses). Goal: <= 2x the bare project.

    .venv/bin/python bench/startup.py [--runs 7]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BASE_DIR, goal  # noqa: E402


def cpu_of(command: list[str], *, cwd: Path, env: dict) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # any value, even "0", stops Python writing byte-code
    with tempfile.TemporaryDirectory(prefix="iwg-bare-") as tmp:
        bare = Path(tmp) / "bare"
        bare.mkdir()
        subprocess.run([python, "-m", "django", "startproject", "bare", str(bare)], check=True)
        commands = {
            "bare": ([python, "manage.py", "check"], bare),
            "iwg": ([python, "manage.py", "check"], BASE_DIR),
        }
        for command, cwd in commands.values():  # warm: byte-code compiled, files in the page cache
            cpu_of(command, cwd=cwd, env=env)
        samples = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, cwd) in commands.items():
                samples[name].append(cpu_of(command, cwd=cwd, env=env))
    bare_cpu, iwg_cpu = statistics.median(samples["bare"]), statistics.median(samples["iwg"])
    print(
        f"manage.py check CPU, median of {args.runs}: bare Django {bare_cpu * 1000:.0f} ms, IWG {iwg_cpu * 1000:.0f} ms"
    )
    goal("startup_check_cpu_vs_bare", iwg_cpu / bare_cpu, 2.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
