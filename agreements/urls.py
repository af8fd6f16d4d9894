from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.index, name="index"),
]
