from django.urls import path

from partnership.pagecache import ALL, cached

from . import views

app_name = "search"

# Results come from every area, so any change anywhere shows at once.
urlpatterns = [path("", cached(*ALL)(views.search), name="search")]
