"""PDF writer: WeasyPrint renders the HTML forms with a CJK font from Debian's fonts-noto-cjk.

The font is found through fontconfig by family name (``Noto Serif CJK SC``, first in the
page's font list); :func:`cjk_font_path` says which file fontconfig picks, for diagnostics.
Where the layout allows, the indicator grid's header row is a ``<thead>``, repeated on
every page a long grid runs onto.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from typing import Any

from .html import render_forms
from .layout import Form

FAMILY = "Noto Serif CJK SC"


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """The file of the Noto CJK font (``fc-match``), or None when fontconfig cannot say."""
    exe = shutil.which("fc-match")
    if not exe:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{file}", f"{FAMILY}:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if "CJK" in out else None


@lru_cache(maxsize=1)
def _weasy() -> Any:
    """WeasyPrint, imported on first use (importing it loads Pango and fonts, slow for a CLI)."""
    import weasyprint

    return weasyprint


def render_pdf(forms: list[Form], title: str = "绩效目标表") -> bytes:
    """The forms as a PDF (A4, CJK font embedded, grid headers repeated across pages)."""
    page = render_forms(forms, title=title, repeat_header=True)
    weasyprint = _weasy()
    pdf: bytes = weasyprint.HTML(string=page, base_url=".").write_pdf()
    return pdf
