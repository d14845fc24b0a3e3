"""Small helpers shared by the file readers: safe XML parsing and cell addresses."""

from __future__ import annotations

from typing import TypedDict

from lxml import etree

from ..errors import CorruptFile, UnsafeFile

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
                name, f"XML 含实体声明（entity declarations are not allowed）: {text}", where=where
            ) from exc
        raise CorruptFile(name, f"XML 格式错误（malformed XML）: {text}", where=where) from exc
    if root.getroottree().docinfo.doctype:
        raise UnsafeFile(name, "XML 含 DTD 声明（a DTD is not allowed in Office XML）", where=where)
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
