"""An XML part read as a stream: past ``safety.PRUNE_AFTER_BYTES``, the finished children of
its body are handed on and dropped after every chunk, so the tree never holds much more than
that, one chunk and one open element.

lxml's :class:`~lxml.etree.XMLPullParser` is fed the chunks of :func:`safety.stream_member`.
Once the part has fed more than ``PRUNE_AFTER_BYTES``, after each chunk every child of the
body except the last (which may still be growing) is finished: it is handed to ``on_done``
in document order and removed.  (Removing an element costs lxml a walk of it, ~25 ms per MB
of XML: a usual part, under the threshold, is handed on whole at the end, as one parse.)  A *wrapper* (a content
control, custom XML) still open at the end of a chunk is entered: its finished children go
the same way, so a body wrapped in one control streams too.  The open element that is not a
wrapper (a table still growing) may hold at most ``safety.MAX_OPEN_XML_BYTES`` of XML.

``counted`` tags are counted as they start, at any depth (``on_start`` gets the running
count): a document of 20,000 tables is refused at the first table over the limit, before the
rest of it is inflated or parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lxml import etree

from ..errors import CorruptFile, UnsafeFile
from ..text import bi
from . import safety
from ._common import xml_pull_parser

Element = etree._Element


class BodyStream:
    """Parse ``chunks`` of the part ``where`` of file ``name``; see the module docstring.

    ``wrappers`` maps a wrapper tag to the tag of its child that holds its content (None: its
    own children are the content)."""

    def __init__(
        self,
        name: str,
        where: str,
        body: str,
        wrappers: dict[str, str | None],
        counted: tuple[str, ...],
        on_done: Callable[[list[Element]], None],
        on_start: Callable[[int], None],
    ) -> None:
        self.name = name
        self.where = where
        self.body_tag = body
        self.wrappers = wrappers
        self.on_done = on_done
        self.on_start = on_start
        self.parser = xml_pull_parser((body, *counted))
        self.body: Element | None = None
        self.started = 0
        self.fed = 0
        self.open: tuple[Element | None, int] = (None, 0)  # the open element, bytes fed when it opened

    def run(self, chunks: Iterable[bytes]) -> Element:
        """Feed every chunk, handing on finished elements as it goes; the root element."""
        for chunk in chunks:
            self.fed += len(chunk)
            self._feed(chunk)
            if self.body is not None and self.fed > safety.PRUNE_AFTER_BYTES:
                self._drain(final=False)
        try:
            root: Element = self.parser.close()
        except etree.XMLSyntaxError as exc:
            raise self._syntax(exc) from exc
        if root.getroottree().docinfo.doctype:
            raise UnsafeFile(
                self.name, bi("XML 含 DTD 声明", "a DTD is not allowed in Office XML"), where=self.where
            )
        if self.body is not None:
            self._drain(final=True)
        return root

    def _feed(self, chunk: bytes) -> None:
        try:
            self.parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            raise self._syntax(exc) from exc
        for _event, el in self.parser.read_events():
            if el.tag == self.body_tag:
                parent = el.getparent()
                if self.body is None and parent is not None and parent.getparent() is None:
                    self.body = el
            else:
                self.started += 1
                self.on_start(self.started)

    def _syntax(self, exc: etree.XMLSyntaxError) -> Exception:
        text = str(exc)
        if "ntity" in text or "DOCTYPE" in text:
            return UnsafeFile(
                self.name,
                bi(f"XML 含实体声明: {text}", f"entity declarations are not allowed: {text}"),
                where=self.where,
            )
        return CorruptFile(self.name, bi(f"XML 格式错误: {text}", f"malformed XML: {text}"), where=self.where)

    def _drain(self, final: bool) -> None:
        """Hand on and drop the finished children of the body and of the open wrappers in it."""
        container: Element | None = self.body
        while container is not None:
            children = list(container)
            done = children if final else children[:-1]
            if done:
                self.on_done(done)
                if final:
                    return  # (the whole tree goes at once, cheaper than element by element)
                for el in done:
                    if el.getparent() is container:
                        container.remove(el)
            if final or not children:
                return
            last = children[-1]
            if last.tag not in self.wrappers:
                self._watch(last)
                return
            inner = self.wrappers[last.tag]
            container = last if inner is None else last.find(inner)

    def _watch(self, el: Element) -> None:
        """Refuse an open element that has grown past MAX_OPEN_XML_BYTES of XML."""
        if self.open[0] is not el:
            self.open = (el, self.fed)
        elif self.fed - self.open[1] > safety.MAX_OPEN_XML_BYTES:
            raise UnsafeFile(
                self.name,
                bi(
                    f"一个表格或段落的 XML 超过 {safety.MAX_OPEN_XML_BYTES // 2**20} MB",
                    f"one table or paragraph is over {safety.MAX_OPEN_XML_BYTES // 2**20} MB of XML",
                ),
                where=self.where,
            )
