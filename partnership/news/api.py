"""News in the API (core: news belongs to the portal, not to a domain app)."""

from django.db.models import QuerySet
from django.urls import path
from rest_framework import generics, serializers

from partnership.api.fields import PageUrlField
from partnership.api.pagination import PageNumber

from .models import Article


class ArticleSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Article
        fields = ["slug", "title", "summary", "body", "published_at", "url"]


class ArticleList(generics.ListAPIView):
    """Published news, newest first."""

    serializer_class = ArticleSerializer
    pagination_class = PageNumber

    def get_queryset(self) -> QuerySet:
        return Article.objects.published().order_by("-published_at", "-pk")


urlpatterns = [path("news/", ArticleList.as_view(), name="news")]
