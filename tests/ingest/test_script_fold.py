"""Script folding asks OpenCC only about a text it may change (jixiao/script.py,
``data/t2s_chars.txt``): a Simplified file never loads the converter, and a Traditional one
reads as before — the list of changeable characters is held to the installed converter."""

from __future__ import annotations

import subprocess
import sys

import pytest
from opencc import OpenCC

from jixiao.script import changeable, fold_script

LAST = 0x323AF  # the last CJK ideograph (Extension H), as scripts/t2s_chars.py asks


def test_every_character_the_converter_changes_is_listed() -> None:
    """Fails when an upgraded opencc changes a character the list lacks (run scripts/t2s_chars.py)."""
    cc = OpenCC("t2s")
    listed = changeable()
    missing = [
        ch
        for cp in range(0x80, LAST + 1)
        if not 0xD800 <= cp <= 0xDFFF and (ch := chr(cp)) not in listed and cc.convert(ch) != ch
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("printed", "folded"),
    [
        ("沈默", "沉默"),  # phrases of characters each unchanged alone: their changed one is listed
        ("反覆", "反复"),
        ("一坏", "一坯"),
        ("甦醒", "苏醒"),
        ("瞭解", "了解"),
        ("項目名稱", "项目名称"),
        ("價(jià)格", "价格"),
        ("项目名称", "项目名称"),
        ("预算执行率(%)", "预算执行率(%)"),
    ],
)
def test_folding_is_what_opencc_gives(printed: str, folded: str) -> None:
    assert fold_script(printed) == folded == OpenCC("t2s").convert(printed.replace("(jià)", ""))


def _loads_opencc(text: str) -> bool:
    probe = (
        "import sys\n"
        "from jixiao.script import fold_script\n"
        f"fold_script({text!r})\n"
        "print('opencc' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    return out.stdout.strip() == "True"


def test_a_simplified_text_never_loads_the_converter() -> None:
    assert not _loads_opencc("年度绩效目标（长期）")
    assert _loads_opencc("年度績效目標")
