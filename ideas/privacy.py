"""What the idea bank keeps of a person outside their account: a co-author's typed e-mail."""

from .models import CoAuthor


def erase_co_author_copies(*, user):
    CoAuthor.objects.filter(user=user).update(email=f"deleted-{user.pk}@invalid.example", name="")
    CoAuthor.objects.filter(email__iexact=user.email).update(
        email=f"deleted-{user.pk}@invalid.example", name=""
    )
