"""Both languages, never mixed (双语): a lint over the source, the templates and the catalogues.

- Every error jixiao raises on purpose carries both languages: an exception of the
  :class:`~jixiao.errors.JixiaoError` tree (or an ``HTTPException``) raised with a literal
  message must wrap it in :func:`jixiao.text.bi` (Chinese, English).
- Each :func:`~jixiao.text.bi` pair is one language each: the Chinese has Chinese in it and
  no English sentence in parentheses; the English has no Chinese character; both fill the
  same ``{fields}``.
- No string literal of the library is a mixed sentence: Chinese followed by an English
  phrase in parentheses (``…的表（the file holds another unit's table）``) or after a slash.
- The web catalogue (:mod:`jixiao.web.i18n`): every key in both languages, the English with
  no Chinese, the Chinese with no English phrase, the same ``{fields}``.
- The templates print no text of their own: what a page says comes from ``t(…)`` (visible
  text between tags, ``title``, ``placeholder`` and ``aria-label`` attributes).
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "jixiao"
TEMPLATES = SRC / "web" / "templates"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Chinese text, then an English phrase (two or more words) in parentheses or after " / "
MIXED = re.compile(
    r"[\u3400-\u9fff][^（(]*[（(][^（）()\u3400-\u9fff]*[A-Za-z]{2,}[ ,;:'][A-Za-z][^（）()]*[）)]|[\u3400-\u9fff].* / [a-z]{2,} [a-z]"
)
# an English phrase (three words or more) inside a Chinese text
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}\b")
# Words a page may print as they are in either language (formats, names of things).
AS_IS = frozenset({"PDF", "CSV", "JSON", "DOCX", "XLSX", "HTML", "API", "jixiao", "JX", "OpenAPI", "Swagger"})


# raised with a reason code, the message built from it in both languages
REASON_CODES = frozenset({"DatabaseUnavailable"})


def sources() -> Iterator[tuple[Path, ast.Module, str]]:
    for path in sorted(SRC.rglob("*.py")):
        code = path.read_text(encoding="utf-8")
        yield path, ast.parse(code, str(path)), code


def literal(node: ast.AST | None) -> str | None:
    """The text of a str literal or an f-string (fields as ``{}``), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def error_classes() -> tuple[set[str], set[str]]:
    """The names of jixiao's exception classes, and of those whose message is the second
    argument (the IngestError family: ``IngestError(file, reason)``)."""
    bases: dict[str, list[str]] = {}
    for _path, tree, _ in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases]

    def family(root: str) -> set[str]:
        out = {root}
        grew = True
        while grew:
            grew = False
            for name, parents in bases.items():
                if name not in out and any(p in out for p in parents):
                    out.add(name)
                    grew = True
        return out

    return family("JixiaoError") | {"HTTPException"}, family("IngestError")


def test_every_error_is_raised_in_both_languages() -> None:
    errors, ingest = error_classes()
    bad = []
    for path, tree, _ in sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name not in errors or name in REASON_CODES:
                continue
            if name == "HTTPException":
                message = node.args[1] if len(node.args) > 1 else None
            elif name in ingest:
                message = node.args[1] if len(node.args) > 1 else None
                message = next((k.value for k in node.keywords if k.arg == "reason"), message)
            else:
                message = node.args[0] if node.args else None
            text = literal(message)
            if text is not None and any(c.isalpha() for c in text):
                bad.append(f"{path.relative_to(SRC)}:{node.lineno} {name}({text!r})")
    assert bad == [], "raise these with bi(中文, English):\n" + "\n".join(bad)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def bilingual_pairs() -> Iterator[tuple[str, str, str]]:
    """(where, Chinese, English) of every bi(…) call."""
    for path, tree, _ in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "bi":
                zh, en = (literal(a) for a in node.args[:2])
                if zh is not None and en is not None:
                    yield f"{path.relative_to(SRC)}:{node.lineno}", zh, en


def test_each_bilingual_message_is_one_language_each() -> None:
    bad = []
    pairs = list(bilingual_pairs())
    assert len(pairs) > 150  # the walk sees the library's messages
    for where, zh, en in pairs:
        if CJK.search(re.sub(r"\{[^}]*\}", "", en)):
            bad.append(f"{where}: English with Chinese: {en!r}")
        if not CJK.search(zh) and re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", zh)):
            bad.append(f"{where}: Chinese with no Chinese: {zh!r}")
        bare = re.sub(r"`[^`]*`", "", zh)  # a command quoted as it is typed
        if MIXED.search(bare) or ENGLISH_PHRASE.search(bare):
            bad.append(f"{where}: Chinese with English: {zh!r}")
    assert bad == [], "\n".join(bad)


def test_no_mixed_sentence_in_the_library() -> None:
    bad = []
    for path, tree, _ in sources():
        parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
        for node in ast.walk(tree):
            text = literal(node)
            if text is None or isinstance(parents.get(node), ast.JoinedStr | ast.Expr):
                continue  # a part of an f-string, or a docstring
            parent = parents.get(node)
            if isinstance(parent, ast.keyword) and parent.arg in ("summary", "description", "help"):
                continue  # OpenAPI and --help texts for developers, not messages
            if MIXED.search(text):
                bad.append(f"{path.relative_to(SRC)}:{node.lineno} {text[:80]!r}")
    assert bad == [], "\n".join(bad)


def catalogue() -> dict[str, tuple[str, str]]:
    import jixiao.web  # noqa: F401  (every page module registers its messages)
    from jixiao.web import i18n

    return dict(i18n._MESSAGES)


def test_the_web_catalogue_is_complete_in_both_languages() -> None:
    bad = []
    messages = catalogue()
    assert len(messages) > 300
    for key, (zh, en) in messages.items():
        if key == "lang.switch":
            continue  # the link to the other language, named in it: "English" / "中文"
        if not zh.strip() or not en.strip():
            bad.append(f"{key}: empty")
        if CJK.search(re.sub(r"\{[^}]*\}", "", en)):
            bad.append(f"{key}: English with Chinese: {en!r}")
        if MIXED.search(zh) or ENGLISH_PHRASE.search(zh):
            bad.append(f"{key}: Chinese with English: {zh!r}")
        if _fields(zh) != _fields(en):
            bad.append(f"{key}: fields differ: {zh!r} / {en!r}")
    assert bad == [], "\n".join(bad)


def _visible(template: str) -> Iterator[tuple[int, str]]:
    """Text a template prints of its own: between tags, and in title/placeholder/aria-label
    attributes, with every Jinja expression, statement and comment taken out."""
    text = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", lambda m: "\x00" * len(m.group(0)), text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", lambda m: " " * len(m.group(0)), text, flags=re.S)
    for m in re.finditer(r">([^<>]+)<", text):
        yield text.count("\n", 0, m.start()) + 1, m.group(1)
    for m in re.finditer(r"\b(?:title|placeholder|aria-label|alt)=\"([^\"]*)\"", text):
        yield text.count("\n", 0, m.start()) + 1, m.group(1)


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_print_no_text_of_their_own(path: Path) -> None:
    bad = []
    for line, chunk in _visible(path.read_text(encoding="utf-8")):
        words = [
            w
            for w in re.findall(r"[A-Za-z]{2,}|[\u3400-\u9fff]+", chunk.replace("\x00", " "))
            if w not in AS_IS
        ]
        if words:
            bad.append(f"{path.name}:{line} {chunk.strip()[:60]!r}")
    assert bad == [], "say it with t('key'):\n" + "\n".join(bad)
