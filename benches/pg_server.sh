# Sourced by the benchmark scripts that need a PostgreSQL server (bash):
# starts a throwaway one from /usr/lib/postgresql/*/bin (initdb + pg_ctl in a
# temp directory, on a free port, as the `postgres` user when run as root,
# PostgreSQL's default settings, trust authentication on 127.0.0.1 only),
# creates the database `tmkit`, and stops and deletes it on exit.
#   PG_DATA_DIR=/work/pgdata  put the server's directory there instead of a
#                             temp directory under /tmp (a 10M memory needs
#                             ~10 GB); it must not exist yet, and is deleted
#                             on exit like the temp one.
#   PG_SETTINGS="-c name=value …"  extra server settings (pg_scale.sh's bulk
#                             load settings); the default is none.
# Sets: pg_bin, pg_dir, pg_port, pg_url_base (postgres://postgres@127.0.0.1:PORT/tmkit),
# and the function pg_psql ARGS… (psql as postgres, -tA, ON_ERROR_STOP).
# Callers that have their own EXIT trap call pg_stop from it.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ ! -x "$pg_bin/initdb" ]; then
  echo "$0: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 2
fi
if [ -n "${PG_DATA_DIR:-}" ]; then
  if [ -e "$PG_DATA_DIR" ]; then
    echo "$0: $PG_DATA_DIR exists; remove it or choose another PG_DATA_DIR" >&2
    exit 2
  fi
  mkdir -p "$PG_DATA_DIR"
  pg_dir=$PG_DATA_DIR
else
  pg_dir=$(mktemp -d /tmp/tmkit-pgbench-XXXXXX)
fi
pg_as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$pg_dir"
  pg_as=(runuser -u postgres --)
fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pg_stop() {
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap pg_stop EXIT
"${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 >/dev/null
# shellcheck disable=SC2086 # PG_SETTINGS is a list of -c options
"${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 ${PG_SETTINGS:-}" start >/dev/null
pg_psql() { "${pg_as[@]}" "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -tA "$@"; }
pg_psql -d postgres -c "CREATE DATABASE tmkit" >/dev/null
pg_url_base="postgres://postgres@127.0.0.1:$pg_port/tmkit"
