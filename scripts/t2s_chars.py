"""Write ``src/jixiao/data/t2s_chars.txt``: every character OpenCC's ``t2s`` may change.

    .venv/bin/python scripts/t2s_chars.py PATH/TO/OpenCC/data/dictionary/TSPhrases.txt

:func:`jixiao.script.fold_script` asks OpenCC only about a text that holds one of these
characters, so a file of Simplified tables never loads OpenCC (~20 ms of CPU a process).  A text
with none of them is one OpenCC leaves as it is: every dictionary entry that changes something
has at least one of them in its key.

- single characters: every code point the *installed* converter changes on its own (all of
  Unicode is asked, so ``TSCharacters``, ``TSCharactersExt`` and the compatibility ideographs of
  the normalisation step are all covered, whatever their version);
- phrases whose characters are each unchanged alone (``沈默`` → ``沉默``, ``反覆`` → ``反复``,
  ``一坏`` → ``一坯``): the characters the phrase changes, from OpenCC's ``TSPhrases.txt`` (the
  source of the installed ``TSPhrases.ocd2``; each of its entries is checked against the
  installed converter, and a mismatch stops the script).

Run it again when the opencc package is upgraded; ``tests/ingest/test_script_fold.py`` fails
when the installed converter changes a character the file does not list.
"""

from __future__ import annotations

import sys
from pathlib import Path

from opencc import OpenCC

OUT = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "data" / "t2s_chars.txt"
LAST = 0x323AF  # the last assigned CJK ideograph (Extension H) in Unicode 15


def changed_alone(cc: OpenCC) -> set[str]:
    """Every character the converter changes on its own."""
    out = set()
    for cp in range(0x80, LAST + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if cc.convert(ch) != ch:
            out.add(ch)
    return out


def phrase_witnesses(cc: OpenCC, phrases: Path, alone: set[str]) -> set[str]:
    """The characters that phrases made only of unchanged characters change."""
    out: set[str] = set()
    for n, line in enumerate(phrases.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, values = line.split("\t")
        value = values.split(" ")[0]
        got = cc.convert(key)
        if got != value:
            raise SystemExit(f"{phrases}:{n}: {key} → {got} by the installed opencc, {value} in the file")
        if got == key or alone & set(key):
            continue
        if len(got) == len(key):
            out.update(k for k, v in zip(key, got, strict=True) if k != v)
        else:
            out.update(key)
    return out


def main() -> int:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    cc = OpenCC("t2s")
    alone = changed_alone(cc)
    chars = alone | phrase_witnesses(cc, Path(sys.argv[1]), alone)
    text = "".join(sorted(chars))
    OUT.write_text("".join(text[i : i + 64] + "\n" for i in range(0, len(text), 64)), encoding="utf-8")
    print(f"{OUT}: {len(chars)} characters ({len(chars) - len(alone)} from phrases)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
