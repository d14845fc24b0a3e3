"""Scan benchmark: jixiao's whole scan path against RapidOCR alone on the same pages (the floor).

    .venv/bin/python bench/bench_ocr.py [--pdf tests/corpus/seed/seed-scan.pdf] [--rounds 2] [--jobs 2]

Both read the same scanned pages (the seed's scan by default: 4 pages at 200 dpi, turned by
up to ±1.2°, specks, blur, JPEG artefacts and a red seal ring).

- **jixiao scan path** — ``jixiao.ingest.ingest_file(scan.pdf)``, what a user runs: each page
  rendered from the PDF, the seal whitened, deskewed, the ruling lines found, RapidOCR with
  character boxes (PP-OCRv4 detection and recognition), the boxes with a weak Chinese character
  read again by PP-OCRv5's recogniser (``readers/ocr_second.py``), cells and merged cells from
  the geometry, tables stitched across pages, the assembler → a jixiao/1 Document.
- **RapidOCR alone (floor)** — the pages as images (rendered once, before timing), each read
  by ``RapidOCR(use_cls=False)(image)`` as it comes out of the box (its wheel's PP-OCRv4
  detection and recognition models), nothing else.  No reader of scans does less.

Times are CPU seconds of this process (``time.process_time``: every thread of ONNX Runtime
counts; another process's load does not) and wall seconds, best of the rounds, the two
interleaved round by round.  The ratio judged against the target (≤ 1.5× the floor) is the
CPU one, one page at a time.  ``--jobs N`` then also times the scan path with the pages
OCR'd N at a time (wall time per page; CPU is about the same).  Exit status 1 on FAIL.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _timing import best_of  # noqa: E402

TARGET = 1.5


def main() -> int:
    ap = argparse.ArgumentParser(description="scan (OCR) benchmark")
    ap.add_argument("--pdf", type=Path, default=ROOT / "tests" / "corpus" / "seed" / "seed-scan.pdf")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    from jixiao.ingest import ingest_file
    from jixiao.readers import ocr

    pdf = pdfium.PdfDocument(args.pdf)
    pages = [pdf[i].render(scale=200 / 72).to_numpy().copy() for i in range(len(pdf))]
    floor_engine = RapidOCR(**ocr.ENGINE_SETTINGS)
    ocr.engine()  # both engines made (models loaded) before timing
    floor_engine(pages[0])
    doc = ingest_file(args.pdf)
    n = len(pages)

    def floor() -> None:
        for image in pages:
            floor_engine(image)

    times = best_of({"jixiao scan path": lambda: ingest_file(args.pdf), "RapidOCR alone": floor}, args.rounds)
    if args.jobs > 1:
        times.update(
            best_of(
                {f"jixiao scan path, --jobs {args.jobs}": lambda: ingest_file(args.pdf, jobs=args.jobs)}, 1
            )
        )
    print(
        f"{args.pdf.name}: {n} pages, {len(doc.tables)} tables, "
        f"{sum(len(t.indicators) for t in doc.tables)} indicators; best of {args.rounds}, per page:"
    )
    for name, (cpu, wall) in times.items():
        print(f"  {name:<34} {cpu / n:6.2f} s CPU  {wall / n:6.2f} s wall")
    ratio = times["jixiao scan path"][0] / times["RapidOCR alone"][0]
    wall_ratio = times["jixiao scan path"][1] / times["RapidOCR alone"][1]
    passed = ratio <= TARGET
    print(
        f"  {'PASS' if passed else 'FAIL'}  scan path / RapidOCR alone: {ratio:.2f}× CPU (target <= {TARGET}×)"
    )
    print(f"  info  wall: {wall_ratio:.2f}×")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
