"""Site-wide files browsers ask for at fixed addresses: ``/favicon.ico``.

The icon (绩 on the header's red) is ``static/favicon.svg``, which every page links; browsers
and tools that ask for ``/favicon.ico`` get ``static/favicon.ico``, the same picture at 16, 32
and 48 px (rendered from the SVG once, with Chromium and Pillow).
"""

from __future__ import annotations

from fastapi.responses import FileResponse, Response

from .render import STATIC
from .session import web_router

router = web_router()


@router.get("/favicon.ico")
async def favicon() -> Response:
    return FileResponse(
        STATIC / "favicon.ico",
        media_type="image/vnd.microsoft.icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )
