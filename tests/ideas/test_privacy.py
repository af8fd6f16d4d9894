from ideas.models import CoAuthor, Field, Idea
from partnership.privacy import erase_user
from tests.factories import make_idea


def test_erasing_a_co_author_blanks_the_typed_email_and_keeps_the_idea(make_user):
    author = make_user("member", unit="Đoàn Trường Đại học Vinh")
    co = make_user("member", unit="Đoàn Trường Đại học Vinh", full_name="Lê Thị Mai")
    field, _ = Field.objects.get_or_create(slug="moi-truong", defaults={"name": "Môi trường"})
    idea = make_idea(author, field=field, title="Túi sinh học", summary="Túi từ bẹ chuối")
    CoAuthor.objects.create(idea=idea, email=co.email, name="Lê Thị Mai", user=co, token="t1")
    erase_user(user=co, by=co)
    row = CoAuthor.objects.get(idea=idea)
    assert "Mai" not in row.name and co.email not in row.email
    assert Idea.objects.filter(pk=idea.pk).exists()
