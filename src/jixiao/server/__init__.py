"""The HTTP server: the app factory that mounts the REST API and the web UI side by side,
and what both share — who is asking (sessions, bearer tokens, CSRF), settings, middleware.

::

    jixiao.server.app      create_app(), factory()   (uvicorn --factory jixiao.server.app:factory)
    jixiao.server.auth     get_store, current_user, csrf_protect, login/logout
    jixiao.server.settings Settings.from_env()
    jixiao.server.middleware  the request size limit, the pre-login CSRF cookie

The API (:mod:`jixiao.api`) and the web (:mod:`jixiao.web`) import these, never each other.
"""
