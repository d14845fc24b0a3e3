"""File safety limits shared by every reader: size caps, zip-bomb and XML-entity guards, and
the limits on what one file may hold (tables, rows, cells, pages).

- Sizes: a file over ``MAX_FILE_BYTES``, an Office container expanding past
  ``MAX_UNZIPPED_BYTES`` or holding a member that expands too far (a zip bomb), or a member
  larger than it declares, is an :class:`~jixiao.errors.UnsafeFile`.
- XML: Office XML never needs a DTD; a ``<!DOCTYPE`` or ``<!ENTITY`` anywhere in any XML part
  (billion laughs, external entities) is refused.  Parts are read in chunks
  (:func:`stream_member`), each chunk searched for a ``!`` first: one ``memchr`` for the usual
  part, which has none.
- Holdings: :class:`Limits` (from the environment: ``JIXIAO_MAX_TABLES``, ``JIXIAO_MAX_ROWS``,
  ``JIXIAO_MAX_CELLS``, ``JIXIAO_MAX_PAGES``) bound the work and memory of reading one file.
  Each reader charges a :class:`Budget` while it reads — per table, row or page, never per
  cell — and stops at the first excess with an UnsafeFile naming the file, the place and the
  limit.  A paragraph counts as a row of one cell.  What a reader checks before it builds
  anything (a spreadsheet's extent, a PDF's page count) is in the reader.

The size limits are module constants so tests can lower them; the holdings limits are read
from the environment on every file (:func:`limits`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..env import env_int
from ..errors import CorruptFile, UnsafeFile
from ..text import bi

MAX_FILE_BYTES = 64 * 1024 * 1024  # a single input file
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # total of all members of a .docx/.xlsx
MAX_MEMBER_RATIO = 200  # uncompressed / compressed for one member
MAX_MEMBERS = 10_000
MAX_OPEN_XML_BYTES = 16 * 1024 * 1024  # one table (or paragraph) of a .docx, while it is parsed
PRUNE_AFTER_BYTES = 8 * 1024 * 1024  # a .docx body past this much XML drops its finished tables
CHUNK = 1 << 20  # bytes of a zip member inflated at a time (also ~1.7x faster than one read)

__all__ = [
    "Budget",
    "Limits",
    "UnsafeFile",
    "check_size",
    "limits",
    "open_zip",
    "read_limited",
    "read_member",
    "stream_member",
    "vet_parts",
    "zip_kind",
]


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one file may hold.  The defaults leave room for the largest real documents
    (a province's 3,000-table file) and keep a worker's memory for one file in the low
    hundreds of MB."""

    tables: int = 5_000
    rows: int = 200_000
    cells: int = 1_000_000
    pages: int = 2_000

    @classmethod
    def from_env(cls) -> Limits:
        default = _DEFAULT
        return cls(
            tables=max(1, env_int("JIXIAO_MAX_TABLES", default.tables)),
            rows=max(1, env_int("JIXIAO_MAX_ROWS", default.rows)),
            cells=max(1, env_int("JIXIAO_MAX_CELLS", default.cells)),
            pages=max(1, env_int("JIXIAO_MAX_PAGES", default.pages)),
        )


_DEFAULT = Limits()


def limits() -> Limits:
    """The limits in force now (the environment's, else the defaults)."""
    return Limits.from_env()


_WHAT = {
    "tables": ("张表格", "tables", "JIXIAO_MAX_TABLES"),
    "rows": ("行（表格行与段落）", "rows (table rows and paragraphs)", "JIXIAO_MAX_ROWS"),
    "cells": ("个单元格", "cells", "JIXIAO_MAX_CELLS"),
    "pages": ("页", "pages", "JIXIAO_MAX_PAGES"),
}


class Budget:
    """What one file has used of its :class:`Limits` so far.  Readers charge it as they go;
    the first charge over a limit raises :class:`UnsafeFile` naming the file, the place
    (``where``) and the limit."""

    __slots__ = ("name", "limits", "tables", "rows", "cells", "pages")

    def __init__(self, name: str, limits: Limits | None = None) -> None:
        self.name = name
        self.limits = limits or Limits.from_env()
        self.tables = self.rows = self.cells = self.pages = 0

    def refuse(self, what: str, where: str | None = None) -> UnsafeFile:
        """The error for going over the limit ``what`` ("tables", "rows", "cells", "pages")."""
        limit = getattr(self.limits, what)
        zh, en, var = _WHAT[what]
        return UnsafeFile(
            self.name,
            bi(
                f"文件过大：超过 {limit:,} {zh}的上限（{var}）",
                f"file too large: more than {limit:,} {en} (the limit, {var})",
            ),
            where=where,
        )

    def table(self, rows: int, cells: int, where: str | None = None) -> None:
        """Charge one table of ``rows`` rows and ``cells`` cells."""
        self.tables += 1
        if self.tables > self.limits.tables:
            raise self.refuse("tables", where)
        self.add(rows, cells, where)

    def add(self, rows: int, cells: int, where: str | None = None) -> None:
        """Charge ``rows`` rows and ``cells`` cells (a paragraph: 1 and 1)."""
        self.rows += rows
        self.cells += cells
        if self.rows > self.limits.rows:
            raise self.refuse("rows", where)
        if self.cells > self.limits.cells:
            raise self.refuse("cells", where)

    def found_tables(self, count: int, where: str | None = None) -> None:
        """Charge ``count`` tables whose rows and cells were charged already (a sheet's)."""
        self.tables += count
        if self.tables > self.limits.tables:
            raise self.refuse("tables", where)

    def page(self, where: str | None = None) -> None:
        self.pages += 1
        if self.pages > self.limits.pages:
            raise self.refuse("pages", where)

    def fits(self, rows: int = 0, cells: int = 0, tables: int = 0, where: str | None = None) -> None:
        """Raise unless ``rows``/``cells``/``tables`` more would still be within the limits
        (for what is known before it is built: a sheet's extent, a table still growing)."""
        if self.tables + tables > self.limits.tables:
            raise self.refuse("tables", where)
        if self.rows + rows > self.limits.rows:
            raise self.refuse("rows", where)
        if self.cells + cells > self.limits.cells:
            raise self.refuse("cells", where)


def check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise UnsafeFile(
            name,
            bi(
                f"文件为 {size / 2**20:.0f} MB，超过 {MAX_FILE_BYTES // 2**20} MB 的上限",
                f"the file is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit",
            ),
        )


def read_limited(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise CorruptFile(name, bi("文件不存在", "no such file")) from exc
    except OSError as exc:
        raise CorruptFile(
            name, bi(f"无法打开文件: {exc.strerror}", f"cannot open the file: {exc.strerror}")
        ) from exc
    check_size(size, name)
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError as exc:
        raise CorruptFile(name, bi("这是目录，不是文件", "is a directory, not a file")) from exc
    except OSError as exc:
        raise CorruptFile(
            name, bi(f"无法读取文件: {exc.strerror}", f"cannot read the file: {exc.strerror}")
        ) from exc


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open an OOXML zip after checking it is not a zip bomb.

    Two members whose names differ only in case or slash direction are refused too: another
    reader (python-calamine) might open the one that was not checked."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFile(
            name,
            bi(
                f"不是有效的 zip 容器（文件被截断或已损坏）: {exc}",
                f"not a valid zip container (truncated or damaged): {exc}",
            ),
        ) from exc
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFile(
            name, bi(f"压缩包中有 {len(infos)} 个部件，过多", f"the archive has {len(infos)} members")
        )
    if len({info.filename.replace("\\", "/").lower() for info in infos}) != len(infos):
        raise UnsafeFile(name, bi("压缩包中有两个同名部件", "the archive holds two members of the same name"))
    total = 0
    for info in infos:
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / max(info.compress_size, 1) > MAX_MEMBER_RATIO
            and info.file_size > 10 * 2**20
        ):
            raise UnsafeFile(
                name,
                bi(
                    f"{info.filename} 解压后膨胀 {info.file_size // max(info.compress_size, 1)} 倍（压缩炸弹）",
                    f"{info.filename} expands {info.file_size // max(info.compress_size, 1)}× (zip bomb)",
                ),
            )
    if total > MAX_UNZIPPED_BYTES:
        raise UnsafeFile(
            name,
            bi(
                f"压缩包解压后为 {total / 2**20:.0f} MB，超过 {MAX_UNZIPPED_BYTES // 2**20} MB 的上限",
                f"the archive expands to {total / 2**20:.0f} MB, over the {MAX_UNZIPPED_BYTES // 2**20} MB limit",
            ),
        )
    return zf


def stream_member(zf: zipfile.ZipFile, member: str, name: str) -> Iterator[bytes]:
    """One member's bytes, ``CHUNK`` at a time, under a hard cap (the declared size can lie);
    an XML part (``.xml``, ``.rels``) holding a DTD or an entity declaration anywhere is refused.
    A reader that stops iterating stops the inflating: nothing past that point is read."""
    try:
        info = zf.getinfo(member)
    except KeyError as exc:
        raise CorruptFile(name, bi(f"缺少部件 {member}", f"missing part {member}")) from exc
    xml = member.endswith((".xml", ".rels"))
    limit = min(info.file_size, MAX_UNZIPPED_BYTES)
    seen = 0
    tail = b""
    try:
        with zf.open(info) as fh:
            while True:
                try:
                    chunk = fh.read(CHUNK)
                except (zipfile.BadZipFile, EOFError, OSError) as exc:
                    raise CorruptFile(
                        name,
                        bi(f"部件 {member} 已损坏: {exc}", f"damaged part {member}: {exc}"),
                        where=member,
                    ) from exc
                except Exception as exc:  # zlib.error and friends
                    raise CorruptFile(
                        name,
                        bi(f"部件 {member} 已损坏: {exc}", f"damaged part {member}: {exc}"),
                        where=member,
                    ) from exc
                if not chunk:
                    return
                seen += len(chunk)
                if seen > limit:
                    raise UnsafeFile(
                        name,
                        bi(
                            f"{member} 比声明的更大（压缩炸弹）",
                            f"{member} is larger than it declares (zip bomb)",
                        ),
                        where=member,
                    )
                if xml and b"!" in chunk:  # both declarations start "<!" (the usual part has no "!")
                    reject_dtd(tail + chunk, name, member)
                tail = chunk[-8:]
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError) as exc:  # opening the member
        raise CorruptFile(
            name, bi(f"部件 {member} 已损坏: {exc}", f"damaged part {member}: {exc}"), where=member
        ) from exc


def read_member(
    zf: zipfile.ZipFile,
    member: str,
    name: str,
    watch: Callable[[Iterator[bytes]], Iterable[bytes]] | None = None,
) -> bytes:
    """One member's bytes, read by :func:`stream_member` (size capped, no DTD anywhere);
    ``watch`` sees the chunks on their way (and may stop the reading by raising)."""
    stream = stream_member(zf, member, name)
    chunks = list(watch(stream) if watch is not None else stream)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def vet_parts(zf: zipfile.ZipFile, name: str, done: set[str] | frozenset[str] = frozenset()) -> None:
    """Check every XML part not in ``done`` (those the reader read itself) for a DTD, so no
    part of an Office file can carry one (``_rels/.rels``, the theme, the settings …)."""
    for info in zf.infolist():
        if info.filename not in done and info.filename.endswith((".xml", ".rels")):
            for _chunk in stream_member(zf, info.filename, name):
                pass


def reject_dtd(data: bytes, name: str, where: str) -> None:
    """Office XML never needs a DTD: any <!DOCTYPE or <!ENTITY is an attack (billion laughs, XXE)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<!doctype" in data:
        raise UnsafeFile(
            name,
            bi(
                "XML 声明了 DTD 或实体（实体膨胀或外部实体攻击）",
                "the XML declares a DTD or entities (billion laughs or external entity attack)",
            ),
            where=where,
        )


def zip_kind(data: bytes, name: str) -> str | None:
    zf = open_zip(data, name)
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None
