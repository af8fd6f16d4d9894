"""The one workflow engine: every status of a domain object changes through `transition()`.

An app describes its pipeline once, as a `Workflow`: the model, its status-change model (a
subclass of `StatusChange` below), and a table of `Move`s (from → to, who may, what must be
given). `transition(obj, to, by=..., expected=..., reason=..., **given)` then, in one
transaction:

1. locks the row (`select_for_update`) and reads the status it really has;
2. refuses a stale move (`expected` is the status the person saw: `StaleStatus`);
3. refuses a move the table does not list (`IllegalMove`), or that this person may not make
   (`Forbidden`, which is also a `PermissionDenied`);
4. refuses a move without what it needs (a reason, an evidence text...: `MissingInput`);
5. lets the app set its own columns (timestamps, assignee...) through `Workflow.apply`,
   writes the status and the status-change row, and calls the app's `announce` (which calls
   `notify()`): a failure anywhere rolls the whole move back.

Every refusal is a `WorkflowError`, itself a `ValidationError` carrying a message for the
person (per field when it names one), so forms take it as they are; views show it with
`show_error()` (a form error or a flash message, then the page or a redirect; never a 500),
or run the action through `attempt()`, which shows the refusal or the message of success.
The core knows no domain app: apps register their workflows; the engine reads only the
`Workflow` it is given or finds for the object's model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import Form
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership.basemodels import account_link

# --- refusals --------------------------------------------------------------------------------


class WorkflowError(ValidationError):
    """A move (or another write of a workflow action) that cannot be made; says why."""

    def __str__(self) -> str:
        return " ".join(str(m) for m in self.messages)


class NotAllowed(WorkflowError):
    """The move is not open: not from this status, or not to this person."""


class IllegalMove(NotAllowed):
    """The transition table has no move from the current status to the one asked for."""


class Forbidden(NotAllowed, PermissionDenied):
    """This person may not make this move (a `PermissionDenied` too, for callers of old)."""


class StaleStatus(WorkflowError):
    """Someone moved the object since the person looked at it."""


class MissingInput(WorkflowError):
    """The move needs something that was not given (a reason, a contract number...)."""


# --- the history row -------------------------------------------------------------------------


def history_parent(
    model: type[models.Model] | str, verbose_name: str | Promise
) -> models.ForeignKey:
    """A status-change model's foreign key to its object (`obj.status_changes`)."""
    return models.ForeignKey(
        model, verbose_name=verbose_name, on_delete=models.CASCADE, related_name="status_changes"
    )


def status_pair(
    choices: Any = None,
    *,
    max_length: int = 20,
    labels: tuple[str | Promise, str | Promise] = (
        gettext_lazy("old status"),
        gettext_lazy("new status"),
    ),
) -> tuple[models.CharField, models.CharField]:
    """The `old_status` ("" for the first row) and `new_status` columns of a history row."""
    old, new = labels
    return (
        models.CharField(old, max_length=max_length, choices=choices, blank=True),
        models.CharField(new, max_length=max_length, choices=choices),
    )


class StatusChange(models.Model):
    """One move of one object: from, to, who, when and why. Each app subclasses it with the
    foreign key to its own object (`history_parent`, named after the object) and the choices
    of its own statuses (`status_pair`)."""

    old_status, new_status = status_pair()
    by = account_link(gettext_lazy("by"))
    at = models.DateTimeField(gettext_lazy("at"), default=timezone.now)
    comment = models.TextField(gettext_lazy("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        verbose_name = gettext_lazy("status change")
        verbose_name_plural = gettext_lazy("status changes")

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"


# --- the table -------------------------------------------------------------------------------

Who = Callable[[Any, Any], bool]


def who(check: Callable[[Any, Any], bool]) -> Who:
    """A move's `who` from a check that takes the person first, as the apps' selectors do:
    `who(can_edit)(report, user)` is `can_edit(user, report)`."""
    return lambda obj, user: check(user, obj)


@dataclass(frozen=True)
class Move:
    """One line of a transition table: from `source` to `to`, if `who(obj, user)` says yes,
    with `requires` naming the inputs that must not be blank ("reason" or a `given` name),
    each with the message shown when it is."""

    source: str
    to: str
    who: Who
    requires: Mapping[str, str | Promise] = field(default_factory=dict)


def moves(sources: Iterable[str], to: str, who: Who, **requires: str | Promise) -> list[Move]:
    """The same move from several statuses."""
    return [Move(source, to, who, dict(requires)) for source in sources]


@dataclass(frozen=True)
class Step:
    """What a move's hooks are told: from `old` to `to`, by whom, when (`now`), why (`reason`)
    and whatever else the caller gave (`given`)."""

    old: str
    to: str
    by: Any
    now: Any
    reason: str
    given: Mapping[str, Any]


Apply = Callable[[Any, Step], Iterable[str]]
Announce = Callable[[Any, Step], None]


@dataclass
class Workflow:
    """A model's pipeline. `apply(obj, step)` sets the app's own columns before the row is
    saved and returns their names (it may raise a refusal); `announce(obj, step)` notifies, in
    the same transaction (`step`: a `Step`)."""

    model: type[models.Model]
    history: type[StatusChange]
    statuses: type[models.TextChoices]
    table: list[Move]
    announce: Announce
    apply: Apply | None = None
    # The field of the history row pointing at the object, e.g. "request".
    parent: str = ""
    # The form field a missing reason is reported on ("comment", "reason").
    reason_field: str = "reason"
    # Inputs written as the history text when no reason is given (e.g. "evidence").
    text_fallback: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    forbidden_message: str | Promise | None = None
    illegal_message: Callable[[Any, str, str], str] | None = None
    stale_message: Callable[[Any, str], str] | None = None
    _index: dict[tuple[str, str], Move] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {(m.source, m.to): m for m in self.table}
        if not self.parent:
            self.parent = self.model._meta.model_name or ""

    def move(self, source: str, to: str) -> Move | None:
        return self._index.get((source, to))

    def targets(self, source: str) -> set[str]:
        """Every status the table opens from `source`, whoever asks."""
        return {m.to for m in self.table if m.source == source}

    def allowed(self, obj: Any, user: Any) -> list[str]:
        """The statuses `user` may move `obj` to now, in the order of the status choices."""
        return [
            status
            for status in self.statuses.values
            if (m := self.move(obj.status, status)) is not None and m.who(obj, user)
        ]

    def missing(self, source: str, to: str, *, reason: str = "", **given: Any) -> dict[str, str]:
        """What the move from `source` to `to` lacks: each required input left blank, by form
        field (the reason on `reason_field`), with the table's message; empty when nothing is
        (or when the table has no such move). Forms ask it, so the rule is the table's."""
        move = self.move(source, to)
        if move is None:
            return {}
        return {
            (self.reason_field if name == "reason" else name): str(message)
            for name, message in move.requires.items()
            if _blank(reason if name == "reason" else given.get(name))
        }

    def label(self, status: str) -> str:
        return str(self.statuses(status).label) if status in self.statuses.values else status


_REGISTRY: dict[type[models.Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Make `transition(obj, ...)` find this workflow for objects of its model."""
    _REGISTRY[workflow.model] = workflow
    return workflow


def workflow_for(obj_or_model: Any) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _REGISTRY[model._meta.concrete_model]
    except KeyError:
        raise LookupError(f"No workflow is registered for {model._meta.label}") from None


# --- the one way to move ---------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def transition(
    obj: models.Model,
    to: str,
    *,
    by: Any,
    expected: str | Iterable[str] | None = None,
    reason: str = "",
    workflow: Workflow | None = None,
    **given: Any,
) -> Any:
    """Move `obj` to status `to`, or raise a `WorkflowError`; returns the locked, moved row.

    `expected`: the status (or statuses) the person saw; `reason`: why (the history text);
    `given`: whatever else the move needs (see the table's `requires`) or the app's `apply`
    reads. The caller's `obj` is left as it was: use the returned row or refresh it.
    """
    wf = workflow or workflow_for(obj)
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = (
            wf.model._default_manager.select_for_update(of=("self",))
            .select_related(*wf.related)
            .get(pk=obj.pk)
        )
        old = locked.status
        if expected is not None:
            wanted = {expected} if isinstance(expected, str) else set(expected)
            if wanted and old not in wanted:
                raise StaleStatus(
                    wf.stale_message(locked, to)
                    if wf.stale_message
                    else _("Someone else already moved this to “%(status)s”. Reload and check.")
                    % {"status": wf.label(old)},
                    code="stale",
                )
        move = wf.move(old, to)
        if move is None:
            raise IllegalMove(
                wf.illegal_message(locked, old, to)
                if wf.illegal_message
                else _("“%(old)s” cannot become “%(new)s”.")
                % {"old": wf.label(old), "new": wf.label(to)},
                code="illegal",
            )
        if not move.who(locked, by):
            raise Forbidden(
                wf.forbidden_message or _("You may not make this move."), code="forbidden"
            )
        missing = wf.missing(old, to, reason=reason, **given)
        if missing:
            raise MissingInput(missing)
        now = timezone.now()
        step = Step(old=old, to=to, by=by, now=now, reason=reason, given=given)
        fields = ["status"]
        if wf.apply is not None:
            fields += list(wf.apply(locked, step))
        locked.status = to
        fields += [f.name for f in wf.model._meta.concrete_fields if getattr(f, "auto_now", False)]
        locked.save(update_fields=list(dict.fromkeys(fields)))
        text = reason or next(
            (str(given[n]).strip() for n in wf.text_fallback if not _blank(given.get(n))), ""
        )
        wf.history._default_manager.create(
            **{wf.parent: locked}, old_status=old, new_status=to, by=by, at=now, comment=text
        )
        wf.announce(locked, step)
    return locked


def record_start(obj: models.Model, *, by: Any, at: Any = None, comment: str = "") -> None:
    """The first history row of a new object ("" → its first status), written by the action
    that creates it."""
    wf = workflow_for(obj)
    wf.history._default_manager.create(
        **{wf.parent: obj},
        old_status="",
        new_status=obj.status,
        by=by,
        at=at or timezone.now(),
        comment=comment,
    )


def record_note(obj: models.Model, *, by: Any, comment: str) -> None:
    """A history row that is not a move (the object was rerouted, say): status unchanged."""
    wf = workflow_for(obj)
    wf.history._default_manager.create(
        **{wf.parent: obj}, old_status=obj.status, new_status=obj.status, by=by, comment=comment
    )


# --- how every view shows a refusal ----------------------------------------------------------


def show_error(
    request: HttpRequest | None, exc: ValidationError, *, form: Form | None = None
) -> None:
    """Show a refused action: on `form` (per field when the form has it) or as a message.

    The caller then re-renders the form or redirects as it would after success; a refusal is
    never a 500. Plain `ValidationError`s of the apps' own checks are shown the same way.
    """
    if form is not None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return
    messages.error(request, " ".join(str(m) for m in exc.messages))


def attempt(
    request: HttpRequest,
    action: Callable[..., Any],
    /,
    *,
    done: str | Promise,
    form: Form | None = None,
    **arguments: Any,
) -> bool:
    """A view's write, made by the person asking: `action(by=request.user, **arguments)`, then
    the message `done`; True when it was made.

    A refusal (any `ValidationError`, a `WorkflowError` among them) is shown by `show_error`,
    on `form` when one is given, and gives False; other exceptions (a plain
    `PermissionDenied`) go to the caller. `request` and `action` are positional only, so an
    action may take a `request` argument of its own (a service request).
    """
    try:
        action(by=request.user, **arguments)
    except ValidationError as exc:
        show_error(request, exc, form=form)
        return False
    messages.success(request, done)
    return True
