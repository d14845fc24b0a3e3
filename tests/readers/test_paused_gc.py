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


def test_what_the_pause_made_is_not_walked_again_when_the_collector_comes_back() -> None:
    """The objects made in a pause go to the oldest generation and the young count starts again:
    no pass walks them all the moment the collector is back; cyclic garbage made after is still
    collected, and nothing stays frozen."""
    passes: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.collect()
    with paused_gc():
        kept = [[i] for i in range(50_000)]
        gc.callbacks.append(seen)
    gc.callbacks.remove(seen)
    assert passes == [] and gc.get_freeze_count() == 0
    assert any(obj is kept for obj in gc.get_objects(generation=2))
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1
    assert len(kept) == 50_000
