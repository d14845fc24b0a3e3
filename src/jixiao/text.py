"""User-facing text in both languages (双语文本): Simplified Chinese and English.

The library's messages — the errors it raises, the notes and warnings it returns — are
:class:`Text`: a ``str`` whose value is the Chinese (what ``str(exc)`` and the CLI print, as
before) that also carries its English.  An adapter shows the one its user chose::

    raise ConfigError(bi(f"未知角色 {role!r}", f"unknown role {role!r}"))
    exc.message("en")          # → "unknown role 'x'"   (JixiaoError.message)
    in_lang(note, "en")        # any str: its English when it has one, else itself

A sentence is never written in both languages at once ("中文（English）"): the lint test
``tests/quality/test_language.py`` fails on one, and on an exception raised with plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

LANGS: tuple[str, ...] = ("zh", "en")


class Text(str):
    """A message: its Chinese is the string itself; ``en`` is its English."""

    en: str

    def __new__(cls, zh: str, en: str) -> Text:
        obj = super().__new__(cls, zh)
        obj.en = en
        return obj

    def in_lang(self, lang: str) -> str:
        return self.en if lang == "en" else str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled across process pools (ingest --jobs)
        return (Text, (str.__str__(self), self.en))

    def to_dict(self) -> dict[str, str]:
        return {"zh": str.__str__(self), "en": self.en}


def bi(zh: str, en: str) -> Text:
    """The message ``zh`` (中文) / ``en`` (English)."""
    return Text(zh, en)


def in_lang(text: str | None, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Text`'s English or Chinese; any other str as it is."""
    if text is None:
        return ""
    return text.in_lang(lang) if isinstance(text, Text) else text


def join(parts: Sequence[str], zh_sep: str = "；", en_sep: str = "; ") -> Text:
    """Messages joined into one, in each language."""
    return Text(zh_sep.join(in_lang(p, "zh") for p in parts), en_sep.join(in_lang(p, "en") for p in parts))


def stored(text: str | None) -> Any:
    """A message as JSON can keep it: ``{"zh", "en"}`` for a :class:`Text`, else the str."""
    return text.to_dict() if isinstance(text, Text) else text


def from_stored(value: Any) -> str | None:
    """The inverse of :func:`stored`."""
    if isinstance(value, dict) and "zh" in value:
        return Text(str(value["zh"]), str(value.get("en") or value["zh"]))
    return None if value is None else str(value)
