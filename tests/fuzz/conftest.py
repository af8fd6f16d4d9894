"""Counts the hypothesis cases run per form and prints them at the end of the session."""

from collections import Counter

import pytest

CASES: Counter = Counter()


@pytest.fixture
def count_case():
    def count(name):
        CASES[name] += 1

    return count


def pytest_terminal_summary(terminalreporter):
    if CASES:
        terminalreporter.write_sep("-", "fuzzing: hypothesis cases run per form")
        for name, n in sorted(CASES.items()):
            terminalreporter.write_line(f"{name:40} {n}")
        terminalreporter.write_line(f"{'total':40} {sum(CASES.values())}")
