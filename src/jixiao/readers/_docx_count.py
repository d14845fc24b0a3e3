"""A large .docx body's tables (表) counted from its bytes before it is parsed.

:class:`~jixiao.readers._xmlstream.BodyStream` counts every ``w:tbl`` as the parser starts it,
so a document over ``JIXIAO_MAX_TABLES`` is refused at the first table over the limit — but
only after parsing every table before it (a 20,000-table upload took 35–210 s to be refused
at table 5,001).  A part larger than ``safety.PRUNE_AFTER_BYTES`` (one a usual document never
reaches) is first inflated without parsing, its ``<w:tbl>`` tags counted by ``bytes.count``,
and refused the moment the count passes the limit: the same refusal, in the time it takes to
inflate the part up to there.

The count is only trusted where it cannot count what is not a table: the part binds the ``w``
prefix once, to WordprocessingML, and holds no comment, CDATA section or processing
instruction (``<!``, ``<?`` after the XML declaration) — outside those a ``<`` in XML always
starts a tag.  A part that does not qualify, or stays under the limit, is parsed as before
(and counted by the parser).  Tables written as ``<w:tbl …>`` with attributes, or under
another prefix, are not counted here (the parser still counts them): the count never
exceeds what the parser would count.
"""

from __future__ import annotations

import zipfile

from . import safety

_TABLE = b"<w:tbl>"
_BIND = b"xmlns:w="
_W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BOM = b"\xef\xbb\xbf"


def refuse_by_count(zf: zipfile.ZipFile, member: str, name: str, budget: safety.Budget) -> None:
    """Raise the table limit's UnsafeFile when the large part ``member`` holds more tables than
    ``budget`` allows (see the module docstring); return when it cannot tell or it does not."""
    if zf.getinfo(member).file_size <= safety.PRUNE_AFTER_BYTES:
        return
    limit = budget.limits.tables - budget.tables
    tables = binds = bound = 0
    tail = b""
    for chunk in safety.stream_member(zf, member, name):
        body = chunk
        if not tail and chunk.startswith((b"<?xml", _BOM + b"<?xml")):
            body = chunk[chunk.find(b"?>") + 2 :]  # the XML declaration is the one <? allowed
        if _count(tail, body, b"<!") or _count(tail, body, b"<?"):
            return  # a comment, CDATA or processing instruction may hold what looks like a tag
        binds += _count(tail, chunk, _BIND)
        bound += _count(tail, chunk, _W_NS)
        if binds != 1 or bound != 1:
            if binds > 1 or binds > bound:
                return  # w bound to something else, or bound twice
        else:
            tables += _count(tail, chunk, _TABLE)
            if tables > limit:
                raise budget.refuse("tables", member)
        tail = chunk[-16:]


def _count(tail: bytes, chunk: bytes, pattern: bytes) -> int:
    """Occurrences of ``pattern`` in ``chunk`` and across its start (``tail`` ends the chunk
    before it)."""
    n = len(pattern) - 1
    return chunk.count(pattern) + (tail[-n:] + chunk[:n]).count(pattern) if tail else chunk.count(pattern)
