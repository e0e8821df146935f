"""django-axes' backend, letting through the test client's ``login()`` (portal.settings.test).

``Client.login()`` calls ``authenticate()`` without a request, which django-axes
refuses; no page of the portal does that, so the real backend stays in
production, and every login through a page, in the tests too, is still watched.
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class TestClientAxesBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None  # the test client: let the next backend check the password
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        # Wagtail's page test case logs in through the first backend listed (force_login with
        # AUTHENTICATION_BACKENDS[0]), so the session names this one: read the user as Django does.
        return ModelBackend().get_user(user_id)
