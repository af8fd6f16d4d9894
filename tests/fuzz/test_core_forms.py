"""Random and hostile input at the core's public and member forms: never a 500, and what is
stored is exactly what the form accepted."""

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership.accounts.forms import ProfileForm
from partnership.accounts.models import User
from tests.fuzz.strategies import hostile_form, hostile_text

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_or_number(low, high):
    return st.one_of(hostile_text, st.integers(low, high).map(str))


@FUZZ
@given(
    data=hostile_form(
        "full_name", "phone", "position", language=st.sampled_from(["vi", "en", "xx", ""])
    )
)
def test_profile_form(member, count_case, data):
    count_case("profile")
    client = Client()
    client.force_login(member)
    response = client.post("/me/", data)
    assert response.status_code in (200, 302)
    form = ProfileForm(data, instance=User.objects.get(pk=member.pk))
    if response.status_code == 302:
        assert form.is_valid()
        saved = User.objects.get(pk=member.pk)
        for field in data:
            assert getattr(saved, field) == form.cleaned_data[field]
    else:
        assert not form.is_valid()


@FUZZ
@given(
    data=hostile_form(
        "email", "full_name", "phone", "password1", unit=hostile_or_number(-5, 10**12)
    )
)
def test_signup_form(db, org_tree, count_case, data):
    count_case("signup")
    before = User.objects.count()
    response = Client().post("/account/signup/", {**data, "password2": data["password1"]})
    assert response.status_code in (200, 302, 429)
    if response.status_code == 302:
        user = User.objects.get(email=data["email"].strip().lower())
        assert user.full_name == " ".join(data["full_name"].split())
    else:
        assert User.objects.count() == before


@FUZZ
@given(query=hostile_form("q", "party", "kind", "province", page=hostile_or_number(-10, 10**9)))
def test_public_search_and_filters(db, org_tree, count_case, query):
    count_case("public lists (news, units)")
    client = Client()
    for url, params in [("/news/", {"q": query["q"], "page": query["page"]}), ("/units/", query)]:
        expected = 400 if any("\x00" in v for v in params.values()) else 200
        assert client.get(url, params).status_code == expected


@FUZZ
@given(data=hostile_form("login", "password"))
def test_login_form(db, count_case, data):
    count_case("login")
    assert Client().post("/account/login/", data).status_code in (200, 429)
