"""What the idea bank keeps of a person outside their account: a co-author's typed e-mail,
a paper author's name and contacts typed in by an officer."""

from partnership.privacy import DELETED_NAME

from .models import CoAuthor, PaperAuthor


def erase_co_author_copies(*, user):
    CoAuthor.objects.filter(user=user).update(email=f"deleted-{user.pk}@invalid.example", name="")
    CoAuthor.objects.filter(email__iexact=user.email).update(
        email=f"deleted-{user.pk}@invalid.example", name=""
    )


def erase_paper_author_copies(*, user):
    """The paper form a person claimed keeps no name of theirs; an unclaimed one typed with
    their address loses the address (it can no longer be claimed by it)."""
    PaperAuthor.objects.filter(claimed_by=user).update(
        name=DELETED_NAME, birth_date=None, phone="", phone_digits="", email=""
    )
    old = getattr(user, "erased_email", "") or user.email
    PaperAuthor.objects.filter(email__iexact=old, claimed_at__isnull=True).update(email="")
