from django.urls import path

from partnership.pagecache import all_namespaces, cached

from . import views

app_name = "search"

# Results come from every area, so any change anywhere shows at once.
urlpatterns = [path("", cached(*all_namespaces())(views.search), name="search")]
