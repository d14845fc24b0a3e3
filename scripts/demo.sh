#!/usr/bin/env bash
# The main job on a fresh machine: install jixiao, then `jixiao demo` — a fresh embedded SQLite,
# the bundled seed ingested and reviewed, a demo admin (password printed), the web UI on
# http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then   # PDF export needs a CJK font
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "demo.sh: install fonts-noto-cjk for PDF export" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/jixiao demo "$@"
