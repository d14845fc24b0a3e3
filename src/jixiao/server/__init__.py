"""The HTTP server's shared parts: what the REST API and the web UI both use — who is asking
(sessions, bearer tokens, CSRF), settings, middleware, input validation.  The app factory
that mounts the API and the web side by side stands above them all (:mod:`jixiao.app`).

::

    jixiao.app                create_app(), factory()   (uvicorn --factory jixiao.app:factory)
    jixiao.server.auth        get_store, current_user, csrf_protect, login/logout
    jixiao.server.settings Settings.from_env()
    jixiao.server.middleware  the request size limit, the pre-login CSRF cookie

The API (:mod:`jixiao.api`) and the web (:mod:`jixiao.web`) import these, never each other;
these import neither.
"""
