"""gunicorn's settings, read from the working folder: `gunicorn --pythonpath site portal.wsgi`.

gunicorn 27 has no setting for its ``Server: gunicorn`` header, which tells an
attacker what software to look up flaws for; its response class is patched here,
once, in the master process before the workers fork, to leave the header out.
(A reverse proxy in front may add its own: hide it there too, see docs/security.md.)
"""

from gunicorn.http.wsgi import Response

_default_headers = Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


Response.default_headers = _headers_without_server
