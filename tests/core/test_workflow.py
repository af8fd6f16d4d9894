"""The workflow engine (partnership.workflow) on its own table, and the rule that nothing in
the domain apps writes a status outside it."""

import ast
import pathlib

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from ideas.models import IDEA_NOTICES, Field, Idea, IdeaStatusChange, Status
from partnership import workflow
from partnership.notifications.actions import notify
from partnership.notifications.models import Notification

pytestmark = pytest.mark.django_db
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _only_author(idea, user) -> bool:
    return idea.author_id == user.pk


def _announce(idea, step: workflow.Step) -> None:
    notify(
        recipients=[idea.author],
        event="ideas.submitted",
        category=IDEA_NOTICES,
        obj=idea,
        context={"status": idea.status, "reason": step.reason},
        actor=None,
    )
    if step.given.get("fail"):
        raise RuntimeError("the mail queue is down")


def _stamp(idea, step: workflow.Step) -> list[str]:
    idea.submitted_at = step.now
    return ["submitted_at"]


# A table of its own: draft → submitted (the author), submitted → rejected (with a reason).
FLOW = workflow.Workflow(
    model=Idea,
    history=IdeaStatusChange,
    statuses=Status,
    table=[
        workflow.Move(Status.DRAFT, Status.SUBMITTED, _only_author),
        workflow.Move(Status.SUBMITTED, Status.REJECTED, lambda i, u: True, {"reason": "Say why."}),
    ],
    apply=_stamp,
    announce=_announce,
    parent="idea",
)


@pytest.fixture
def idea(member):
    field = Field.objects.create(name="Giáo dục", slug="giao-duc-wf")
    return Idea.objects.create(
        title="Thư viện số", summary="Sách", author=member, unit=member.unit, field=field
    )


def move(idea, to, by, **kw):
    return workflow.transition(idea, to, by=by, workflow=FLOW, **kw)


def test_a_move_writes_status_columns_history_and_notification_together(idea, member):
    moved = move(idea, Status.SUBMITTED, member, expected=Status.DRAFT)
    idea.refresh_from_db()
    assert moved.status == idea.status == Status.SUBMITTED
    assert idea.submitted_at is not None  # the app's own column, set by `apply`
    change = idea.status_changes.get()
    assert (change.old_status, change.new_status, change.by) == ("draft", "submitted", member)
    assert Notification.objects.filter(recipient=member, event="ideas.submitted").count() == 1


def test_illegal_move_is_refused_and_writes_nothing(idea, member):
    with pytest.raises(workflow.IllegalMove) as exc:
        move(idea, Status.AWARDED, member)
    assert isinstance(exc.value, workflow.NotAllowed)
    assert isinstance(exc.value, workflow.WorkflowError)
    assert str(Status.DRAFT.label) in str(exc.value)
    idea.refresh_from_db()
    assert idea.status == Status.DRAFT
    assert not idea.status_changes.exists() and not Notification.objects.exists()


def test_stale_expected_status_is_refused(idea, member):
    move(idea, Status.SUBMITTED, member)
    with pytest.raises(workflow.StaleStatus):
        move(idea, Status.REJECTED, member, expected=Status.DRAFT, reason="x")
    with pytest.raises(workflow.StaleStatus):  # a set of statuses works too
        move(idea, Status.REJECTED, member, expected={Status.DRAFT}, reason="x")
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED and idea.status_changes.count() == 1


def test_permission_is_refused(idea, make_user):
    stranger = make_user("member")
    with pytest.raises(workflow.Forbidden) as exc:
        move(idea, Status.SUBMITTED, stranger)
    assert isinstance(exc.value, PermissionDenied)  # callers of old catch it as such
    assert not idea.status_changes.exists()


def test_missing_input_is_refused_on_its_field(idea, member, make_user):
    move(idea, Status.SUBMITTED, member)
    for blank in ("", "   "):
        with pytest.raises(workflow.MissingInput) as exc:
            move(idea, Status.REJECTED, make_user("member"), reason=blank)
        assert exc.value.message_dict == {"reason": ["Say why."]}
    move(idea, Status.REJECTED, member, reason="  Trùng lặp ")
    assert idea.status_changes.last().comment == "Trùng lặp"


def test_a_failing_notification_rolls_the_move_back(idea, member):
    with pytest.raises(RuntimeError):
        move(idea, Status.SUBMITTED, member, fail=True)
    idea.refresh_from_db()
    assert idea.status == Status.DRAFT and idea.submitted_at is None
    assert not idea.status_changes.exists()
    assert not Notification.objects.exists()


def test_allowed_and_targets_read_the_table(idea, member, make_user):
    assert FLOW.targets(Status.DRAFT) == {Status.SUBMITTED}
    assert FLOW.allowed(idea, member) == [Status.SUBMITTED]
    assert FLOW.allowed(idea, make_user("member")) == []


def test_show_error_puts_refusals_on_the_form_fields_it_has():
    class ReasonForm(forms.Form):
        reason = forms.CharField(required=False)

    form = ReasonForm({})
    assert form.is_valid()
    workflow.show_error(None, workflow.MissingInput({"reason": "Say why."}), form=form)
    workflow.show_error(None, workflow.StaleStatus("Moved meanwhile."), form=form)
    workflow.show_error(None, ValidationError({"other": "Elsewhere."}), form=form)
    assert form.errors == {
        "reason": ["Say why."],
        "__all__": ["Moved meanwhile.", "Elsewhere."],
    }


# --- nothing writes a status outside the engine --------------------------------------------

DOMAIN_APPS = ("agreements", "services", "ideas")
# Demo data replays past pipelines with their dates and history rows; migrations are history.
EXEMPT = {"migrations", "demo.py"}


def _status_writes(path: pathlib.Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(t, ast.Attribute) and t.attr == "status":
                    found.append(f"{path}:{node.lineno}: .status =")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            keys = {k.arg for k in node.keywords}
            if name in ("update", "bulk_update", "update_or_create") and "status" in keys:
                found.append(f"{path}:{node.lineno}: {name}(status=...)")
            if name == "bulk_update" and any(
                isinstance(a, ast.List | ast.Tuple)
                and any(isinstance(e, ast.Constant) and e.value == "status" for e in a.elts)
                for a in node.args
            ):
                found.append(f"{path}:{node.lineno}: bulk_update([... 'status'])")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "status"
        ):
            found.append(f"{path}:{node.lineno}: setattr(..., 'status')")
    return found


def test_no_domain_module_writes_a_status_outside_the_engine():
    offenders = []
    for app in DOMAIN_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if EXEMPT & set(path.relative_to(ROOT / app).parts):
                continue
            offenders += _status_writes(path)
    assert offenders == []


def test_the_static_check_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "obj.status = 'x'\n"
        "a.status, b = 1, 2\n"
        "Model.objects.filter(pk=1).update(status='x')\n"
        "Model.objects.bulk_update(rows, ['status'])\n"
        "setattr(obj, 'status', 'x')\n"
        "obj.status == 'x'\n"
    )
    assert len(_status_writes(sample)) == 5
