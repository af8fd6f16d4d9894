"""Change data through the portal's real actions at a steady rate, for bench/mixed.

    .venv/bin/python bench/writer.py RATE SECONDS      # RATE writes per second

Each write is one action, as a member, officer or liaison would do it from a page: half are
idea supports, then comments, new service requests, request status moves (by the VNPT
liaison), idea status moves (by the content admin) and report submissions (a report returned
and submitted again). Failures (a rule refusing, a rate limit) are counted, not fatal. Prints
one line: `WRITES done=N failed=N by_kind=...` when the time is up.
"""

import os
import random
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from agreements import actions as agreement_actions  # noqa: E402
from agreements.models import ProgressReport, ReportStatus  # noqa: E402
from ideas import actions as idea_actions  # noqa: E402
from ideas import selectors as idea_selectors  # noqa: E402
from ideas.models import Idea  # noqa: E402
from services import actions as service_actions  # noqa: E402
from services.models import Plan, ServiceRequest  # noqa: E402
from services.models import Status as RequestStatus  # noqa: E402

User = get_user_model()
rng = random.Random(2026)

# The mix of writes: (kind, weight).
MIX = [
    ("support", 10),
    ("comment", 4),
    ("new request", 2),
    ("request move", 2),
    ("idea move", 1),
    ("report", 1),
]


class Pools:
    """Ids to pick from, read once (random picks by id cost nothing at scale)."""

    def __init__(self) -> None:
        self.members = list(
            User.objects.filter(email__startswith="scale-").values_list("pk", flat=True)[:20000]
        )
        self.ideas = list(
            idea_selectors.published_ideas()
            .filter(campaign__isnull=True)
            .values_list("pk", flat=True)
            .order_by("-pk")[:20000]
        )
        self.officer = User.objects.get(email="officer.hanoi@doan-vnpt.test")
        self.liaison = User.objects.get(email="vnpt.hanoi@doan-vnpt.test")
        self.admin = User.objects.filter(is_superuser=True).first() or self.officer
        self.plan = next(
            (
                plan
                for plan in Plan.objects.filter(service__published=True).order_by("pk")[:50]
                if not service_actions.request_errors(plan=plan, by=self.officer, quantity=1)
            ),
            None,
        )

    def member(self):
        return User.objects.get(pk=rng.choice(self.members))

    def idea(self):
        return Idea.objects.select_related("campaign").get(pk=rng.choice(self.ideas))


def support(p: Pools) -> None:
    idea_actions.support_idea(idea=p.idea(), user=p.member())


def comment(p: Pools) -> None:
    idea_actions.add_comment(
        idea=p.idea(), author=p.member(), body=f"Ý kiến thử tải {uuid.uuid4().hex[:8]}"
    )


def new_request(p: Pools) -> None:
    if p.plan is None:
        raise LookupError("no plan open to the officer")
    service_actions.submit_request(
        plan=p.plan,
        by=p.officer,
        quantity=1,
        contact_name="Nguyễn Văn Thử",
        contact_phone="0912345678",
        idempotency_key=uuid.uuid4(),
    )


def request_move(p: Pools) -> None:
    request = (
        ServiceRequest.objects.filter(
            vnpt_unit=p.liaison.unit, status__in=[RequestStatus.SUBMITTED, RequestStatus.ACCEPTED]
        )
        .order_by("?")
        .first()
    )
    if request is None:
        raise LookupError("no open request")
    moves = service_actions.allowed_moves(request, p.liaison)
    forward = [m for m in moves if m in (RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS)]
    service_actions.set_status(
        request=request, new_status=(forward or moves)[0], by=p.liaison, comment="Thử tải"
    )


def idea_move(p: Pools) -> None:
    idea = Idea.objects.filter(status="submitted").order_by("?").first()
    if idea is None:
        raise LookupError("no submitted idea")
    idea_actions.transition(idea=idea, to="screening", by=p.admin)


def report(p: Pools) -> None:
    found = (
        ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).order_by("?").first()
        or ProgressReport.objects.filter(status=ReportStatus.RETURNED).order_by("?").first()
    )
    if found is None:
        raise LookupError("no report to move")
    if found.status == ReportStatus.SUBMITTED:
        agreement_actions.return_report(report=found, by=p.admin, comment="Bổ sung số liệu")
    else:
        agreement_actions.submit_report(report=found, by=found.author)


WRITES = {
    "support": support,
    "comment": comment,
    "new request": new_request,
    "request move": request_move,
    "idea move": idea_move,
    "report": report,
}


def main() -> None:
    rate, seconds = float(sys.argv[1]), float(sys.argv[2])
    pools = Pools()
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    done: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    start = time.monotonic()
    n = 0
    while (now := time.monotonic()) - start < seconds:
        due = start + n / rate
        if due > now:
            time.sleep(due - now)
        kind = kinds[n % len(kinds)]
        n += 1
        try:
            WRITES[kind](pools)
            done[kind] += 1
        except Exception as exc:  # noqa: BLE001  a refused write is counted, the run goes on
            failed[f"{kind}: {type(exc).__name__}"] += 1
    elapsed = time.monotonic() - start
    print(
        f"WRITES done={sum(done.values())} failed={sum(failed.values())} "
        f"rate={sum(done.values()) / elapsed:.1f}/s by_kind={dict(done)} failures={dict(failed)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
