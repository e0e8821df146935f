"""Signing in and out of the portal: one login page for agencies, appraisers and editors alike.

The project's, not an app's: every app's pages sit behind it (django-axes guards it, see lockout.py).
A forgotten password is reset by e-mail from the login page (password_reset.py).
"""

from django.contrib.auth.views import LoginView, LogoutView
from django.urls import path

from portal import password_reset, session_timeout


class PortalLoginView(LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True


urlpatterns = [
    path("dang-nhap/", PortalLoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    *password_reset.urlpatterns,
    # How long the session has left, and the warning's "Stay signed in" (docs/sessions.md).
    *session_timeout.urlpatterns,
]
