#!/usr/bin/env python3
"""Checks the pinned requirements against the known vulnerabilities (pip-audit).

Fails when a pinned package has a known vulnerability. When no vulnerability service can be reached
from this machine (OSV's API, or PyPI's JSON API with its vulnerability records; a registry mirror
answers neither), it says so plainly and passes: nothing was audited, and the message says that too.

Usage: .ci/audit.py PIP_AUDIT_BINARY requirements.txt [requirements-dev.txt ...]
"""

import json
import subprocess
import sys


def audit(binary: str, service: str, requirements: list[str]) -> dict | None:
    """pip-audit's JSON report, or None when the service could not be asked."""
    files = [argument for name in requirements for argument in ("-r", name)]
    command = [binary, *files, "-s", service, "--progress-spinner", "off", "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit ({service}): the service could not be asked: {reason}")
        return None


def main(binary: str, requirements: list[str]) -> int:
    for service in ("osv", "pypi"):
        report = audit(binary, service, requirements)
        if report is None:
            continue
        dependencies = report["dependencies"]
        audited = [d for d in dependencies if "skip_reason" not in d]
        if not audited:
            print(
                f"pip-audit ({service}): none of {len(dependencies)} packages could be audited "
                f'("{dependencies[0]["skip_reason"] if dependencies else "no packages"}").'
            )
            continue
        vulnerable = [d for d in audited if d.get("vulns")]
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
                print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
        skipped = len(dependencies) - len(audited)
        print(
            f"pip-audit ({service}): {len(audited)} packages audited, {skipped} skipped, "
            f"{len(vulnerable)} with a known vulnerability."
        )
        return 1 if vulnerable else 0
    print("SKIPPED: no vulnerability service is reachable from this machine; the requirements were NOT audited.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
