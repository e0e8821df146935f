from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from assessments import signals  # noqa: F401  (connects the receivers)

    def load_demo_content(self, log):
        from assessments.demo.content import load_demo_content

        return load_demo_content(log)
