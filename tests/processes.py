"""Starting the real processes (a Celery worker, a loopback port) the same way in the tests
and in the benchmarks. Plain Python: no Django, no pytest, so `bench/` can import it too."""

import socket
import sys


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def celery_worker_argv(
    *, name: str, pool: str, loglevel: str, options: tuple[str, ...] = ()
) -> list[str]:
    """The command line of a Celery worker of this project, named `name` (no gossip, no
    mingle: it starts at once and only does what it is sent)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "partnership",
        "worker",
        f"--pool={pool}",
        *options,
        "-n",
        name,
        "--without-gossip",
        "--without-mingle",
        "-l",
        loglevel,
    ]
