"""Routers of the REST API (each a thin adapter over :class:`jixiao.store.Store`)."""
