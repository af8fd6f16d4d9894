from django.urls import path

from partnership.pagecache import cached

from . import views

page = cached("services", "units")

app_name = "services"
urlpatterns = [
    path("", page(views.index), name="index"),
    path("category/<slug:slug>/", page(views.category), name="category"),
    path("requests/", views.my_requests, name="my_requests"),
    path("queue/", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("request/<str:reference>/", views.request_detail, name="request"),
    path("request/<str:reference>/move/", views.request_move, name="request_move"),
    *(
        path(
            f"request/<str:reference>/{step}/",
            views.request_closure,
            {"step": step},
            name=f"request_{step}",
        )
        for step in ("complete", "confirm", "reopen")
    ),
    path("request/<str:reference>/claim/", views.request_claim, name="request_claim"),
    path("request/<str:reference>/message/", views.request_message, name="request_message"),
    path(
        "request/<str:reference>/message/<int:pk>/attachment/",
        views.message_attachment,
        name="message_attachment",
    ),
    path("plan/<int:pk>/", views.plan_redirect, name="plan"),
    path("<slug:slug>/", page(views.detail), name="detail"),
    path("<slug:slug>/request/", views.request_create, name="request_create"),
    path("<slug:slug>/image/", views.service_image, name="image"),
]
