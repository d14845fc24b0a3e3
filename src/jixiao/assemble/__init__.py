"""The assembler: Blocks → domain tables (see assemble/document.py)."""

from .document import assemble

__all__ = ["assemble"]
