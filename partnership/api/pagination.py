"""The two ways API lists are cut into pages.

- `PageNumber` (?page=, ?page_size=) for the small lists (catalogue, news, commitments,
  activities).
- `Keyset` (?after=<cursor>) for the long ones (ideas, requests): the cursor is the last row's
  sort key (partnership.paging.keyset_page), so page 500 costs what page 1 costs.
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from partnership.paging import KeysetPage, keyset_page

MAX_PAGE_SIZE = 100


class PageNumber(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class Keyset(BasePagination):
    """The view names its sort keys (`keyset_keys`, all descending, the last unique) or
    builds the page itself and hands it to `respond()`."""

    page_size = 20

    def size(self, request: Request) -> int:
        try:
            size = int(request.query_params.get("page_size", self.page_size))
        except ValueError:
            size = self.page_size
        return min(max(size, 1), MAX_PAGE_SIZE)

    def args(self, request: Request) -> dict[str, Any]:
        return {
            "after": request.query_params.get("after", "")[:500],
            "before": request.query_params.get("before", "")[:500],
            "size": self.size(request),
        }

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list:
        self.request = request
        self.page = keyset_page(queryset, view.keyset_keys, **self.args(request))
        return list(self.page)

    def respond(self, page: KeysetPage, request: Request, data: list) -> Response:
        self.request, self.page = request, page
        return self.get_paginated_response(data)

    def get_paginated_response(self, data: list) -> Response:
        page, url = self.page, self.request.build_absolute_uri()
        url = remove_query_param(remove_query_param(url, "after"), "before")
        count = page.count
        return Response(
            {
                "count": count.value if count is not None else None,
                "count_is_capped": bool(count and count.capped),
                "next": replace_query_param(url, "after", page.next_cursor)
                if page.more_after
                else None,
                "previous": replace_query_param(url, "before", page.previous_cursor)
                if page.more_before
                else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_is_capped", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "nullable": True},
                "count_is_capped": {"type": "boolean"},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        def param(name: str, kind: str, text: str) -> dict:
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": text,
                "schema": {"type": kind, "maxLength": 500} if kind == "string" else {"type": kind},
            }

        return [
            param("after", "string", "The `next` link's cursor: the page after it."),
            param("before", "string", "The `previous` link's cursor: the page before it."),
            param("page_size", "integer", f"Rows per page, at most {MAX_PAGE_SIZE}."),
        ]
