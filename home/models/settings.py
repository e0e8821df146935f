from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    """Who runs the portal, shown in the header and footer of every page."""

    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("The body that runs the portal.")
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("portal settings")
