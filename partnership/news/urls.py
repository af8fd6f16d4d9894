from django.urls import path

from partnership.pagecache import cached

from . import views

page = cached("news", "units")

app_name = "news"
urlpatterns = [
    path("", page(views.article_list), name="list"),
    path("feed.atom", page(views.feed), name="feed"),
    path("<slug:slug>/", page(views.article_detail), name="detail"),
    path("<slug:slug>/cover", views.article_cover, name="cover"),
]
