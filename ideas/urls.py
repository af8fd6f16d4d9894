from django.urls import path

from partnership.pagecache import cached

from . import views

# Idea pages show authors' and commenters' names (people), units and support counts.
page = cached("ideas", "supports", "units", "people")

app_name = "ideas"
urlpatterns = [
    path("", page(views.index), name="index"),
    path("new/", views.edit, name="new"),
    path("similar/", views.similar, name="similar"),
    path("mine/", views.mine, name="mine"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("moderate/", views.moderate, name="moderate"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("on-behalf/", views.on_behalf, name="on_behalf"),
    path("on-behalf/import/", views.import_ideas, name="import"),
    path("on-behalf/template.xlsx", views.import_template, name="import_template"),
    path("campaigns/<slug:slug>/", page(views.campaign), name="campaign"),
    path("co-author/<str:token>/", views.confirm_co_author, name="confirm_co_author"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("comments/<int:pk>/report/", views.report_comment, name="report_comment"),
    path("comments/<int:pk>/hide/", views.hide_comment, name="hide_comment"),
    path("amendments/<int:pk>/decide/", views.decide_amendment, name="decide_amendment"),
    path("<int:pk>/", page(views.detail), name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/offer/", views.offer, name="offer"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/versions/", page(views.versions), name="versions"),
    path("<int:pk>/claim/", views.claim, name="claim"),
]
