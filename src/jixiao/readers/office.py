"""Old and WPS Office files (.doc, .wps, .et) → .docx / .xlsx bytes, by LibreOffice headless.

``soffice --headless --convert-to docx|xlsx`` runs on a private copy of the file in a
private temporary folder, with a user profile of jixiao's own (``-env:UserInstallation``:
a conversion never touches, nor waits on, the profile of a LibreOffice a person has open;
one profile per process, made by its first conversion and removed at exit, conversions
of one process taking turns on it), under a time limit (:data:`TIMEOUT`), and its output
is held to the size limits of :mod:`.safety` before the .docx / .xlsx reader reads it.  The caller reports the original
file's name and format; the converted file is never kept.

- Word 97–2003 ``.doc`` and WPS 文字 ``.wps`` become .docx (LibreOffice Writer);
- WPS 表格 ``.et`` becomes .xlsx (LibreOffice Calc).

A .doc whose text ends inside a table (LibreOffice's own .doc export writes them so) is
first given the final paragraph mark Word always writes (:mod:`._ww8`): without it
LibreOffice's import drops that last table.

Without LibreOffice, :class:`~jixiao.errors.MissingDependency` says how to install it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from ..errors import CorruptFile, MissingDependency
from ..text import bi
from . import safety
from ._ww8 import end_with_paragraph

__all__ = ["FORMATS", "convert", "soffice"]

FORMATS = {"doc": "docx", "wps": "docx", "et": "xlsx"}  # original → the format it is converted to
TIMEOUT = 120.0  # seconds one conversion may take (LibreOffice's first start builds its profile)
INSTALL_HINT = (
    "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
    " (Debian/Ubuntu; elsewhere install LibreOffice and put soffice on PATH)"
)


_lock = threading.Lock()  # one conversion at a time per process: they share the profile
_profile: dict[int, Path] = {}  # process id → its profile folder (a forked worker makes its own)


def _profile_dir() -> Path:
    pid = os.getpid()
    if pid not in _profile:
        path = Path(tempfile.mkdtemp(prefix="jixiao-soffice-profile-"))
        _profile[pid] = path
        atexit.register(shutil.rmtree, path, True)
    return _profile[pid]


def soffice() -> str | None:
    """The LibreOffice program: ``$JIXIAO_SOFFICE``, else soffice / libreoffice on PATH."""
    named = os.environ.get("JIXIAO_SOFFICE")
    if named:
        return named if Path(named).exists() else shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, name: str, fmt: str) -> tuple[str, bytes]:
    """Convert a .doc/.wps/.et file's bytes; return (reader format, converted bytes)."""
    target = FORMATS[fmt]
    program = soffice()
    if program is None:
        raise MissingDependency(
            name,
            bi(
                f"读取 .{fmt} 需要 LibreOffice，请安装：{INSTALL_HINT}",
                f"reading .{fmt} needs LibreOffice; install it: {INSTALL_HINT}",
            ),
        )
    with _lock, tempfile.TemporaryDirectory(prefix="jixiao-office-") as tmp:
        work = Path(tmp)
        source = work / f"input.{fmt}"
        source.write_bytes(data)
        if fmt in ("doc", "wps"):
            end_with_paragraph(source)
        out = work / "out"
        _run(convert_command(program, _profile_dir(), target, out, [source]), work, name, fmt)
        result = out / f"input.{target}"
        if not result.exists():
            raise CorruptFile(
                name,
                bi(
                    f"LibreOffice 无法转换此 .{fmt} 文件（文件损坏？）",
                    f"LibreOffice cannot convert this .{fmt} file (a damaged file?)",
                ),
            )
        size = result.stat().st_size
        safety.check_size(size, name)
        return target, result.read_bytes()


def convert_command(program: str, profile: Path, target: str, out: Path, sources: list[Path]) -> list[str]:
    """The headless LibreOffice command that converts ``sources`` to ``target`` into ``out``, with
    a user profile of its own (``profile``) so it never meets a running LibreOffice's lock."""
    return [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        *map(str, sources),
    ]


def _run(command: list[str], work: Path, name: str, fmt: str) -> None:
    """Run one conversion in its own process group (killed whole when it overruns TIMEOUT),
    with ``work`` as its home: nothing of it is left behind."""
    env = dict(os.environ, HOME=str(work), SAL_USE_VCLPLUGIN="svp")
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    ) as proc:
        try:
            _, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise CorruptFile(
                name,
                bi(
                    f"LibreOffice 转换 .{fmt} 超时（{TIMEOUT:.0f} 秒）",
                    f"LibreOffice took over {TIMEOUT:.0f} s to convert the .{fmt} file",
                ),
            ) from exc
    if proc.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise CorruptFile(
            name,
            bi(
                f"LibreOffice 无法转换此 .{fmt} 文件",
                f"LibreOffice cannot convert this .{fmt} file ({proc.returncode}): {detail[0]}",
            ),
        )
