"""Small helpers shared by the file readers: safe XML parsing, cell addresses, text decoding
and the cells of a pipe-table line."""

from __future__ import annotations

import re
from typing import TypedDict

from lxml import etree

from ..errors import CorruptFile, EncodingError, UnsafeFile
from ..text import bi

# One parser per thread would be needed for threads; readers run one file per process/thread
# call and lxml parsers are cheap to make, so each call makes its own.


class _Safe(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    dtd_validation: bool
    huge_tree: bool
    remove_comments: bool
    remove_pis: bool


# Never expand entities, never touch the network, never load a DTD, no huge trees.
SAFE: _Safe = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def xml_parser() -> etree.XMLParser:
    """An XML parser that never expands entities, never touches the network, never loads a DTD."""
    return etree.XMLParser(**SAFE)


def xml_pull_parser(tags: tuple[str, ...]) -> etree.XMLPullParser:
    """:func:`xml_parser`'s settings, fed chunk by chunk, reporting the start of ``tags``."""
    return etree.XMLPullParser(events=("start",), tag=tags, **SAFE)


def parse_xml(data: bytes, name: str, where: str) -> etree._Element:
    """Parse one XML part of an Office file into its root element.

    Raises :class:`UnsafeFile` for any DTD (billion laughs, external entities) and
    :class:`CorruptFile` for malformed XML, naming the file and the part.
    """
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        text = str(exc)
        if "ntity" in text or "DOCTYPE" in text:
            raise UnsafeFile(
                name,
                bi(f"XML 含实体声明: {text}", f"entity declarations are not allowed: {text}"),
                where=where,
            ) from exc
        raise CorruptFile(name, bi(f"XML 格式错误: {text}", f"malformed XML: {text}"), where=where) from exc
    if root.getroottree().docinfo.doctype:
        raise UnsafeFile(name, bi("XML 含 DTD 声明", "a DTD is not allowed in Office XML"), where=where)
    return root


def column_letters(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letters: str) -> int:
    """ "A" → 0, "AA" → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def decode(data: bytes, name: str) -> str:
    """Decode text bytes, detecting UTF-8 / UTF-16 / GB18030; raise EncodingError otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.encoding is None:
        raise EncodingError(
            name, bi("无法识别文本编码", "cannot tell the text encoding (not UTF-8, GBK/GB18030 or UTF-16)")
        )
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise EncodingError(
            name,
            bi(
                f"文本编码 {best.encoding} 解码失败: {exc}",
                f"cannot decode the text as {best.encoding}: {exc}",
            ),
        ) from exc


_BR = re.compile(r"<br\s*/?>", re.I)


def split_row(line: str) -> list[str]:
    """The cells of one pipe-table line, stripped; ``\\|`` is a literal pipe."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, buf, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            buf.append("|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    cells.append("".join(buf))
    return [_BR.sub("\n", c).strip() for c in cells]
