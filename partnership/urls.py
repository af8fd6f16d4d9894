from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from partnership import pagecache, views
from partnership.api import views as api_views

admin.site.site_header = _("Đoàn – VNPT partnership portal")
admin.site.site_title = _("Đoàn – VNPT administration")
admin.site.index_title = _("Welcome to the portal's administration")

# The API (docs/api.md): the core's plumbing and each app's endpoints, in one namespace.
api_v1 = [
    path("", include("partnership.api.urls")),
    path("", include("services.api")),
    path("", include("ideas.api")),
    path("", include("agreements.api")),
    re_path(r"^(?P<rest>.*)$", api_views.not_found),  # last: a JSON 404, never a page
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"))),
    path("open-data/", api_views.open_data, name="open_data"),
    path("open-data/<slug:name>.<str:fmt>", api_views.open_data_file, name="open_data_file"),
    path("me/calendar/", api_views.calendar_token, name="calendar_token"),
    path("", pagecache.cached(*pagecache.all_namespaces())(views.home_page), name="home"),
    path("language/", pagecache.switch_language, name="switch_language"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("allauth.urls")),
    path("me/", include("partnership.accounts.urls")),
    path("units/", include("partnership.organisations.urls")),
    path("notifications/", include("partnership.notifications.urls")),
    path("news/", include("partnership.news.urls")),
    path("search/", include("partnership.search.urls")),
    path("agreement/", include("agreements.urls")),
    path("services/", include("services.urls")),
    path("ideas/", include("ideas.urls")),
    path("admin/", admin.site.urls),
]
