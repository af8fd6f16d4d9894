"""Random and hostile input at the core's public and member forms: never a 500, and what is
stored is exactly what the form accepted."""

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership.accounts.forms import ProfileForm
from partnership.accounts.models import User
from tests.fuzz.strategies import hostile_text

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    full_name=hostile_text,
    phone=hostile_text,
    position=hostile_text,
    language=st.sampled_from(["vi", "en", "xx", ""]),
)
def test_profile_form(member, count_case, full_name, phone, position, language):
    count_case("profile")
    client = Client()
    client.force_login(member)
    data = {"full_name": full_name, "phone": phone, "position": position, "language": language}
    response = client.post("/me/", data)
    assert response.status_code in (200, 302)
    form = ProfileForm(data, instance=User.objects.get(pk=member.pk))
    if response.status_code == 302:
        assert form.is_valid()
        saved = User.objects.get(pk=member.pk)
        for field in ("full_name", "phone", "position", "language"):
            assert getattr(saved, field) == form.cleaned_data[field]
    else:
        assert not form.is_valid()


@FUZZ
@given(
    email=hostile_text,
    full_name=hostile_text,
    phone=hostile_text,
    password=hostile_text,
    unit=st.one_of(hostile_text, st.integers(-5, 10**12).map(str)),
)
def test_signup_form(db, org_tree, count_case, email, full_name, phone, password, unit):
    count_case("signup")
    before = User.objects.count()
    response = Client().post(
        "/account/signup/",
        {
            "email": email,
            "full_name": full_name,
            "phone": phone,
            "unit": unit,
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code in (200, 302, 429)
    if response.status_code == 302:
        user = User.objects.get(email=email.strip().lower())
        assert user.full_name == " ".join(full_name.split())
    else:
        assert User.objects.count() == before


@FUZZ
@given(
    q=hostile_text,
    party=hostile_text,
    kind=hostile_text,
    province=hostile_text,
    page=st.one_of(hostile_text, st.integers(-10, 10**9).map(str)),
)
def test_public_search_and_filters(db, org_tree, count_case, q, party, kind, province, page):
    count_case("public lists (news, units)")
    client = Client()
    for url, params in [
        ("/news/", {"q": q, "page": page}),
        ("/units/", {"q": q, "party": party, "kind": kind, "province": province, "page": page}),
    ]:
        expected = 400 if any("\x00" in v for v in params.values()) else 200
        assert client.get(url, params).status_code == expected


@FUZZ
@given(login=hostile_text, password=hostile_text)
def test_login_form(db, count_case, login, password):
    count_case("login")
    assert Client().post("/account/login/", {"login": login, "password": password}).status_code in (
        200,
        429,
    )
