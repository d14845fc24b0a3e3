"""Markdown fixtures (STYLE.md 8): a small document in pipe tables, read by the text reader."""

from __future__ import annotations

from jixiao.ingest import ingest_bytes
from jixiao.model import Document, Table


def read(md: str) -> Document:
    """The Document a Markdown fixture ingests to."""
    return ingest_bytes(md.encode("utf-8"), "fixture.md")


def one(md: str) -> Table:
    """The one table a Markdown fixture holds."""
    doc = read(md)
    assert len(doc.tables) == 1, [t.title for t in doc.tables]
    return doc.tables[0]
