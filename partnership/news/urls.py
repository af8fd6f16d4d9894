from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed.atom", views.ArticleFeed(), name="feed"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/cover", views.article_cover, name="cover"),
]
