"""`make audit`: list outdated dependencies (pip) and known vulnerabilities (pip-audit) of the installed environment
(the one requirements-dev.txt locks). Exits 1 when a vulnerability is found, 0 otherwise; when the package index or
the vulnerability database cannot be reached it says so and exits 0, so an offline machine is not a failure."""

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
UNREACHABLE = ("ConnectionError", "Max retries exceeded", "NameResolution", "timed out", "Network is unreachable")


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=600)  # noqa: S603


def main() -> int:
    print("== Outdated (pip list --outdated) ==")
    outdated = run(
        [sys.executable, "-m", "pip", "list", "--outdated", "--format=columns", "--retries", "1", "--timeout", "15"]
    )
    if outdated.returncode != 0:
        print(f"The package index could not be reached: {outdated.stderr.strip()[-300:]}")
    else:
        print(outdated.stdout.strip() or "Everything is at its newest version.")

    print("\n== Vulnerabilities (pip-audit, PyPI's advisory database) ==")
    audit = run(
        [str(BIN / "pip-audit"), "--progress-spinner", "off", "--format", "json", "--skip-editable", "--timeout", "15"]
    )
    try:
        report = json.loads(audit.stdout)
    except json.JSONDecodeError:
        if any(marker in audit.stderr for marker in UNREACHABLE):
            print("The vulnerability database could not be reached: nothing checked. Run `make audit` again online.")
            return 0
        print(audit.stderr.strip()[-2000:])
        return audit.returncode or 1
    found = [
        (dependency["name"], dependency["version"], vulnerability)
        for dependency in report.get("dependencies", [])
        for vulnerability in dependency.get("vulns", [])
    ]
    for name, version, vulnerability in found:
        fixed = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed version yet"
        print(f"{name} {version}: {vulnerability['id']} (fixed in {fixed})")
    if found:
        print(f"{len(found)} known vulnerabilities: bump the package in requirements*.in and run `make lock`.")
        return 1
    print(f"No known vulnerabilities in {len(report.get('dependencies', []))} packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
