from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def load_demo_content(self, log):
        from home.demo_content import load_demo_content

        return load_demo_content(log)
