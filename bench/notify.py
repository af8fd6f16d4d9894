#!/usr/bin/env python
"""Announcement benchmark: N notifications through the outbox to a local SMTP sink.

    .venv/bin/python bench/notify.py --recipients 10000
    .venv/bin/python bench/notify.py --sizes 1000,10000      # memory must not grow with N

For each size, in a process of its own (so that its peak RSS is its own): a throwaway
PostgreSQL database (created, migrated, dropped again), N members inserted in one statement,
an SMTP sink on a free loopback port in a separate process (it only counts mail and
connections), a real Celery worker (prefork, production settings) against Redis, then
`announce()` to all N: the notifications and deliveries are written in chunks and the worker
drains the outbox in batch tasks, one SMTP connection per batch. It waits until the sink has
every mail and prints one Markdown row per size: creation and delivery rates, and the peak
RSS (VmHWM) of the worker processes and of the process that created the notifications.

Options: --pg (postgres://postgres@127.0.0.1:5432), --db (partnership_bench_notify),
--redis (redis://127.0.0.1:6379/8; the benchmark empties that Redis database),
--batch (200), --chunk (1000), --concurrency (worker processes, 2), --timeout (900 s).
Only 127.0.0.1 is targeted; everything it starts stops by itself.
"""

import argparse
import json
import math
import multiprocessing
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.processes import celery_worker_argv, free_port  # noqa: E402

EMAIL_PREFIX = "bench-notify-"


def log(*parts):
    print(
        f"[notify {time.strftime('%H:%M:%S', time.gmtime())}]", *parts, file=sys.stderr, flush=True
    )


# --- /proc -------------------------------------------------------------------------------------
def status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


# --- the SMTP sink (its own process: it must not share the GIL or the RSS of the others) ------
def sink(port, received, connections, ready, stop):
    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname  # the 5-argument hook's duty
            with connections.get_lock():  # one EHLO per SMTP connection
                connections.value += 1
            return responses

        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += 1
            return "250 Message accepted"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


# --- one size ----------------------------------------------------------------------------------
def environment(args, smtp_port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"{args.pg}/{args.db}",
        "REDIS_URL": args.redis,
        "CELERY_BROKER_URL": args.redis,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "10",
    }


def recreate_database(args, *, create=True):
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{args.db}"')


def insert_members(args, n: int):
    """N active members, half reading Vietnamese, half English: one INSERT … SELECT."""
    import psycopg

    with psycopg.connect(f"{args.pg}/{args.db}", autocommit=True) as conn:
        conn.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, email, full_name, phone, position,
                language, is_active, is_staff, date_joined, search_text)
            SELECT '!bench', false, %(prefix)s || i || '@example.invalid',
                'Thành viên ' || i, '', '', CASE WHEN i %% 2 = 0 THEN 'vi' ELSE 'en' END,
                true, false, now(), ''
            FROM generate_series(1, %(n)s) AS i
            """,
            {"prefix": EMAIL_PREFIX, "n": n},
        )


def wait_for_worker(app, name: str, proc, timeout=90.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the worker exited with {proc.returncode}")
        if app.control.inspect(destination=[name], timeout=0.5).ping():
            return
    raise SystemExit("the worker did not answer")


def run_one(args) -> dict:
    n = args.one
    work = Path(tempfile.mkdtemp(prefix="bench-notify."))
    fork = multiprocessing.get_context("fork")
    received, connections = fork.Value("i", 0), fork.Value("i", 0)
    ready, stop = fork.Event(), fork.Event()
    smtp_port = free_port()
    env = environment(args, smtp_port)
    os.environ.update(env)
    worker = sink_proc = None
    try:
        log(f"{n} recipients: database {args.db}")
        recreate_database(args)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        insert_members(args, n)
        sink_proc = fork.Process(
            target=sink, args=(smtp_port, received, connections, ready, stop), daemon=True
        )
        sink_proc.start()
        if not ready.wait(30):
            raise SystemExit("the SMTP sink did not start")

        import redis

        redis.Redis.from_url(args.redis).flushdb()
        name = f"bench-notify-{uuid.uuid4().hex[:6]}@localhost"
        worker_log = work / "worker.log"
        with open(worker_log, "wb") as out:
            worker = subprocess.Popen(
                celery_worker_argv(
                    name=name,
                    pool="prefork",
                    loglevel="warning",
                    options=(f"--concurrency={args.concurrency}",),
                ),
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

        import django

        django.setup()
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.db import connections as db_connections

        from ideas.models import IDEA_NOTICES
        from partnership.celery import app
        from partnership.notifications.actions import announce
        from partnership.notifications.models import Delivery

        settings.NOTIFICATIONS_BATCH_SIZE = args.batch
        settings.NOTIFICATIONS_ANNOUNCE_CHUNK = args.chunk
        wait_for_worker(app, name, worker)
        members = get_user_model().objects.filter(email__startswith=EMAIL_PREFIX)
        rss_before = status_kb(os.getpid(), "VmRSS")
        log(f"announcing to {n} members (batches of {args.batch}, chunks of {args.chunk})")
        started = time.monotonic()
        done = announce(
            members,
            title="Phát động cuộc thi “Tuổi trẻ sáng tạo” năm 2026",
            body=(
                "Ban Thường vụ Trung ương Đoàn phát động cuộc thi ý tưởng sáng tạo năm 2026. "
                "Mỗi đoàn viên gửi tối đa năm ý tưởng trước ngày 30/6 trên Cổng Hợp tác."
            ),
            category=IDEA_NOTICES,
            url="/ideas/",
        )
        created = time.monotonic() - started
        log(f"{done.recipients} notifications, {done.emails} deliveries in {created:.2f} s")
        deadline = started + args.timeout
        while received.value < done.emails:
            if time.monotonic() > deadline:
                raise SystemExit(f"timeout: {received.value} of {done.emails} mails arrived")
            if worker.poll() is not None:
                raise SystemExit(f"the worker died, see {worker_log}")
            time.sleep(0.02)
        total = time.monotonic() - started
        time.sleep(1)  # a duplicate would arrive now
        sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
        workers = [worker.pid, *descendants(worker.pid)]
        worker_hwm = {pid: status_kb(pid, "VmHWM") for pid in workers}
        result = {
            "recipients": done.recipients,
            "emails": done.emails,
            "received": received.value,
            "sent_rows": sent,
            "batches": math.ceil(done.emails / args.batch),
            "connections": connections.value,
            "create_s": created,
            "total_s": total,
            "worker_processes": len(workers),
            "worker_main_mb": worker_hwm[worker.pid] / 1024,
            "worker_child_mb": max([v for p, v in worker_hwm.items() if p != worker.pid] or [0])
            / 1024,
            "creator_before_mb": rss_before / 1024,
            "creator_peak_mb": status_kb(os.getpid(), "VmHWM") / 1024,
        }
        db_connections.close_all()
        return result
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(10)
        if sink_proc is not None:
            stop.set()
            sink_proc.join(10)
        if not args.keep:
            try:
                recreate_database(args, create=False)
            except Exception as exc:  # the numbers are still worth printing
                log(f"could not drop {args.db}: {exc}")
        log(f"worker log: {work / 'worker.log'}")


# --- the table ---------------------------------------------------------------------------------
def table(results, args) -> str:
    lines = [
        f"Announcement benchmark {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · "
        f"{os.cpu_count()} cores · load average {'{:.2f} {:.2f} {:.2f}'.format(*os.getloadavg())} · "
        f"worker prefork ×{args.concurrency} · batches of {args.batch}, chunks of {args.chunk} · "
        "PostgreSQL, Redis, SMTP sink on loopback",
        "",
        "| recipients | batches (tasks) | SMTP connections | created in | notifications/s "
        "| all mail delivered in | mails/s | worker peak RSS (main / each child) "
        "| creating process peak RSS (before) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['recipients']:,} | {r['batches']:,} | {r['connections']:,} "
            f"| {r['create_s']:.2f} s | {r['recipients'] / r['create_s']:,.0f} "
            f"| {r['total_s']:.2f} s | {r['received'] / r['total_s']:,.0f} "
            f"| {r['worker_main_mb']:.0f} MB / {r['worker_child_mb']:.0f} MB "
            f"| {r['creator_peak_mb']:.0f} MB ({r['creator_before_mb']:.0f} MB) |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=10000)
    parser.add_argument("--sizes", help="several sizes, e.g. 1000,10000 (overrides --recipients)")
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--db", default="partnership_bench_notify")
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_NOTIFY_REDIS", "redis://127.0.0.1:6379/8")
    )
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for url in (args.pg, args.redis):
        host = url.split("@")[-1].split("://")[-1].split(":")[0].split("/")[0]
        if host not in ("127.0.0.1", "localhost"):
            parser.error(f"only loopback is benchmarked, not {host}")
    if args.one:
        print("RESULT " + json.dumps(run_one(args)), flush=True)
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.recipients]
    results = []
    for size in sizes:
        # A fresh process per size: its peak RSS is that size's alone.
        cmd = [sys.executable, __file__, "--one", str(size)]
        for opt in ("pg", "db", "redis", "batch", "chunk", "concurrency", "timeout"):
            cmd += [f"--{opt}", str(getattr(args, opt))]
        if args.keep:
            cmd.append("--keep")
        out = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        if out.returncode:
            raise SystemExit(f"the run for {size} recipients failed ({out.returncode})")
        line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
        result = json.loads(line[len("RESULT ") :])
        if result["received"] != result["emails"] or result["sent_rows"] != result["emails"]:
            raise SystemExit(f"mail lost or doubled: {result}")
        results.append(result)
    print(table(results, args))


if __name__ == "__main__":
    main()
