def username_of(request, credentials):
    """The login name django-axes counts failures against.

    allauth authenticates with `email=`, the log-in form posts `login=`; either way it is
    the e-mail address, lower-cased so that case changes do not dodge the count.
    """
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username")
    if not name and request is not None:
        name = request.POST.get("login", "")
    return (name or "").strip().lower()
