"""Project configuration: settings, root URLs, WSGI and ASGI.

The configuration lives in ``site/portal`` rather than in a package named
``site`` because Python's standard library already has a ``site`` module,
imported when the interpreter starts, so a project package of that name could
never be imported, and Django refuses it as a project name. ``site/`` is put on
``sys.path`` in one plain way wherever Python starts: ``manage.py`` and
``bench/run.py`` insert it, pytest reads ``pythonpath`` in ``pyproject.toml``,
and servers are started with ``gunicorn --pythonpath site portal.wsgi``.
"""
