"""blocks.paused_gc: the collector is paused while blocks are built and always restored."""

from __future__ import annotations

import gc
import threading

import pytest

from jixiao.blocks import paused_gc
from jixiao.ingest import ingest_file


def test_restores_the_collector_after_an_ingest_and_after_an_error() -> None:
    assert gc.isenabled()
    doc = ingest_file("tests/corpus/seed/seed.xlsx")
    assert doc.tables and gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_and_concurrent_pauses_reenable_only_at_the_last_exit() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with paused_gc():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other)
    with paused_gc():
        t.start()
        assert inside.wait(5)
        with paused_gc():
            assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread is still inside its pause
    leave.set()
    t.join(5)
    assert gc.isenabled()


def test_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
