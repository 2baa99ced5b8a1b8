#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#
#   scripts/testdb.sh start   # prints postgres://torg@127.0.0.1:PORT/torg_test?sslmode=disable
#   scripts/testdb.sh stop    # stops it and removes its files
#   scripts/testdb.sh status  # prints the URL if one is running
#
# The cluster lives in a temp dir (${TMPDIR:-/tmp}/torg-testdb-PID.XXXX); its
# location is recorded in .testdb/state in the repo root. Only the URL goes to
# stdout, all diagnostics go to stderr. As root, the server runs as the
# `postgres` system user (or an unprivileged `torgtest` user created on demand),
# because PostgreSQL refuses to run as root.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${TORG_TESTDB_STATE_DIR:-$ROOT/.testdb}
STATE=$STATE_DIR/state
DB=torg_test
DBUSER=torg
FIRST_PORT=${TORG_TESTDB_PORT:-55432}

log() { echo "testdb: $*" >&2; }
die() { log "$*"; exit 1; }

pgbin() {
	local d best=""
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] || continue
		if [ -z "$best" ] || [ "$(basename "$(dirname "$d")")" -gt "$(basename "$(dirname "$best")")" ] 2>/dev/null; then
			best=$d
		fi
	done
	[ -n "$best" ] || die "no PostgreSQL server found under /usr/lib/postgresql/*/bin (run 'make deps')"
	echo "$best"
}

# Unprivileged account that owns and runs the cluster when we are root.
runas_user() {
	if [ "$(id -u)" != 0 ]; then
		return 0
	fi
	if id postgres >/dev/null 2>&1; then
		echo postgres
		return 0
	fi
	if ! id torgtest >/dev/null 2>&1; then
		useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin torgtest >&2
	fi
	echo torgtest
}

# as USER CMD... — run CMD as USER (or directly if USER is empty), from /
# so that the unprivileged user does not trip over an unreadable cwd.
as() {
	local u=$1; shift
	if [ -n "$u" ]; then
		(cd / && runuser -u "$u" -- "$@")
	else
		(cd / && "$@")
	fi
}

port_busy() {
	# Something accepts connections on the port?
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

load_state() {
	[ -f "$STATE" ] || return 1
	# shellcheck disable=SC1090
	. "$STATE"
	[ -n "${TESTDB_DIR:-}" ] && [ -n "${TESTDB_PORT:-}" ]
}

url() { echo "postgres://$DBUSER@127.0.0.1:$1/$DB?sslmode=disable"; }

cmd_stop() {
	if ! load_state; then
		log "no test database recorded in $STATE; nothing to stop"
		return 0
	fi
	local bin
	bin=$(pgbin)
	if [ -f "$TESTDB_DIR/data/postmaster.pid" ]; then
		log "stopping PostgreSQL on port $TESTDB_PORT ($TESTDB_DIR)"
		as "${TESTDB_USER:-}" "$bin/pg_ctl" -D "$TESTDB_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			as "${TESTDB_USER:-}" "$bin/pg_ctl" -D "$TESTDB_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
			log "warning: pg_ctl stop failed (server already gone?)"
	fi
	case "$TESTDB_DIR" in
	*/torg-testdb-*) rm -rf -- "$TESTDB_DIR" ;;
	*) log "warning: refusing to remove unexpected dir '$TESTDB_DIR'" ;;
	esac
	rm -f -- "$STATE"
	rmdir -- "$STATE_DIR" 2>/dev/null || true
}

cmd_start() {
	local bin user dir port log_file last
	bin=$(pgbin)
	user=$(runas_user)

	if [ -f "$STATE" ]; then
		log "found a previous test database in $STATE; stopping it first"
		cmd_stop
	fi

	local tmp=${TMPDIR:-/tmp}
	# Unix socket paths are limited to ~107 bytes; fall back to /tmp for long TMPDIRs.
	if [ "${#tmp}" -gt 60 ]; then tmp=/tmp; fi
	dir=$(mktemp -d "$tmp/torg-testdb-$$.XXXXXX")
	chmod 0755 "$dir"
	if [ -n "$user" ]; then chown "$user": "$dir"; fi
	mkdir -p "$STATE_DIR"
	# Record right away so that `stop` cleans up even if start fails halfway.
	printf 'TESTDB_DIR=%q\nTESTDB_PORT=%q\nTESTDB_USER=%q\n' "$dir" "$FIRST_PORT" "$user" >"$STATE"

	log "initdb ($bin) in $dir${user:+ as $user}"
	if ! as "$user" "$bin/initdb" -D "$dir/data" -A trust -U "$DBUSER" -E UTF8 --locale=C.UTF-8 \
		--no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		cmd_stop
		die "initdb failed"
	fi

	log_file=$dir/postgres.log
	last=$((FIRST_PORT + 100))
	for ((port = FIRST_PORT; port < last; port++)); do
		port_busy "$port" && continue
		cat >"$dir/data/postgresql.auto.conf" <<-CONF
			listen_addresses = '127.0.0.1'
			port = $port
			unix_socket_directories = '$dir'
			max_connections = 200
			fsync = off
			synchronous_commit = off
			full_page_writes = off
			max_parallel_workers_per_gather = 0
			log_min_messages = warning
			log_min_error_statement = panic
		CONF
		if [ -n "$user" ]; then chown "$user": "$dir/data/postgresql.auto.conf"; fi
		if as "$user" "$bin/pg_ctl" -D "$dir/data" -l "$log_file" -w -t 60 -o "-c port=$port" start >/dev/null 2>&1; then
			printf 'TESTDB_DIR=%q\nTESTDB_PORT=%q\nTESTDB_USER=%q\n' "$dir" "$port" "$user" >"$STATE"
			if ! "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$DBUSER" "$DB" >&2; then
				tail -n 20 "$log_file" >&2 || true
				cmd_stop
				die "createdb failed"
			fi
			log "PostgreSQL $(basename "$(dirname "$bin")") running on 127.0.0.1:$port"
			url "$port"
			return 0
		fi
		# Most likely lost a race for the port; anything else shows in the log.
		if ! grep -qiE 'address already in use|could not create any TCP/IP sockets' "$log_file" 2>/dev/null; then
			tail -n 20 "$log_file" >&2 || true
			cmd_stop
			die "pg_ctl start failed"
		fi
		: >"$log_file"
	done
	cmd_stop
	die "no free port in $FIRST_PORT..$((last - 1))"
}

cmd_status() {
	if load_state && [ -f "$TESTDB_DIR/data/postmaster.pid" ]; then
		url "$TESTDB_PORT"
	else
		log "not running"
		return 1
	fi
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
	echo "usage: $0 start|stop|status" >&2
	exit 2
	;;
esac
