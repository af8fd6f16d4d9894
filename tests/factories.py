import factory

from partnership.accounts.actions import set_role
from partnership.accounts.models import User
from partnership.organisations.demo import unit as demo_unit

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name", locale="vi_VN")
    phone = "0912345678"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(*roles, unit=None, **fields):
    """A user with the given roles in the named unit (name or slug of the demo tree)."""
    if unit is not None and isinstance(unit, str):
        unit = demo_unit(unit)
    user = UserFactory(unit=unit, **fields)
    for role in roles:
        set_role(user=user, role=role, granted=True, by=None)
    if "content_admin" in roles:
        user.is_superuser = True
        user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# The admin's "add news article" form, filled in (a cover image is added by each test).
NEWS_ARTICLE_FORM = {
    "title": "Bài có ảnh bìa",
    "slug": "bai-co-anh-bia",
    "summary": "Tóm tắt",
    "body": "Nội dung",
    "published_at_0": "26/11/2026",
    "published_at_1": "08:00:00",
    "is_published": "on",
}
