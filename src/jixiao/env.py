"""Settings read from the environment: one parser, so every ``JIXIAO_*`` number fails alike."""

from __future__ import annotations

import os

from .errors import ConfigError
from .text import bi


def env_int(name: str, default: int) -> int:
    """The integer in the environment variable ``name``, else ``default``; ConfigError when it is
    set to something that is not an integer."""
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(
            bi(
                f"环境变量 {name} 必须是整数: {raw!r}",
                f"the environment variable {name} must be an integer: {raw!r}",
            )
        ) from exc
