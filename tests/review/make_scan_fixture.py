"""Write tests/review/fixtures/JX903/{fires,passes}.png: crops of the seed's scan for the OCR rule.

Both are the indicator rows 一级指标 … 成本指标 of the seed scan's second table (grey, 1340×233
px, so OCR reads each in a few seconds).  In ``fires.png`` two thirds of the pixels of one
指标值 cell (≥95%) are wiped out, as a faded print would: OCR reads it with a confidence well
under readers/ocr.py's LOW_CONFIDENCE (0.59 for "05%" when written); ``passes.png`` is the
clean crop.  Run ``python tests/review/make_scan_fixture.py`` to write them again.
"""

from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
SCAN = HERE.parent / "corpus" / "seed" / "seed-scan.png"
ROWS, COLUMNS = slice(1325, 1558), slice(180, 1520)  # seed-scan.png: table 2's indicator rows
CELL = (slice(108, 140), slice(1095, 1255))  # in the crop: 质量指标's 指标值 ≥95%


def main() -> None:
    clean = cv2.imread(str(SCAN), cv2.IMREAD_GRAYSCALE)[ROWS, COLUMNS].copy()
    faded = clean.copy()
    wiped = np.random.default_rng(7).random(faded[CELL].shape) < 0.65
    faded[CELL][wiped] = 255
    out = HERE / "fixtures" / "JX903"
    out.mkdir(parents=True, exist_ok=True)
    for name, image in (("fires.png", faded), ("passes.png", clean)):
        ok, data = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        assert ok
        (out / name).write_bytes(data.tobytes())


if __name__ == "__main__":
    main()
