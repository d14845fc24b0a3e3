#!/usr/bin/env bash
# Start (or reuse) a throw-away PostgreSQL for jixiao's tests and benchmarks, then print its URL.
#
#   export JIXIAO_TEST_PG_URL=$(scripts/pg.sh)
#
# Idempotent: when a server already answers on 127.0.0.1:$JIXIAO_PG_PORT it only makes sure
# the jixiao role and database exist.  Installs the Debian package when the binaries are
# missing (needs root).  The cluster lives in $JIXIAO_PG_DIR (default /tmp/jixiao-pg) and
# listens on 127.0.0.1 only.  Stop it with:  scripts/pg.sh stop
set -euo pipefail

PORT="${JIXIAO_PG_PORT:-54329}"
DIR="${JIXIAO_PG_DIR:-/tmp/jixiao-pg}"
URL="postgresql+psycopg://jixiao:jixiao@127.0.0.1:${PORT}/jixiao"

log() { echo "pg.sh: $*" >&2; }

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ]; then
  log "PostgreSQL binaries not found; installing the Debian package"
  if [ "$(id -u)" -ne 0 ]; then log "need root to install postgresql"; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

# Run a command as the cluster owner (root cannot run the server).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "${1:-}" = "stop" ]; then
  if [ -d "$DIR/data" ]; then as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true; fi
  exit 0
fi

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

if ! ready; then
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DIR"; chmod 700 "$DIR"; fi
  if [ ! -s "$DIR/data/PG_VERSION" ]; then
    log "initdb in $DIR/data"
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
      || as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C >&2
  fi
  # A stale pid file from a killed server would stop pg_ctl; remove it when no process owns it.
  if [ -f "$DIR/data/postmaster.pid" ]; then
    pid="$(head -1 "$DIR/data/postmaster.pid")"
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$DIR/data/postmaster.pid"; fi
  fi
  log "starting on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >&2
  for _ in $(seq 1 60); do ready && break; sleep 0.5; done
  ready || { log "server did not start; see $DIR/server.log"; exit 1; }
fi

psql_admin() { as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"; }

psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname='jixiao'" | grep -q 1 \
  || psql_admin -c "CREATE ROLE jixiao LOGIN PASSWORD 'jixiao' CREATEDB" >&2
psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='jixiao'" | grep -q 1 \
  || psql_admin -c "CREATE DATABASE jixiao OWNER jixiao" >&2

# Clients on this machine connect over the server's Unix socket when it is in $DIR (as a local
# install does by default): cheaper than loopback TCP for every query (bench/bench_api.py).
if [ -S "$DIR/.s.PGSQL.$PORT" ]; then
  URL="postgresql+psycopg://jixiao:jixiao@/jixiao?host=${DIR}&port=${PORT}"
fi
echo "$URL"
