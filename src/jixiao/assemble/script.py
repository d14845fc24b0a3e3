"""Script folding for label matching: Traditional characters and inserted pinyin (LAYOUTS.md N, "Script").

One published mirror prints the tables in Traditional characters with pinyin in parentheses after
some characters (``項目名稱``, ``價(jià)格``, ``績(jì)效指標``).  :func:`fold_script` maps the
Traditional characters that occur in labels (项目名称, 绩效指标, 指标值, 预算, 资金 …) to Simplified
ones and removes the pinyin, **for matching only**: the text kept in the Document stays as printed.

The table is deliberately small — the characters of the assembler's vocabulary, titles and money
units — not a general converter.
"""

from __future__ import annotations

import re

_TRADITIONAL = (
    "項项 稱称 績绩 標标 預预 資资 單单 級级 數数 質质 時时 經经 濟济 會会 態态 滿满 務务 對对 實实 際际"
    " 達达 費费 額额 總总 計计 劃划 現现 決决 負负 責责 財财 門门 設设 與与 產产 類类 別别 準准 則则 規规"
    " 範范 關关 營营 業业 報报 證证 據据 屬属 為为 體体 狀状 說说 確确 撥拨 結结 轉转 執执 權权 評评 價价"
    " 進进 備备 註注 內内 釋释 當当 長长 億亿 萬万 專专 縣县 區区 補补 鎮镇 職职 況况 續续 護护 維维 養养"
    " 運运 動动 檢检 驗验 廳厅 處处 機机 構构 條条 錄录 號号 編编 碼码 聯联 繫系 電电 話话 蓋盖 獲获 綜综"
    " 調调 後后 餘余 歷历 導导 傳传 開开 發发 農农 環环 廣广 東东 會会 學学 館馆 醫医 衛卫 險险 億亿 兩两"
    " 對对 應应 盡尽 從从 優优 劣劣 貨货 幣币 歲岁 齊齐 濟济 務务 辦办 圖图 書书 價价 買买 賣卖 採采 購购"
    " 預预 計计 態态 響响 續续 覆覆 蓋盖 總总 達达 標标 準准 確确 題题 質质 隊队 級级 勞劳 動动 協协 調调"
)
_MAP = {pair[0]: pair[1] for pair in _TRADITIONAL.split()}
_TABLE = str.maketrans(_MAP)
_ANY = re.compile("[" + "".join(_MAP) + "]")
# pinyin inserted after a character: lowercase Latin letters with tone marks, in parentheses
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňḿ]{1,7}[)）]")


def fold_script(text: str) -> str:
    """``項目名稱`` → ``项目名称``; ``價(jià)格`` → ``价格``.  For matching only."""
    if not text:
        return text
    if "(" in text or "（" in text:
        text = _PINYIN.sub("", text)
    return text.translate(_TABLE) if _ANY.search(text) else text
