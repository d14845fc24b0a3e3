#!/usr/bin/env bash
# The main job on a fresh machine: install jixiao, then `jixiao demo` — a fresh embedded SQLite,
# the bundled seed ingested and reviewed, a demo admin (password printed), the web UI on
# http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
# PDF export needs a CJK font and Pango (WeasyPrint).
if ! fc-list 2>/dev/null | grep -ci "Noto Sans CJK" >/dev/null || ! ldconfig -p 2>/dev/null | grep -c libpangoft2-1.0 >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && apt-get install -y -qq fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
  else
    echo "demo.sh: install fonts-noto-cjk and libpango-1.0-0 for PDF export" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/jixiao demo "$@"
