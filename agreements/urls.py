from django.urls import path

from partnership.pagecache import cached

from . import views

# Commitments list the services that fulfil them and the units responsible.
page = cached("agreements", "services", "units", "people")

app_name = "agreements"
urlpatterns = [
    path("", page(views.index), name="index"),
    path("commitments/", page(views.commitment_list), name="commitments"),
    path("commitments/<int:pk>/", page(views.commitment_detail), name="commitment"),
    path("activities/", page(views.activity_list), name="activities"),
    path("activities/calendar/", page(views.activity_calendar), name="calendar"),
    path("activities/<slug:slug>/", page(views.activity_detail), name="activity"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/progress.xlsx", views.export_progress, name="export"),
    path("indicators/<int:indicator_pk>/report/", views.report_create, name="report_create"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("documents/<int:pk>/", views.document_file, name="document"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("a/<slug:slug>/", page(views.detail), name="detail"),
]
