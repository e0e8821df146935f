"""Project configuration: settings, root URLs, WSGI and ASGI.

The configuration lives in ``site/portal`` rather than in a package named
``site`` because Python's standard library already has a ``site`` module,
imported when the interpreter starts, so a project package of that name could
never be imported. ``site/`` is put on ``sys.path`` in exactly three places:
``manage.py``, ``site/portal/wsgi.py``/``asgi.py`` callers (gunicorn's
``--pythonpath site``) and pytest's ``pythonpath`` in ``pyproject.toml``.
"""
