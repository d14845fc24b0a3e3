"""jixiao (绩效): Chinese public-budget performance targets — read, check, keep, score, write.

The library is the product; the CLI, the REST API and the web UI are thin clients:

>>> from jixiao import ingest_file
>>> doc = ingest_file("目标表.docx")          # doctest: +SKIP
>>> doc.tables[0].indicators[0].target.op      # doctest: +SKIP
'≥'
"""

import os
from typing import TYPE_CHECKING

if os.environ.get("JIXIAO_FROM_SOURCE"):  # the compiled modules from their .py (build_info.SourceFirst)
    from .build_info import load_from_source

    load_from_source()

from .model import Document, Indicator, Table, Value

if TYPE_CHECKING:  # type checkers see the real function; at run time it is loaded lazily
    from .ingest import ingest_file

__version__ = "0.1.0"

__all__ = ["Document", "Indicator", "Table", "Value", "ingest_file", "__version__"]


def __getattr__(name: str) -> object:  # lazy: keep `import jixiao` cheap
    if name == "ingest_file":
        from .ingest import ingest_file

        return ingest_file
    raise AttributeError(name)
