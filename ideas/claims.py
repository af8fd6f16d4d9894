"""Paper ideas find their author: when a person confirms an e-mail address or signs in, the
ideas an officer typed in for them (actions.claim_paper_ideas) become theirs.

Connected in IdeasConfig.ready() to allauth's and Django's signals: the core's accounts app
knows nothing of ideas.
"""

import logging

from . import actions

log = logging.getLogger(__name__)


def _claim(user, emails) -> None:
    try:
        for email in emails:
            actions.claim_paper_ideas(user=user, email=email)
        if not emails:
            actions.claim_paper_ideas(user=user)
    except Exception:  # a claim must never stop a sign-in; the next one tries again
        log.exception("claiming paper ideas for user %s failed", user.pk)


def on_email_confirmed(sender, request=None, email_address=None, **kwargs) -> None:
    if email_address is not None and email_address.user_id:
        _claim(email_address.user, [email_address.email])


def on_login(sender, request=None, user=None, **kwargs) -> None:
    from allauth.account.models import EmailAddress

    if user is None or not user.pk:
        return
    verified = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    _claim(user, verified)


def connect() -> None:
    from allauth.account.signals import email_confirmed
    from django.contrib.auth.signals import user_logged_in

    email_confirmed.connect(on_email_confirmed, weak=False, dispatch_uid="ideas-paper-claim")
    user_logged_in.connect(on_login, weak=False, dispatch_uid="ideas-paper-claim-login")
