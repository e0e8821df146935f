from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from publications import signals  # noqa: F401  (connects the receivers)

    def load_demo_content(self, log):
        from publications.demo import load_demo_content

        return load_demo_content(log)
