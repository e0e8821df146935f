"""CI's vulnerability audit (.ci/audit.py) fails on a known vulnerability, passes a clean audit, and says
plainly when nothing could be audited; pip-audit itself is replaced by a script printing its JSON."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fake_pip_audit(tmp_path: Path, reports: dict[str, object]) -> Path:
    """A stand-in for pip-audit printing ``reports[service]`` (a report, or None for an unreachable service)."""
    script = tmp_path / "pip-audit"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"reports = json.loads({json.dumps(json.dumps(reports))})\n"
        "report = reports[sys.argv[sys.argv.index('-s') + 1]]\n"
        "if report is None:\n"
        "    sys.exit('ConnectionError: Failed to resolve the service')\n"
        "print(json.dumps(report))\n"
    )
    script.chmod(0o755)
    return script


def run(binary: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, ".ci/audit.py", str(binary), "requirements.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_known_vulnerability_fails_the_run(tmp_path):
    vulnerable = {
        "dependencies": [
            {"name": "django", "version": "5.2.19", "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["5.2.20"]}]},
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ]
    }
    result = run(fake_pip_audit(tmp_path, {"osv": vulnerable, "pypi": vulnerable}))
    assert result.returncode == 1
    assert "VULNERABLE django 5.2.19: PYSEC-0000-1 (fixed in 5.2.20)" in result.stdout


def test_a_clean_audit_passes_and_says_how_many_were_audited(tmp_path):
    clean = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    result = run(fake_pip_audit(tmp_path, {"osv": clean, "pypi": clean}))
    assert result.returncode == 0
    assert "1 packages audited, 0 skipped, 0 with a known vulnerability" in result.stdout


def test_an_unreachable_service_falls_back_and_nothing_audited_is_said_plainly(tmp_path):
    mirror = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    result = run(fake_pip_audit(tmp_path, {"osv": None, "pypi": mirror}))
    assert result.returncode == 0
    assert "the service could not be asked" in result.stdout
    assert "the requirements were NOT audited" in result.stdout


def test_the_second_service_audits_when_the_first_is_unreachable(tmp_path):
    vulnerable = {
        "dependencies": [{"name": "redis", "version": "8.1.0", "vulns": [{"id": "GHSA-x", "fix_versions": []}]}]
    }
    result = run(fake_pip_audit(tmp_path, {"osv": None, "pypi": vulnerable}))
    assert result.returncode == 1
    assert "VULNERABLE redis 8.1.0: GHSA-x (fixed in no fixed version)" in result.stdout
