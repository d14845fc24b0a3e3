"""File safety limits shared by every reader: size caps, zip-bomb and XML-entity guards.

Limits are module constants so tests and settings can lower them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import CorruptFile, UnsafeFile

MAX_FILE_BYTES = 64 * 1024 * 1024  # a single input file
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # total of all members of a .docx/.xlsx
MAX_MEMBER_RATIO = 200  # uncompressed / compressed for one member
MAX_MEMBERS = 10_000

__all__ = ["UnsafeFile", "check_size", "read_limited", "zip_kind", "open_zip", "read_member"]


def check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise UnsafeFile(
            name, f"the file is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit"
        )


def read_limited(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise CorruptFile(name, "no such file") from exc
    except OSError as exc:
        raise CorruptFile(name, f"cannot open the file: {exc.strerror}") from exc
    check_size(size, name)
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError as exc:
        raise CorruptFile(name, "is a directory, not a file") from exc
    except OSError as exc:
        raise CorruptFile(name, f"cannot read the file: {exc.strerror}") from exc


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open an OOXML zip after checking it is not a zip bomb."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFile(name, f"not a valid zip container (truncated or damaged): {exc}") from exc
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFile(name, f"the archive has {len(infos)} members")
    total = 0
    for info in infos:
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / max(info.compress_size, 1) > MAX_MEMBER_RATIO
            and info.file_size > 10 * 2**20
        ):
            raise UnsafeFile(
                name, f"{info.filename} expands {info.file_size // max(info.compress_size, 1)}× (zip bomb)"
            )
    if total > MAX_UNZIPPED_BYTES:
        raise UnsafeFile(
            name,
            f"the archive expands to {total / 2**20:.0f} MB, over the {MAX_UNZIPPED_BYTES // 2**20} MB limit",
        )
    return zf


def read_member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    """Read one member with a hard cap (the declared size can lie), rejecting DTDs/entities."""
    try:
        info = zf.getinfo(member)
    except KeyError as exc:
        raise CorruptFile(name, f"missing part {member}") from exc
    limit = min(info.file_size, MAX_UNZIPPED_BYTES) + 1
    try:
        with zf.open(info) as fh:
            data = fh.read(limit)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise CorruptFile(name, f"damaged part {member}: {exc}", where=member) from exc
    except Exception as exc:  # zlib.error and friends
        raise CorruptFile(name, f"damaged part {member}: {exc}", where=member) from exc
    if len(data) >= limit and limit > info.file_size:
        raise UnsafeFile(name, f"{member} is larger than it declares (zip bomb)", where=member)
    if member.endswith(".xml") or member.endswith(".rels"):
        reject_dtd(data, name, member)
    return data


def reject_dtd(data: bytes, name: str, where: str) -> None:
    """Office XML never needs a DTD: any <!DOCTYPE or <!ENTITY is an attack (billion laughs, XXE)."""
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"<!doctype" in head:
        raise UnsafeFile(
            name, "the XML declares a DTD or entities (billion laughs / external entity attack)", where=where
        )


def zip_kind(data: bytes, name: str) -> str | None:
    zf = open_zip(data, name)
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None
