from django.urls import path

from . import privacy_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/role/", views.change_role, name="change_role"),
    path("data.json", privacy_views.data_export, name="data_export"),
    path("delete/", privacy_views.delete_account, name="delete_account"),
]
