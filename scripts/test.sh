#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what it needs, starts PostgreSQL, runs pytest.
#
#   ./scripts/test.sh            # everything
#   ./scripts/test.sh tests/ingest -x   # arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium (browser tests), PostgreSQL (store tests), a CJK font (PDF output),
# poppler (PDF → PNG), LibreOffice Writer and Calc (the .docx opens in LibreOffice; .doc/.wps
# and .et are converted by it), libGL and GLib for OpenCV (the ocr extra reads scans).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -ci "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
ldconfig -p 2>/dev/null | grep -c 'libGL.so.1 ' >/dev/null || need+=(libgl1)
ldconfig -p 2>/dev/null | grep -c 'libglib-2.0.so.0 ' >/dev/null || need+=(libglib2.0-0)
ldconfig -p 2>/dev/null | grep -c libpangoft2-1.0 >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
fi

# Python environment (the test extra pulls in the ocr extra: the OCR tests run everywhere).  The
# install is the compiled build users get (setup.py: mypyc, ~1 min); the tests then check that the
# modules of jixiao/build_info.py COMPILED really run compiled (tests/quality/test_build.py), so
# the suite never tests pure code while the benches time compiled code.  JIXIAO_PURE=1 tests a
# pure-Python install instead.
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
if [ -z "${JIXIAO_PURE:-}" ] || [ "${JIXIAO_PURE}" = 0 ]; then export JIXIAO_EXPECT_COMPILED=1; fi
echo "test.sh: jixiao $(.venv/bin/python -c 'from jixiao.build_info import describe; print(describe())')" >&2

# PostgreSQL for the storage tests (never skipped).
JIXIAO_TEST_PG_URL="$(scripts/pg.sh)"
export JIXIAO_TEST_PG_URL
export JIXIAO_CHROMIUM=/usr/bin/chromium

exec .venv/bin/python -m pytest "$@"
