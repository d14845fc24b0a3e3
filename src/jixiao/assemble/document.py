"""Blocks → Document.  (Being written: the layout recogniser.)"""

from __future__ import annotations

from ..blocks import Block
from ..model import Document


def assemble(blocks: list[Block]) -> Document:
    return Document()
