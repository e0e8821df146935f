"""Forgotten passwords: a link by e-mail to choose a new one, through Django's password-reset views.

- The request page answers the same whatever address is typed: a known address gets one mail
  per active account with a usable password, an unknown one gets none, and both see the same
  "check your mail" page, so the page never tells whether an address has an account.
  Accounts without a usable password (new accounts waiting for their invitation, generated
  demo accounts) get nothing: Django's ``PasswordResetForm.get_users`` leaves them out.
- The link carries Django's token: it works once (the token depends on the password hash) and
  for ``PASSWORD_RESET_TIMEOUT`` seconds, which the pages and the mail state in words.
- A completed reset lifts the login lock (django-axes) of that user name: whoever chose the new
  password has just proved they read the account's mail, and the lock was there to stop someone
  guessing the old password, which no longer works. See docs/security.md.
- Choosing a password does not sign the person in: they log in on the login page, which
  django-axes watches, as every login is.
"""

from axes.utils import reset as reset_login_lock
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Site

from home.models import PortalSettings


def link_lifetime(seconds: int | None = None) -> str:
    """How long a reset link works, in words ("1 ngày", "24 giờ", "30 phút"), from ``PASSWORD_RESET_TIMEOUT``."""
    if seconds is None:
        seconds = settings.PASSWORD_RESET_TIMEOUT
    day, hour, minute = 24 * 60 * 60, 60 * 60, 60
    if seconds % day == 0:
        return ngettext("%(count)d day", "%(count)d days", seconds // day) % {"count": seconds // day}
    if seconds % hour == 0:
        return ngettext("%(count)d hour", "%(count)d hours", seconds // hour) % {"count": seconds // hour}
    # Rounded down: the page must never promise more time than the link has.
    minutes = max(seconds // minute, 1)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def mail_context(request: HttpRequest) -> dict[str, str]:
    """What the mail names besides the link: the portal, who runs it, how long the link works."""
    site = Site.find_for_request(request)
    portal = PortalSettings.load(request_or_site=request)
    return {
        "site_name": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
        "organisation": portal.organisation,
        "link_lifetime": link_lifetime(),
    }


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address of your account"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the e-mail address of your account."),
            "invalid": _("Enter an e-mail address such as name@agency.gov.vn."),
            "max_length": _("An e-mail address has at most %(limit_value)d characters."),
        },
    )


class InvalidFormIs400:
    """A form sent back with mistakes answers 400, as every form of the portal does."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LinkLifetimeMixin:
    def get_context_data(self, **kwargs):
        return super().get_context_data(link_lifetime=link_lifetime(), **kwargs)


class ResetRequestView(InvalidFormIs400, LinkLifetimeMixin, PasswordResetView):
    template_name = "portal/password_reset/request.html"
    form_class = ResetRequestForm
    email_template_name = "portal/password_reset/email.txt"
    subject_template_name = "portal/password_reset/subject.txt"

    def form_valid(self, form):
        self.extra_email_context = mail_context(self.request)
        return super().form_valid(form)


class ResetSentView(LinkLifetimeMixin, PasswordResetDoneView):
    template_name = "portal/password_reset/sent.html"


class ResetConfirmView(InvalidFormIs400, LinkLifetimeMixin, PasswordResetConfirmView):
    template_name = "portal/password_reset/confirm.html"
    # The token leaves the address for this word once checked (Django keeps it in the session).
    reset_url_token = "dat-mat-khau"

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_login_lock(username=form.user.get_username())
        return response

    def render_to_response(self, context, **kwargs):
        # A used, expired or mistyped link is bad input: say so in words, with a 4xx.
        if not context.get("validlink"):
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)


class ResetCompleteView(PasswordResetCompleteView):
    template_name = "portal/password_reset/complete.html"


urlpatterns = [
    path("quen-mat-khau/", ResetRequestView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", ResetSentView.as_view(), name="password_reset_done"),
    path("quen-mat-khau/da-doi/", ResetCompleteView.as_view(), name="password_reset_complete"),
    path("quen-mat-khau/<uidb64>/<token>/", ResetConfirmView.as_view(), name="password_reset_confirm"),
]
