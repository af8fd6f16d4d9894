"""Two people acting on the same row at once, on two real database connections (PostgreSQL:
the row locks under test exist only there)."""

import threading
from collections.abc import Callable

from django.db import connections, transaction


def second_move_while_first_holds_the_lock(
    first: Callable[[], object], second: Callable[[], object], refused: type[Exception]
) -> str:
    """Run `first` in a transaction on this connection and, while it holds its row lock,
    `second` in a thread of its own. Check that `second` waits for the lock; then return what
    became of it: "moved", or the message of the `refused` error it was told."""
    outcome: dict[str, str] = {}
    started = threading.Event()

    def run_second() -> None:
        started.set()
        try:
            second()
            outcome["second"] = "moved"
        except refused as exc:
            messages = getattr(exc, "messages", None)
            outcome["second"] = " ".join(messages) if messages else str(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        first()
        thread = threading.Thread(target=run_second)
        thread.start()
        started.wait(5)
        thread.join(0.5)
        assert thread.is_alive(), "the second move must wait for the first one's row lock"
    thread.join(10)
    return outcome["second"]
