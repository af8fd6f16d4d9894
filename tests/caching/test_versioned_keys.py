"""Key-based expiry: a write shows on every page that shows it on the next request, for
visitors and members alike, and re-renders only what it touched (partnership/cachekeys.py)."""

import datetime

import pytest
from django.test import Client
from django.test.signals import template_rendered

from ideas import actions
from tests.factories import make_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas(member):
    """Three published ideas of the member, the middle one the one written to."""
    return [
        make_idea(member, status="under_review", submitted_by=member, title=f"Ý tưởng số {n}")
        for n in range(3)
    ]


@pytest.fixture
def viewers(client, officer):
    """A visitor (page cache) and a logged-in officer (card cache only)."""
    logged_in = Client()
    logged_in.force_login(officer)
    return {"visitor": client, "officer": logged_in}


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class CardRenders:
    """How many idea cards were rendered (not served from the cache) while in the block."""

    def __enter__(self):
        self.count = 0
        template_rendered.connect(self._seen)
        return self

    def _seen(self, sender, template, **kwargs):
        if template.name == "ideas/_card.html":
            self.count += 1

    def __exit__(self, *exc):
        template_rendered.disconnect(self._seen)


GALLERY = ("/ideas/", "/ideas/?sort=supported", "/ideas/?q=y+tuong")


def test_a_support_shows_on_the_next_request_everywhere(ideas, viewers, make_user):
    idea = ideas[1]
    for client in viewers.values():
        for url in GALLERY:
            assert "0 lượt ủng hộ" in page(client, url)
        page(client, f"/ideas/{idea.pk}/")
    supporter = Client()
    supporter.force_login(make_user("member", unit="Thành đoàn Hà Nội"))
    assert supporter.post(f"/ideas/{idea.pk}/support/").status_code == 302
    for name, client in viewers.items():
        for url in GALLERY:
            assert "1 lượt ủng hộ" in page(client, url), (name, url)
        body = page(client, f"/ideas/{idea.pk}/")
        assert '<p class="figure-value" id="support-count">1</p>' in body, name


def test_a_support_re_renders_one_card_not_the_gallery(ideas, viewers, make_user):
    for client in viewers.values():
        page(client, "/ideas/")
    with CardRenders() as warm:
        for client in viewers.values():
            page(client, "/ideas/")
    assert warm.count == 0  # the visitor's page and the officer's cards all come from Redis
    supporter = make_user("member", unit="Thành đoàn Hà Nội")
    actions.support_idea(idea=ideas[1], user=supporter)
    with CardRenders() as after:
        for client in viewers.values():
            page(client, "/ideas/")
    assert after.count == 1  # that idea's card, once, shared by the visitor and the officer


def test_a_comment_shows_on_the_next_request(ideas, viewers, make_user):
    idea = ideas[1]
    for client in viewers.values():
        page(client, f"/ideas/{idea.pk}/")
    author = make_user("member", unit="Thành đoàn Hà Nội")
    actions.add_comment(idea=idea, author=author, body="Rất đáng thử ở xã tôi")
    for name, client in viewers.items():
        assert "Rất đáng thử ở xã tôi" in page(client, f"/ideas/{idea.pk}/"), name


def test_a_status_move_shows_on_the_next_request(ideas, viewers, admin_user):
    idea = ideas[1]
    urls = (*GALLERY, "/ideas/?status=shortlisted", f"/ideas/{idea.pk}/")
    for client in viewers.values():
        for url in urls:
            page(client, url)
    assert idea.title not in page(viewers["visitor"], "/ideas/?status=shortlisted")
    actions.transition(idea=idea, to="shortlisted", by=admin_user)
    for name, client in viewers.items():
        assert idea.title in page(client, "/ideas/?status=shortlisted"), name
        for url in (*GALLERY, f"/ideas/{idea.pk}/"):
            assert "Vào chung khảo" in page(client, url), (name, url)


def test_a_new_published_idea_and_a_withdrawn_one_change_the_gallery(ideas, viewers, member):
    for client in viewers.values():
        page(client, "/ideas/")
    new = make_idea(member, status="under_review", submitted_by=member, title="Ý tưởng mới nhất")
    for name, client in viewers.items():
        assert new.title in page(client, "/ideas/"), name
    actions.transition(idea=new, to="withdrawn", by=member)
    for name, client in viewers.items():
        assert new.title not in page(client, "/ideas/"), name
    assert viewers["visitor"].get(f"/ideas/{new.pk}/").status_code == 404


def test_a_price_change_shows_on_the_next_request(viewers, org_tree):
    from services.models import Plan
    from tests.factories import make_service

    service = make_service()
    plan = Plan.objects.create(
        service=service,
        code="app-1",
        name="App MyTV Chuẩn 1 tháng",
        monthly_price=42_000,
        valid_from=datetime.date(2020, 1, 1),
        for_members=True,
        for_officers=True,
        for_units=True,
    )
    for client in viewers.values():
        assert "46.200" in page(client, "/services/mytv/")
    plan.monthly_price = 50_000
    plan.save()
    for name, client in viewers.items():
        body = page(client, "/services/mytv/")
        assert "55.000" in body and "46.200" not in body, name


def test_pages_render_uncached_when_the_cache_fails(ideas, viewers, monkeypatch):
    """A cache that answers nothing (the fail-open backend with Redis down) still serves
    every page, rendered afresh."""
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    monkeypatch.setattr(cache, "get_many", lambda *a, **k: {})
    for client in viewers.values():
        with CardRenders() as renders:
            assert ideas[1].title in page(client, "/ideas/")
        assert renders.count == 3


def test_a_new_campaign_and_field_show_in_the_gallery_filters_on_the_next_request(
    ideas, viewers, member
):
    """The gallery checks its filters against campaigns and fields kept per "idea_setup"
    generation (ideas.selectors.gallery_setup): a new one is offered, and filters, at once."""
    from ideas.models import Field
    from tests.factories import make_campaign

    for client in viewers.values():
        assert "Chuyển đổi số" not in page(client, "/ideas/")
    field = Field.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    campaign = make_campaign(title="Sáng tạo trẻ 2027", slug="stt-2027")
    shown = make_idea(
        member, status="under_review", field=field, campaign=campaign, title="Ý tưởng số hoá"
    )
    url = "/ideas/?campaign=stt-2027&field=chuyen-doi-so"
    for name, client in viewers.items():
        body = page(client, url)
        assert '<option value="chuyen-doi-so" selected>Chuyển đổi số</option>' in body, name
        assert '<option value="stt-2027" selected>Sáng tạo trẻ 2027</option>' in body, name
        assert shown.title in body and ideas[0].title not in body, name
    campaign.title = "Sáng tạo trẻ 2027 (mở rộng)"
    campaign.save()
    for name, client in viewers.items():
        assert "Sáng tạo trẻ 2027 (mở rộng)</option>" in page(client, url), name


def test_a_filtered_gallery_hit_reads_one_query(ideas, viewers, django_assert_num_queries):
    """A visitor's gallery page served from the page cache: the ids and versions of the
    page's ideas, one query; the filters' choices and the open campaigns come from the
    "idea_setup" generation's copy."""
    from tests.factories import make_campaign

    make_campaign()
    url = f"/ideas/?field={ideas[0].field.slug}&sort=supported"
    page(viewers["visitor"], url)
    with django_assert_num_queries(1):
        response = viewers["visitor"].get(url)
    assert response["X-Page-Cache"] == "hit"
