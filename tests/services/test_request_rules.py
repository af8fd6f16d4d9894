"""The request rules live in services.actions: the action refuses on its own, and the form
shows the action's own message on the field it concerns, keeping what was typed."""

import uuid

import pytest
from django.utils import translation

from services import actions
from services.models import ServiceRequest

pytestmark = pytest.mark.django_db


def _submit(plan, by, quantity):
    return actions.submit_request(
        plan=plan,
        by=by,
        quantity=quantity,
        contact_name="Lê Văn Cường",
        contact_phone="0912345678",
        idempotency_key=uuid.uuid4(),
    )


def _post(client, user, plan, quantity):
    client.force_login(user)
    client.cookies["portal_language"] = "en"
    return client.post(
        f"/services/{plan.service.slug}/request/",
        {
            "plan": plan.pk,
            "quantity": quantity,
            "contact_name": "Lê Văn Cường",
            "contact_phone": "0912 345 678",
            "address": "Số 1 Trường Thi, Vinh",
            "note": "Lắp trước Tết",
            "idempotency_key": str(uuid.uuid4()),
        },
    )


def _action_message(plan, by, quantity):
    with translation.override("en"), pytest.raises(actions.RequestError) as caught:
        _submit(plan, by, quantity)
    return caught.value


@pytest.mark.parametrize(
    ("quantity", "words"),
    [(0, "at least 1"), (-3, "at least 1"), (1001, "At most 1000")],
)
def test_quantity_out_of_range(client, catalogue, nghean_officer, quantity, words):
    refused = _action_message(catalogue["stb7"], nghean_officer, quantity)
    assert list(refused.errors) == ["quantity"]
    assert words in refused.errors["quantity"]
    assert ServiceRequest.objects.count() == 0

    response = _post(client, nghean_officer, catalogue["stb7"], quantity)
    form = response.context["form"]
    assert form.errors["quantity"] == [refused.errors["quantity"]]
    assert (form["contact_phone"].value(), form["note"].value()) == (
        "0912 345 678",
        "Lắp trước Tết",
    )
    assert ServiceRequest.objects.count() == 0


def test_a_personal_plan_is_requested_one_at_a_time(client, catalogue, member):
    refused = _action_message(catalogue["app1"], member, 5)
    assert refused.errors == {"quantity": "A personal plan is requested one at a time."}
    assert _submit(catalogue["app1"], member, 1).quantity == 1  # one is fine

    response = _post(client, member, catalogue["app1"], 5)
    form = response.context["form"]
    assert form.errors["quantity"] == ["A personal plan is requested one at a time."]
    assert form["quantity"].value() == "5"
    assert "plan" not in form.errors


def test_an_officer_asks_several_for_the_unit(catalogue, nghean_officer):
    assert actions.request_errors(plan=catalogue["app1"], by=nghean_officer, quantity=5) == {}


def test_an_ineligible_plan_is_refused_on_the_plan(client, catalogue, make_user):
    grassroots = make_user("union_officer", unit="Đoàn Trường Đại học Vinh")
    refused = _action_message(catalogue["vip15"], grassroots, 1)
    assert isinstance(refused, actions.IneligiblePlan)
    assert list(refused.errors) == ["plan"]
    assert "union level" in str(refused)

    response = _post(client, grassroots, catalogue["vip15"], 1)
    form = response.context["form"]
    assert form.errors["plan"] == [refused.errors["plan"]]
    assert form["address"].value() == "Số 1 Trường Thi, Vinh"


def test_both_fields_are_told_at_once(catalogue, make_user):
    grassroots = make_user("union_officer", unit="Đoàn Trường Đại học Vinh")
    with translation.override("en"):
        errors = actions.request_errors(plan=catalogue["vip15"], by=grassroots, quantity=1001)
    assert set(errors) == {"plan", "quantity"}


def test_the_view_shows_a_refusal_the_form_could_not_foresee(
    client, catalogue, nghean_officer, monkeypatch
):
    """The plan goes off sale between the form's check and the action's: the action's
    message reaches the plan field, and nothing is stored."""
    calls = []
    original = actions.request_errors

    def goes_off_sale_after_the_form(**kwargs):
        calls.append(kwargs)
        if len(calls) > 1:
            catalogue["stb7"].__class__.objects.filter(pk=catalogue["stb7"].pk).update(
                valid_until="2024-12-31", valid_from="2024-01-01"
            )
            kwargs["plan"].refresh_from_db()
        return original(**kwargs)

    monkeypatch.setattr(actions, "request_errors", goes_off_sale_after_the_form)
    response = _post(client, nghean_officer, catalogue["stb7"], 2)
    assert response.status_code == 200
    assert "no longer on sale" in response.context["form"].errors["plan"][0]
    assert ServiceRequest.objects.count() == 0
