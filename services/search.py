"""The catalogue's part of the site-wide search (imported by ServicesConfig.ready())."""

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from partnership.search.selectors import Kind, Result

from .models import Service


class Services(Kind, key="services", list_url="services:index", order=20):
    label = pgettext_lazy("site search", "Services")
    see_all_label = pgettext_lazy("site search", "All matching services")

    def searched(self) -> QuerySet[Service]:
        return Service.objects.published().select_related("category").order_by("name", "pk")

    def result(self, service: Service) -> Result:
        return Result(
            service.name, service.get_absolute_url(), service.category.name, service.summary
        )
