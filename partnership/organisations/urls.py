from django.urls import path

from partnership.pagecache import cached

from . import views

page = cached("units")

app_name = "organisations"
urlpatterns = [
    path("", page(views.unit_list), name="list"),
    path("<slug:slug>/", page(views.unit_detail), name="detail"),
]
