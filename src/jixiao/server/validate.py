"""Request values checked before anything reaches the store: the seed of the validation layer
shared by the REST API and the web UI (both routers depend on :func:`request_params`).

The database holds what Python does not bound: an id over 2**31 − 1 or a page whose offset
overflows a bigint made PostgreSQL raise, and a NUL byte cannot be part of PostgreSQL text;
each was a 500.  Here every path and query parameter is looked at once, by name:

- a NUL character anywhere → 422;
- the integer parameters (``INT_BOUNDS``: ``page``, ``per_page``, ``year``, ``version``,
  ``index``, and every id: any parameter named ``…_id``) must lie in their range → 422
  naming the parameter (the route still parses the value, so its own errors are unchanged).

Bodies are the models' business: their fields' bounds (:data:`RowId`, :data:`Version` — the same
ranges as the parameters of those names) and :func:`no_nul`; a form's fields are the route's,
through :func:`refuse_nul` (a file's name loses its NULs in :func:`jixiao.actions.queue_import`).
"""

from __future__ import annotations

from itertools import chain
from typing import Annotated

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import Field

from ..text import bi

DB_INT_MAX = 2**31 - 1  # a PostgreSQL integer (ids, years, versions)
PAGE_MAX = 1_000_000  # × per_page (≤ 500) stays far inside a bigint OFFSET
ID_BOUNDS = (1, DB_INT_MAX)  # every parameter named …_id: a row's id
INT_BOUNDS: dict[str, tuple[int, int]] = {
    "index": (0, DB_INT_MAX),
    "version": (1, DB_INT_MAX),
    "year": (-DB_INT_MAX, DB_INT_MAX),
    "page": (1, PAGE_MAX),
    "per_page": (1, DB_INT_MAX),
}
# the same ranges for a body's fields (a 22-digit id in a JSON list overflowed SQLite: a 500)
RowId = Annotated[int, Field(ge=ID_BOUNDS[0], le=ID_BOUNDS[1])]
Version = Annotated[int, Field(ge=INT_BOUNDS["version"][0], le=INT_BOUNDS["version"][1])]


NUL_MESSAGE = bi("不能含 NUL 字符", "must not contain a NUL character")


def _error(where: str, name: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": (where, name), "msg": message, "type": "value_error"}])


def refuse_nul(where: str, name: str, value: str | None) -> None:
    """Raise the 422 of a request value holding a NUL (a parameter, a form field)."""
    if value and "\x00" in value:
        raise _error(where, name, NUL_MESSAGE)


def no_nul(value: str) -> str:
    """A text with no NUL character (PostgreSQL text cannot hold one), else ValueError."""
    if "\x00" in value:
        raise ValueError(NUL_MESSAGE)
    return value


def bounds_of(name: str) -> tuple[int, int] | None:
    """The range of the integer parameter ``name``, or None when it has none."""
    return ID_BOUNDS if name.endswith("_id") else INT_BOUNDS.get(name)


def in_range(name: str, raw: str) -> bool:
    """Whether ``raw``, when it is an integer, lies in the range of the parameter ``name``."""
    bounds = bounds_of(name)
    if bounds is None:
        return True
    digits = raw.strip().removeprefix("-").removeprefix("+")
    if not digits.isdigit():
        return True  # not an integer: the route's own parsing answers it
    if len(digits) > 12:
        return False
    return bounds[0] <= int(raw) <= bounds[1]


async def request_params(request: Request) -> None:
    """Dependency: refuse a path or query parameter holding a NUL, or an integer out of range."""
    params = chain(
        (("path", k, str(v)) for k, v in request.path_params.items()),
        (("query", k, v) for k, v in request.query_params.multi_items()),
    )
    for where, name, raw in params:
        refuse_nul(where, name, raw + name)
        if not in_range(name, raw):
            low, high = bounds_of(name) or (0, 0)
            raise _error(where, name, bi(f"超出范围 {low}…{high}", f"out of range {low}…{high}"))
