"""A safety net for a full disk: a clear page instead of a server error.

A form that stores a file writes nothing to the database when the storage refuses the file
(Django saves the file before the row), so the visitor only needs to know what happened.
"""

import errno
import logging

from django.http import HttpResponse
from django.template import engines
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

_PAGE = """{% extends "base.html" %}
{% block title %}{{ heading }}{% endblock %}
{% block content %}<div class="narrow"><h1>{{ heading }}</h1><p>{{ message }}</p>
<p><a class="button" href="{{ back }}">{{ back_label }}</a></p></div>{% endblock %}"""


class StorageFullMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, OSError) and exception.errno in _DISK_FULL):
            return None
        logger.error("Storage full while handling %s: %s", request.path, exception)
        back = request.path if request.method == "POST" else "/"
        context = {
            "heading": _("The file could not be saved"),
            "message": _(
                "The server has no room left for uploads right now, so nothing was saved. "
                "Please try again later, or tell the portal's administrators."
            ),
            "back": back,
            "back_label": _("Back to the form"),
        }
        template = engines["django"].from_string(_PAGE)
        response = template.render(context, request)
        return HttpResponse(response, status=503, headers={"Retry-After": "3600"})
