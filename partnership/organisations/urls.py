from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<slug:slug>/", views.unit_detail, name="detail"),
]
