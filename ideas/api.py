"""The idea bank's API: the public gallery of published ideas (no personal data)."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from partnership.api.fields import PageUrlField
from partnership.api.pagination import Keyset
from partnership.organisations import provinces

from . import selectors
from .models import PUBLISHED_STATUSES, Idea, Status


class IdeaSerializer(serializers.ModelSerializer):
    """An idea as the gallery shows it, without people: the unit, never the authors."""

    field = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    unit = serializers.CharField(source="unit.name", read_only=True)
    province = serializers.CharField(source="unit.province", read_only=True)
    url = PageUrlField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "summary",
            "field",
            "campaign",
            "unit",
            "province",
            "status",
            "support_count",
            "vnpt_supported",
            "submitted_at",
            "awarded_at",
            "url",
        ]


class IdeaDetailSerializer(IdeaSerializer):
    class Meta(IdeaSerializer.Meta):
        fields = [*IdeaSerializer.Meta.fields, "problem", "solution", "impact"]


class GalleryQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words to find, with or without diacritics.",
    )
    campaign = serializers.SlugField(required=False, allow_blank=True, max_length=120)
    field = serializers.SlugField(required=False, allow_blank=True, max_length=120)
    province = serializers.ChoiceField(provinces.CHOICES, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        [(s, Status(s).label) for s in PUBLISHED_STATUSES], required=False, allow_blank=True
    )
    vnpt = serializers.BooleanField(required=False, default=False)
    sort = serializers.ChoiceField(list(selectors.SORT_KEYS), required=False, default="newest")


@extend_schema(parameters=[GalleryQuery])
class IdeaList(generics.ListAPIView):
    """Published ideas with the gallery's filters and search, keyset-paginated (follow
    `next`); `count` is capped for searches (`count_is_capped`)."""

    serializer_class = IdeaSerializer
    pagination_class = Keyset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        s = GalleryQuery(data=request.query_params)
        s.is_valid(raise_exception=True)
        paginator = self.paginator
        page = selectors.gallery_page(**paginator.args(request), **s.validated_data)
        data = self.get_serializer(page.object_list, many=True).data
        return paginator.respond(page, request, data)

    def get_queryset(self) -> Any:  # for the schema only: list() reads gallery_page()
        return selectors.published_ideas().none()


class IdeaDetail(generics.RetrieveAPIView):
    """A published idea (an unpublished one answers 404)."""

    serializer_class = IdeaDetailSerializer

    def get_object(self) -> Idea:
        qs = selectors.published_ideas().select_related("field", "campaign", "unit")
        return get_object_or_404(qs, pk=self.kwargs["pk"])


urlpatterns = [
    path("ideas/", IdeaList.as_view(), name="ideas"),
    path("ideas/<int:pk>/", IdeaDetail.as_view(), name="idea"),
]
