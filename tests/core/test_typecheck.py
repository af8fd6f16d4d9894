"""mypy (django-stubs) holds the actions and selectors to their type hints, and CI runs it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *args],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_actions_and_selectors_pass():
    result = _mypy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "services/actions.py" in _mypy("--verbose").stderr  # the configured files are read


def test_an_action_without_hints_is_refused(tmp_path):
    module = tmp_path / "actions.py"
    module.write_text(
        "def approve(*, report, by):\n    return report\n\n\n"
        "def count(*, n: int) -> int:\n    return n\n"
    )
    result = _mypy(str(module))
    assert result.returncode == 1
    assert "actions.py:1: error: Function is missing a type annotation" in result.stdout
    assert ":5:" not in result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lint_runs_the_type_check():
    dry = subprocess.run(
        ["make", "-n", "lint"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert dry.returncode == 0, dry.stderr
    assert "-m mypy" in dry.stdout
