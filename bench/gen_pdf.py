"""Generate a ≥100-page PDF of ruled performance-target tables for the PDF benchmark.

    .venv/bin/python bench/gen_pdf.py [--tables 200] [--engine soffice|weasyprint] [--out bench/_data]

- ``soffice`` (default): the seed-layout .docx of ``bench/gen.py`` (N copies of the
  seed's six tables, numbered, with their own amounts) printed by LibreOffice, exactly
  as the corpus PDFs were made.  Tables break across pages, rows split at page breaks,
  merged 一级指标 cells run over to the next page.
- ``weasyprint``: the same tables as HTML (from ``tests/corpus/seed/seed.html``, with
  the same numbering) printed by WeasyPrint with the Noto CJK font: a second PDF
  producer with its own way of drawing rulings.

Writes ``tables-N.pdf`` (soffice) or ``tables-N-weasy.pdf`` (weasyprint) and prints
the path and the page count.  An existing file is reused unless ``--force``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 12pt 0; }
td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; }
p { margin: 6pt 0; }
"""


def build_soffice(n_tables: int, out: Path) -> Path:
    import gen  # bench/gen.py: the seed-layout .docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice (LibreOffice) is not installed; use --engine weasyprint")
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        docx = gen.build_docx(n_tables, Path(tmp))
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(docx),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
        )
        target = out / f"tables-{n_tables}.pdf"
        shutil.move(str(docx.with_suffix(".pdf")), target)
    return target


def build_weasyprint(n_tables: int, out: Path) -> Path:
    from weasyprint import HTML

    seed = (ROOT / "tests" / "corpus" / "seed" / "seed.html").read_text(encoding="utf-8")
    body = seed[seed.index("<body>") + 6 : seed.index("</body>")]
    pairs = re.findall(r"(<p>.*?</p>)?\s*(<table.*?</table>)", body, flags=re.S)
    parts = []
    for i in range(n_tables):
        title, table = pairs[i % len(pairs)]
        copy = i // len(pairs) + 1
        if title:
            title = re.sub(r"<p>\d+\.", f"<p>{i + 1}.", title)
        # a distinct project name per copy (the first 项目名称 value cell)
        table = re.sub(
            r"(<td>项目名称</td><td colspan=\"\d+\">)([^<]*)", rf"\g<1>\g<2>（{copy:04d}）", table, count=1
        )
        parts.append(f"{title}\n{table}")
    html = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}</style></head>'
        f"<body>{''.join(parts)}</body></html>"
    )
    target = out / f"tables-{n_tables}-weasy.pdf"
    HTML(string=html).write_pdf(target)
    return target


def pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def generate(
    n_tables: int = 200,
    engine: str = "soffice",
    out: Path | str = ROOT / "bench" / "_data",
    force: bool = False,
) -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / (f"tables-{n_tables}.pdf" if engine == "soffice" else f"tables-{n_tables}-weasy.pdf")
    if target.exists() and not force:
        return target
    built = build_soffice(n_tables, out) if engine == "soffice" else build_weasyprint(n_tables, out)
    if built != target:
        os.replace(built, target)
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=200)
    ap.add_argument("--engine", choices=("soffice", "weasyprint"), default="soffice")
    ap.add_argument("--out", default=str(ROOT / "bench" / "_data"))
    ap.add_argument("--force", action="store_true", help="rebuild even when the file exists")
    args = ap.parse_args()
    path = generate(args.tables, args.engine, args.out, args.force)
    print(f"{path}  ({pages(path)} pages)")


if __name__ == "__main__":
    main()
