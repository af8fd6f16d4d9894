"""Serializer fields shared by the apps' APIs."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.STR)
class PageUrlField(serializers.Field):
    """The object's page on the portal (its `get_absolute_url()`), as a full address."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return self.context["request"].build_absolute_uri(value.get_absolute_url())
