#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store's tests, from the
# distribution's packages (installed if missing), on this machine only.
#
#   eval "$(.ci/postgres.sh start)"   # exports CLUBBOT_TEST_POSTGRES and CLUBBOT_PG_DIR
#   go test ./store/                  # now runs on PostgreSQL
#   .ci/postgres.sh stop "$CLUBBOT_PG_DIR"
#
# The server keeps its data, socket and log in a temporary directory, trusts
# local connections, listens on 127.0.0.1 on a free port from 55432 up (not
# 5432, which a system server may hold) and skips fsync: it is for tests.
# Run as root (CI), it runs as the postgres user. Only the export lines go
# to standard output.
set -euo pipefail

# pg_bin prints the newest installed PostgreSQL's bin directory.
pg_bin() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# as_owner runs a command as the server's owner: postgres when we are root.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# port_free reports whether nothing listens on 127.0.0.1:$1.
port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
	if [ ! -x "$(pg_bin)/postgres" ]; then
		echo "installing PostgreSQL" >&2
		apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
	fi
	local bin dir port
	bin=$(pg_bin)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/clubbot-pg.XXXXXX")
	chmod 755 "$dir"
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir"
	fi
	port=55432
	while ! port_free "$port"; do
		port=$((port + 1))
		if [ "$port" -gt 55532 ]; then
			echo "no free port from 55432 to 55532" >&2
			exit 1
		fi
	done
	as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2; then
		cat "$dir/server.log" >&2
		exit 1
	fi
	as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres clubbot_test >&2
	echo "export CLUBBOT_PG_DIR=$dir"
	echo "export CLUBBOT_TEST_POSTGRES='postgres://postgres@127.0.0.1:$port/clubbot_test?sslmode=disable'"
}

stop() {
	local dir=${1:?usage: $0 stop DIR}
	if [ ! -d "$dir/data" ]; then
		echo "$dir holds no server" >&2
		exit 1
	fi
	as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
	rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
*)
	echo "usage: $0 start | stop DIR" >&2
	exit 2
	;;
esac
