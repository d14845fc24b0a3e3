"""Header meaning (表头含义): a printed header or label → the field it stands for.

A header is first normalised (:func:`header_key`): full-width forms folded, Traditional characters
converted and pinyin dropped (script.py), whitespace, asterisks, punctuation and list numbering
removed, and parenthesised annotations taken off — a weight (``(50分)``) and a period mark
(``(长期)``) are kept as data, others (``(必填硬性指标)``, ``(0-20)分``, ``(B/A)``, ``(万元)``) are
dropped.  The key is then looked up in the vocabulary (vocabulary.py) of its *domain* — grid
columns, header-block labels, sections, money-grid columns and rows, goal columns — and, when
it is not there, scored against every phrase of every domain with rapidfuzz:

- the character similarity of the two keys (``fuzz.ratio``: ``主管部n`` ~ ``主管部门``);
- the head noun: a phrase that ends the key (``区级林业主管部门`` ends with ``主管部门``);
- the same characters in another order (``考值参分`` ~ ``参考分值``, an OCR reading-order slip).

The phrase that scores best wins, and it must belong to the domain asked about: ``绩效指标``
is a section (exactly), so it is never taken for the column ``绩效指标描述``.  A key that
matches nothing well gets no role — it is reported by the caller, never forced.  Every
classification is cached per distinct text: a document repeats its labels, and a batch
repeats its layouts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .vocabulary import (
    COLUMN_ROLES,
    FUNDS_COLUMNS,
    FUNDS_ROWS,
    GOAL_COLUMNS,
    HEADER_KEYS,
    SECTIONS,
    folded,
    month_range,
)

STRONG = 0.75  # a label alone is taken at this score
WEAK = 0.6  # a cell of a row that is a header already (by its other cells) is taken at this score

_NOISE = re.compile(r"[\s*＊★☆※:：,，、。;；!！?？'\"“”‘’·•]+")
_NUMBERING = re.compile(
    r"^(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|[①-⑳])"
)
_FORMULA = re.compile(r"[①-⑳][=＝].*$|(?<=.)[①-⑳]$")
_CIRCLED_FIRST = re.compile(r"^[①-⑳]")
_ANNOTATION = re.compile(r"[（(\[【]([^（()）\]】]*)[)）\]】]")
_WEIGHT_NOTE = re.compile(r"^(\d+(?:\.\d+)?)分?$")
_TRAILING_WEIGHT = re.compile(r"(?<=[^\d.])(\d+(?:\.\d+)?)分$")
_PERIODS = {"长期": "period", "中期": "period", "实施期": "period", "年度": "annual", "当年": "annual"}
_DIGIT = re.compile(r"\d")
_MAX_LABEL = 16  # a label longer than this (after its annotations are gone) is text, not a label


@dataclass(frozen=True, slots=True)
class Key:
    """A normalised header: the text to match, and the data its annotations carried."""

    text: str
    weight: float | None = None
    period: str | None = None


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a header means in one domain: its role, how sure (1.0 exact, else the fuzzy score),
    the vocabulary phrase it matched, and its annotations' weight and period."""

    role: str | None
    score: float = 0.0
    phrase: str | None = None
    weight: float | None = None
    period: str | None = None

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


NOTHING = Meaning(None)


@lru_cache(maxsize=1 << 14)
def header_key(text: str | None) -> Key:
    """A printed header → its :class:`Key` (cached).

    ``*指标值(或计划水平)`` → 指标值; ``產出指標(50分)`` → 产出指标, weight 50; ``年度指标值(长期)``
    → 年度指标值, period "period"; ``成本指标(0-20)分`` → 成本指标; ``1.项目名称：`` → 项目名称;
    ``①项目名称`` → 项目名称; ``全年执行数③`` → 全年执行数; ``年度资金总额⑤=①+②`` → 年度资金总额.
    """
    if not text:
        return Key("")
    # ①–⑳ go first: folding (NFKC) turns them into digits, and 执行数③ or 总额⑤=①+② would keep them
    t = _FORMULA.sub("", _CIRCLED_FIRST.sub("", text.strip(), count=1))
    t = folded(t).replace("其它", "其他")  # (a variant spelling)
    t = _NOISE.sub("", t)
    t = _NUMBERING.sub("", t, count=1)
    weight: float | None = None
    period: str | None = None
    # an annotation opens with one of these, a trailing weight ends with 分: most keys have neither
    if "(" in t or "（" in t or "[" in t or "【" in t:
        for note in _ANNOTATION.findall(t):
            m = _WEIGHT_NOTE.match(note)
            if m:
                weight = float(m.group(1))
            elif note in _PERIODS:
                period = _PERIODS[note]
        t = _ANNOTATION.sub("", t)
        t = t.replace("(", "")
    t = t.replace(")", "")  # an unbalanced parenthesis (an OCR slip)
    if t.endswith("分"):
        m2 = _TRAILING_WEIGHT.search(t)
        if m2:
            weight = float(m2.group(1)) if weight is None else weight
            t = t[: m2.start()]
        elif text.rstrip().endswith((")分", "）分")):
            t = t[:-1]  # 成本指标(0-20)分: the range went with the parentheses
    return Key(month_range(t), weight, period)


# ---- the vocabulary of every domain, as phrases ------------------------------------------------

DOMAINS: dict[str, Mapping[str, str]] = {
    "column": COLUMN_ROLES,
    "field": HEADER_KEYS,
    "section": SECTIONS,
    "funds_column": FUNDS_COLUMNS,
    "funds_row": FUNDS_ROWS,
    "goal": GOAL_COLUMNS,
}


_GOAL_FIELDS = {"goals": "annual", "goals_period": "period", "outcome": "outcome"}


class Lexicon:
    """Every phrase of every domain, normalised by :func:`header_key`, with the (domain, role)
    pairs it stands for."""

    def __init__(self, domains: Mapping[str, Mapping[str, str]]) -> None:
        tags: dict[str, dict[str, str]] = {}
        for domain, table in domains.items():
            for phrase, role in table.items():
                key = header_key(phrase).text
                if key:
                    tags.setdefault(key, {}).setdefault(domain, role)
                    if domain == "field" and role in _GOAL_FIELDS:  # a goal label heads a goal column too
                        tags[key].setdefault("goal", _GOAL_FIELDS[role])
        self.tags = tags
        self.phrases = list(tags)
        self.by_last: dict[str, list[str]] = {}
        self._scored: dict[str, list[tuple[float, str]]] = {}
        self.by_letters: dict[str, list[str]] = {}  # the same characters in another order
        for p in self.phrases:
            if len(p) >= 2:
                self.by_last.setdefault(p[-1], []).append(p)
            if len(p) >= 3:
                self.by_letters.setdefault("".join(sorted(p)), []).append(p)

    def scores(self, key: str) -> list[tuple[float, str]]:
        """(score, phrase) of the phrases close to ``key``, best first (the same key asked
        for another domain is scored once)."""
        known = self._scored.get(key)
        if known is None:
            known = self._scored[key] = self._score(key)
            if len(self._scored) > 1 << 15:
                self._scored.clear()
        return known

    def _score(self, key: str) -> list[tuple[float, str]]:
        from rapidfuzz import fuzz, process  # (imported on the first miss: most files never miss)

        found: dict[str, float] = {}
        for phrase, score, _ in process.extract(
            key, self.phrases, scorer=fuzz.ratio, limit=8, score_cutoff=40
        ):
            found[phrase] = score / 100.0
        for phrase in self.by_last.get(key[-1], ()):  # the head noun ends the key
            if len(phrase) < len(key) and key.endswith(phrase):
                found[phrase] = max(found.get(phrase, 0.0), 0.8 + 0.2 * len(phrase) / len(key))
        if len(key) >= 3:
            for phrase in self.by_letters.get("".join(sorted(key)), ()):
                found[phrase] = max(found.get(phrase, 0.0), 0.9)
        return sorted(((s, p) for p, s in found.items()), key=lambda sp: (-sp[0], sp[1]))


_LEXICON: Lexicon | None = None


def lexicon() -> Lexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = Lexicon(DOMAINS)
    return _LEXICON


def could_be_label(key: str) -> bool:
    """A normalised text that may be a label at all: short, no digits, some Chinese."""
    return (
        0 < len(key) <= _MAX_LABEL and not _DIGIT.search(key) and any("\u3400" <= c <= "\u9fff" for c in key)
    )


@lru_cache(maxsize=1 << 15)
def meaning(domain: str, text: str | None, floor: float = STRONG) -> Meaning:
    """What ``text`` means as a header of ``domain`` ("column", "field", "section",
    "funds_column", "funds_row", "goal"), or :data:`NOTHING` (cached).

    Exact first: the normalised key in the domain's vocabulary.  Else the best fuzzy phrase over
    all domains must score at least ``floor`` and belong to ``domain`` (a text that is exactly a
    label of another domain means nothing here)."""
    key = header_key(text)
    if not key.text:
        return NOTHING
    lex = lexicon()
    tags = lex.tags.get(key.text)
    if tags is not None:
        role = tags.get(domain)
        return Meaning(role, 1.0, key.text, key.weight, key.period) if role else NOTHING
    best, tied = _best_phrases(key.text)
    if best < floor:
        return NOTHING
    for phrase, phrase_tags in tied:  # only the phrases that tie for best may speak for the domain
        role = phrase_tags.get(domain)
        if role:
            return Meaning(role, round(best, 3), phrase, key.weight, key.period)
    return NOTHING


@lru_cache(maxsize=1 << 14)
def _best_phrases(key: str) -> tuple[float, tuple[tuple[str, dict[str, str]], ...]]:
    """The best fuzzy score of a key that is not vocabulary, and the phrases that tie for it with
    their (domain → role) tags; (0.0, ()) for a text that cannot be a label (cached per key: the
    same key is asked for several domains)."""
    if not could_be_label(key):
        return 0.0, ()
    lex = lexicon()
    ranked = lex.scores(key)
    if not ranked:
        return 0.0, ()
    best = ranked[0][0]
    return best, tuple((p, lex.tags[p]) for s, p in ranked if s >= best - 1e-9)


def best_of(domain: str, texts: Iterable[str], floor: float = STRONG) -> list[Meaning]:
    """:func:`meaning` of each text (a convenience for rows)."""
    return [meaning(domain, t, floor) for t in texts]
