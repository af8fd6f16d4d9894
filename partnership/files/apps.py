from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "partnership.files"
    label = "files"
    verbose_name = _("Files")

    def ready(self) -> None:
        from partnership import privacy

        from .actions import erase_pending_uploads

        privacy.register_eraser(erase_pending_uploads)
