"""Ingest: a file → a :class:`~jixiao.model.Document` (readers → Blocks → assembler).

``ingest_file`` and ``ingest_bytes`` are the library entry points every interface
calls; ``ingest_many`` reads a batch (optionally in parallel) and never lets one
bad file stop the others.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .assemble import assemble
from .blocks import paused_gc
from .errors import AssembleError, IngestError
from .model import Document, Source, Warning
from .readers import read_blocks, safety
from .text import bi

T = TypeVar("T")


def ingest_bytes(data: bytes, name: str, jobs: int = 1) -> Document:
    """Read ``data`` (the content of a file called ``name``) into a Document.

    Raises :class:`~jixiao.errors.IngestError` when the file cannot be read; a
    readable file with no performance table gives an empty Document with a warning.
    The readers' notes on their blocks (a cell OCR read with low confidence, a merged
    cell recovered by guessing) become the Document's warnings.  ``jobs`` > 1 OCRs the
    pages of a scan in parallel.
    """
    # One pause of the collector over reading and assembling, the blocks dropped inside it: the
    # collection that follows walks only the Document, not the reader's cells as well (two pauses
    # walked the blocks at the end of the first; ~4 ms of a 500-table .xlsx, bench/bench_xlsx.py).
    with paused_gc():
        fmt, blocks = read_blocks(name, data=data, name=name, jobs=jobs)
        notes = [n for b in blocks for n in b.notes]
        try:
            doc = assemble(blocks)
        except Exception as exc:  # a layout the assembler cannot follow: name the file, keep the batch going
            raise AssembleError(
                name,
                bi(
                    f"无法识别表格结构: {type(exc).__name__}: {exc}",
                    f"cannot assemble the tables: {type(exc).__name__}: {exc}",
                ),
            ) from exc
        del blocks
    doc.source = Source(name=Path(name).name, format=fmt, sha256=hashlib.sha256(data).hexdigest())
    doc.warnings.extend(Warning(n.code, n.message, n.where) for n in notes)
    if not doc.tables:
        doc.warnings.append(
            Warning(
                "JX901",
                bi("未找到绩效目标表或自评表", "no performance target or self-evaluation table found"),
                Path(name).name,
            )
        )
    return doc


def ingest_file(path: str | Path, jobs: int = 1) -> Document:
    """Read one file into a Document.  Raises IngestError naming the file."""
    p = Path(path)
    data = safety.read_limited(p, str(path))
    return ingest_bytes(data, str(path), jobs=jobs)


@dataclass(slots=True)
class Outcome:
    """The result of one file of a batch: a Document or the error that stopped it."""

    path: str
    document: Document | None = None
    error: IngestError | None = None


def _one(path: str, jobs: int = 1) -> Outcome:
    try:
        return Outcome(path, document=ingest_file(path, jobs=jobs))
    except IngestError as exc:
        return Outcome(path, error=exc)


def ingest_many(
    paths: Iterable[str | Path], jobs: int = 1, on_done: Callable[[Outcome], None] | None = None
) -> Iterator[Outcome]:
    """Ingest many files, in input order; ``jobs`` > 1 reads them in parallel processes
    (one file alone gets the ``jobs`` for its pages: a scan's pages are OCR'd in parallel)."""
    items = [str(p) for p in paths]
    if jobs <= 1 or len(items) <= 1:
        outcomes: Iterable[Outcome] = (_one(item, jobs) for item in items)
    else:
        outcomes = in_processes(_one, items, jobs)
    for out in outcomes:
        if on_done:
            on_done(out)
        yield out


def in_processes(work: Callable[[str], T], items: list[str], jobs: int) -> Iterator[T]:
    """``work`` over ``items`` in ``jobs`` worker processes, the results in input order, each
    as soon as it and those before it are done (``work`` and its results must pickle)."""
    import multiprocessing  # with the pool: ~10 ms of imports a single file does not need
    from concurrent.futures import ProcessPoolExecutor

    # ONNX Runtime (OCR) is not safe to fork once loaded: then the workers start from a clean process
    context = multiprocessing.get_context("forkserver") if "onnxruntime" in sys.modules else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(work, items, chunksize=max(1, min(64, len(items) // (jobs * 8))))
