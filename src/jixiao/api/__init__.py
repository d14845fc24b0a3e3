"""The REST API (FastAPI) under ``/api/v1``: a thin adapter over :mod:`jixiao.store`."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
