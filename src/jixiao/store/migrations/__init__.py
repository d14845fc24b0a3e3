"""Alembic migrations of the jixiao store (run by ``jixiao db upgrade``)."""
