from django.http import HttpResponseBadRequest, JsonResponse


class RejectNullBytesMiddleware:
    """A NUL character in a query string is never meaningful and PostgreSQL refuses it in
    any text comparison; answer 400 here instead of letting a filter raise further down.
    (Form fields already refuse NUL in POST data with a message on the field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):  # the API answers every error in JSON
                return JsonResponse(
                    {"detail": "Bad request: NUL character.", "fields": {}}, status=400
                )
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        return self.get_response(request)
