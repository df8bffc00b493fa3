#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the corpus store tests.
# Prints the URL to use as REPORTEDLY_TEST_PG_URL on stdout (nothing when none can start);
# diagnostics go to stderr.  Usage: url=$(.ci/postgres.sh start DIR) ; .ci/postgres.sh stop DIR
set -uo pipefail
action=${1:-start}
dir=${2:-/tmp/reportedly-ci-pg}
# a free loopback port unless one is given (a server left from an earlier run may hold the old one)
port=${REPORTEDLY_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 54329)}

find_bin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$b" ] && [ -x "$b/initdb" ]; then echo "$b"; return 0; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

as_owner() {
  # initdb/postgres refuse to run as root: use the Debian package's postgres user then
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

if [ "$action" = stop ]; then
  bin=$(find_bin) && as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >&2 || true
  exit 0
fi

if ! bin=$(find_bin); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing postgresql (Debian package)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || true
  fi
  bin=$(find_bin) || { echo "no PostgreSQL available; PostgreSQL store tests will be skipped" >&2; exit 0; }
fi

rm -rf "$dir" && mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
if ! as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1; then
  as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; echo "initdb failed; PostgreSQL tests will be skipped" >&2; exit 0; }
fi
if ! as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
     -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off\" start" >&2; then
  cat "$dir/server.log" >&2; echo "PostgreSQL did not start; its tests will be skipped" >&2; exit 0
fi
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres reportedly_test >&2 || { echo "createdb failed" >&2; exit 0; }
echo "postgresql://postgres@127.0.0.1:$port/reportedly_test"
