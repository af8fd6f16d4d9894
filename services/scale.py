"""The service requests of the national-scale dataset (`make_scale_data --requests N`):
requests of scale members, routed as submit_request routes them, with their status history.
Registered in ServicesConfig.ready()."""

import datetime
import time
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, QuerySet

from partnership import scale
from partnership.accounts.models import User
from partnership.scale import GIVEN, MIDDLE, PLACES, SPAN, START, SURNAMES, Loader, weighted

from .demand import rebuild
from .models import Plan, ServiceRequest, StatusChange
from .workdays import add_working_days

REFERENCE_PREFIX = "YC-Z"  # real references are "YC-" + 8 hex digits: never a Z

REQUEST_STATUSES = [
    ("submitted", 10), ("needs_info", 5), ("accepted", 10), ("rejected", 5), ("cancelled", 5),
    ("in_progress", 15), ("completed", 8), ("confirmed", 22), ("failed", 3), ("closed", 17),
]  # fmt: skip
RESPONDED = {"needs_info", "accepted", "rejected", "in_progress", "completed", "confirmed",
             "failed", "closed"}  # fmt: skip
DONE = {"completed", "confirmed", "closed", "failed"}
DELIVERED = {"completed", "confirmed", "closed"}  # with a contract number, to be confirmed
CONFIRMED = {"confirmed", "closed"}
RATINGS = [(5, 40), (4, 35), (3, 15), (2, 6), (1, 4)]


def make(loader: Loader, n: int) -> None:
    if n <= 0:
        return
    rng = loader.rng
    plans = list(Plan.objects.filter(for_members=True).values_list("pk", "service_id"))
    plans = plans or list(Plan.objects.values_list("pk", "service_id"))
    if not plans:
        loader.stderr.write("no service plans: load_demo first")
        return
    liaisons = {}
    for pk, unit_id in User.objects.filter(groups__name="vnpt_liaison").values_list(
        "pk", "unit_id"
    ):
        liaisons.setdefault(unit_id, pk)
    statuses, weights = weighted(REQUEST_STATUSES)
    due_days = settings.SERVICE_FIRST_RESPONSE_WORKING_DAYS
    cols = [
        "id", "reference", "plan_id", "service_id", "requester_id", "unit_id", "for_unit",
        "vnpt_unit_id", "assignee_id", "quantity", "contact_name", "contact_phone", "address",
        "wished_on", "note", "status", "idempotency_key", "submitted_at",
        "first_response_due", "first_response_at", "completed_at", "reminded_at", "updated_at",
        "contract_number", "activated_on", "confirmation_due", "confirmed_at", "auto_confirmed",
        "rating", "rating_comment",
    ]  # fmt: skip
    ratings, rating_weights = weighted(RATINGS)
    confirm_days = settings.SERVICE_CONFIRMATION_WORKING_DAYS
    change_cols = ["request_id", "old_status", "new_status", "by_id", "at", "comment"]
    t0 = time.monotonic()
    pk = loader.next_id(ServiceRequest)
    number = ServiceRequest.objects.filter(reference__startswith=REFERENCE_PREFIX).count()
    members = loader.members
    for offset in range(0, n, loader.batch):
        rows, changes = [], []
        size = min(loader.batch, n - offset)
        for status in rng.choices(statuses, weights, k=size):
            requester, unit = members[rng.randrange(len(members))]
            plan, service = rng.choice(plans)
            vnpt_unit = loader.serving[unit]
            submitted = START + datetime.timedelta(seconds=rng.random() * SPAN)
            due = add_working_days(submitted.date(), due_days)
            responded = (
                submitted + datetime.timedelta(hours=rng.randint(2, 96))
                if status in RESPONDED
                else None
            )
            completed = (
                responded + datetime.timedelta(days=rng.randint(1, 20)) if status in DONE else None
            )
            closure: tuple = ("", None, None, None, False, None, "")
            if completed is not None and status in DELIVERED:
                confirm_by = add_working_days(completed.date(), confirm_days)
                confirmed = auto = rating = None
                if status in CONFIRMED:
                    auto = rng.random() < 0.25  # nobody answered: the portal confirmed it
                    confirmed = completed + datetime.timedelta(days=rng.randint(1, 9))
                    if auto:
                        confirmed = datetime.datetime.combine(
                            confirm_by + datetime.timedelta(days=1),
                            datetime.time(1),
                            completed.tzinfo,
                        )
                    rating = None if auto else rng.choices(ratings, rating_weights)[0]
                closure = (f"HĐ-{number:07X}", completed.date(), confirm_by, confirmed,
                           bool(auto), rating, "")  # fmt: skip
            last = max(filter(None, [closure[3], completed, responded, submitted]))
            assignee = liaisons.get(vnpt_unit) if status in RESPONDED else None
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            rows.append(
                (pk, f"{REFERENCE_PREFIX}{number:07X}", plan, service, requester, unit, False,
                 vnpt_unit, assignee, 1, name, f"09{rng.randrange(10**8):08d}",
                 f"Số {rng.randint(1, 300)} đường {rng.choice(PLACES)}", None, "", status,
                 uuid.UUID(int=rng.getrandbits(128), version=4), submitted, due, responded,
                 completed, None, last, *closure)
            )  # fmt: skip
            changes.append((pk, "", "submitted", requester, submitted, ""))
            if status != "submitted":
                changes.append((pk, "submitted", status, assignee, last, ""))
            pk += 1
            number += 1
        with transaction.atomic():
            loader.insert(ServiceRequest, cols, rows)
            loader.insert(StatusChange, change_cols, changes)
    loader.log(f"{n} service requests", t0)
    count_demand(loader)


def count_demand(loader: Loader) -> None:
    """Requests per service and day (the catalogue's popularity), as the actions keep them."""
    t0 = time.monotonic()
    loader.log(f"{rebuild()} service demand rows", t0)


def reset(loader: Loader, scale_users: QuerySet) -> None:
    """The scale members' requests with their history; the demand counted again."""
    requests = ServiceRequest.objects.filter(requester__in=scale_users.values("pk"))
    StatusChange.objects.filter(request__in=requests.values("pk"))._raw_delete(connection.alias)
    requests._raw_delete(connection.alias)
    count_demand(loader)


def written() -> list[type[Model]]:
    return [ServiceRequest, StatusChange, Plan]


def register() -> None:
    help = "service requests to generate, with their status changes"
    scale.register(scale.Generator("requests", 500, help, make, reset, written, order=20))
