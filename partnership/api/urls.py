"""The core's part of /api/v1/: the schema, its docs page and the private deadlines feed."""

from django.urls import path

from partnership.news.api import urlpatterns as news

from . import views

urlpatterns = [
    path("openapi.json", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("calendars/deadlines/<str:token>.ics", views.deadlines_ics, name="deadlines_ics"),
    *news,
]
