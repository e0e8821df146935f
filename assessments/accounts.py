"""Accounts people set up themselves: a one-time link to choose a password.

Passwords are never mailed or printed. The link carries Django's password-reset
token, which stops working once the password is set (the token depends on the
password hash) or after PASSWORD_RESET_TIMEOUT.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetCompleteView, PasswordResetConfirmView
from django.core.mail import send_mail
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def set_password_url(user) -> str:
    path = reverse(
        "set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def send_invitations(user_ids: list[int]) -> int:
    """Mails each new user the link to set a password; returns how many were sent."""
    sent = 0
    for user in get_user_model().objects.filter(pk__in=user_ids).exclude(email=""):
        body = _(
            "Hello %(name)s,\n\nAn account on the digital-government assessment portal has been created for you "
            "with the user name %(username)s.\n\nChoose your password with this link (it works once):\n%(url)s\n"
        ) % {"name": user.get_full_name() or user.username, "username": user.username, "url": set_password_url(user)}
        send_mail(_("Your account on the assessment portal"), body, None, [user.email])
        sent += 1
    return sent


class SetPasswordView(PasswordResetConfirmView):
    template_name = "assessments/set_password.html"
    success_url = reverse_lazy("set_password_done")


class SetPasswordDoneView(PasswordResetCompleteView):
    template_name = "assessments/set_password_done.html"
