from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from partnership import pagecache, views

admin.site.site_header = _("Đoàn – VNPT partnership portal")
admin.site.site_title = _("Đoàn – VNPT administration")
admin.site.index_title = _("Welcome to the portal's administration")

urlpatterns = [
    path("", pagecache.cached(*pagecache.ALL)(views.home_page), name="home"),
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
