#!/usr/bin/env bash
# Request Tracker 5 on loopback, as the peer of `torg bench workflow`
# (docs/benchmarks.md, "Request Tracker side by side").
#
#   scripts/rt.sh install     # Debian packages, a private PostgreSQL cluster, RT's database
#   scripts/rt.sh start       # PostgreSQL + rt-server (Starlet, 2 workers) on 127.0.0.1:8580
#   scripts/rt.sh stop        # stops both
#   scripts/rt.sh status      # prints RT's URL if it answers
#   scripts/rt.sh notify off  # disables RT's notification scrips (mails to requesters and staff)
#   scripts/rt.sh notify on   # enables them again
#   scripts/rt.sh password    # prints the root password
#
# Every command is idempotent. Runs as root (apt-get, the www-data and postgres accounts).
# Nothing is fetched except Debian's packages. All state lives under TORG_RT_STATE
# (default /var/tmp/torg-rt): the PostgreSQL cluster (fsync and synchronous commit on, as
# PostgreSQL ships), the root password and logs. Notification mails are rendered and appended
# to a file under /var/lib/request-tracker5 ($MailCommand 'mbox'), never sent.
#
# Settings (environment): TORG_RT_STATE, TORG_RT_PORT (8580), TORG_RT_PGPORT (55480),
# TORG_RT_WORKERS (2), TORG_RT_PASSWORD (root's password; default: generated at install).
set -euo pipefail

STATE=${TORG_RT_STATE:-/var/tmp/torg-rt}
PORT=${TORG_RT_PORT:-8580}
PGPORT=${TORG_RT_PGPORT:-55480}
WORKERS=${TORG_RT_WORKERS:-2}
ETC=/etc/request-tracker5
LOCAL_CONF=$ETC/RT_SiteConfig.d/99-local.pm
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
RT_LIB=/usr/share/request-tracker5/lib
PGUSER=postgres # the cluster's superuser and the account that runs it
DBNAME=rt5
DBUSER=rt_user
PACKAGES=(request-tracker5 rt5-db-postgresql rt5-standalone rt5-clients postgresql w3m curl)

log() { echo "rt: $*" >&2; }
die() {
	log "$*"
	exit 1
}

need_root() { [ "$(id -u)" = 0 ] || die "run as root (installs packages, runs as www-data and postgres)"; }

as() {
	local u=$1
	shift
	(cd / && runuser -u "$u" -- "$@")
}

pgbin() {
	local d best=""
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] || continue
		if [ -z "$best" ] || [ "$(basename "$(dirname "$d")")" -gt "$(basename "$(dirname "$best")")" ] 2>/dev/null; then
			best=$d
		fi
	done
	[ -n "$best" ] || die "no PostgreSQL server under /usr/lib/postgresql/*/bin (run '$0 install')"
	echo "$best"
}

url() { echo "http://127.0.0.1:$PORT"; }

rt_answers() {
	local code
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$(url)/REST/2.0/queues/all" 2>/dev/null) || return 1
	# Without credentials REST 2.0 answers 401: the server is up and RT is loaded.
	[ "$code" = 200 ] || [ "$code" = 401 ]
}

db_password() { cat "$STATE/db-password"; }
root_password() { cat "$STATE/root-password"; }

# --- install ---------------------------------------------------------------------------

install_packages() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} = 0 ]; then
		log "packages already installed"
		return 0
	fi
	log "installing ${missing[*]} (with their dependencies) from Debian"
	debconf-set-selections <<-EOF
		request-tracker5 request-tracker5/rtname string rt.local
		request-tracker5 request-tracker5/organization string rt.local
		request-tracker5 request-tracker5/correspondaddress string rt@rt.local
		request-tracker5 request-tracker5/commentaddress string rt-comment@rt.local
		request-tracker5 request-tracker5/webbaseurl string http://127.0.0.1:$PORT
		request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
		request-tracker5 request-tracker5/install-cronjobs boolean false
		request-tracker5 request-tracker5/dbconfig-install boolean false
	EOF
	# RT depends on a mail transfer agent; keep the package scripts from starting it (or any
	# other service) while installing.
	local policy=/usr/sbin/policy-rc.d own_policy=""
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		own_policy=1
	fi
	local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q -y)
	if ! "${apt[@]}" install --no-install-recommends "${missing[@]}"; then
		"${apt[@]}" update
		"${apt[@]}" install --no-install-recommends "${missing[@]}"
	fi
	[ -z "$own_policy" ] || rm -f "$policy"
}

write_config() {
	mkdir -p "$ETC/RT_SiteConfig.d"
	# Installed readable by root only; the server runs as www-data.
	chown root:www-data "$ETC/RT_SiteConfig.pm"
	chmod 640 "$ETC/RT_SiteConfig.pm"
	local tmp
	tmp=$(mktemp "$ETC/RT_SiteConfig.d/.99-local.XXXXXX")
	cat >"$tmp" <<-EOF
		# Written by torg's scripts/rt.sh: RT on loopback as the peer of 'torg bench workflow'.
		Set(\$rtname, 'rt.local');
		Set(\$Organization, 'rt.local');
		Set(\$WebDomain, '127.0.0.1');
		Set(\$WebPort, $PORT);
		Set(\$WebPath, '');
		Set(\$WebBaseURL, 'http://127.0.0.1:$PORT');
		Set(\$CanonicalizeRedirectURLs, 0);
		Set(\$DatabaseType, 'Pg');
		Set(\$DatabaseHost, '$STATE/run');
		Set(\$DatabasePort, $PGPORT);
		Set(\$DatabaseName, '$DBNAME');
		Set(\$DatabaseUser, '$DBUSER');
		Set(\$DatabasePassword, '$(db_password)');
		Set(\$DatabaseAdmin, '$PGUSER');
		Set(\$MailCommand, 'mbox');
		Set(\$LogDir, '$STATE/log');
		Set(\$LogToSyslog, undef);
		Set(\$LogToSTDERR, 'warning');
		Set(\$LogToFile, undef);
		1;
	EOF
	chown root:www-data "$tmp"
	chmod 640 "$tmp"
	mv -f "$tmp" "$LOCAL_CONF"
}

init_cluster() {
	local bin
	bin=$(pgbin)
	mkdir -p "$STATE"
	chmod 755 "$STATE"
	mkdir -p "$STATE/run" "$STATE/log" "$STATE/pglog"
	chown "$PGUSER": "$STATE/run" "$STATE/pglog"
	chmod 755 "$STATE/run"
	chown www-data: "$STATE/log"
	[ -s "$STATE/db-password" ] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$STATE/db-password")
	if [ -z "${TORG_RT_PASSWORD:-}" ]; then
		[ -s "$STATE/root-password" ] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$STATE/root-password")
	else
		(umask 077 && printf '%s\n' "$TORG_RT_PASSWORD" >"$STATE/root-password")
	fi
	if [ -f "$STATE/pg/PG_VERSION" ]; then
		log "PostgreSQL cluster already in $STATE/pg"
		return 0
	fi
	mkdir -p "$STATE/pg"
	chown "$PGUSER": "$STATE/pg"
	chmod 700 "$STATE/pg"
	log "initdb ($bin) in $STATE/pg"
	# Local (unix-socket) connections only; fsync and synchronous_commit keep their default, on.
	as "$PGUSER" "$bin/initdb" -D "$STATE/pg" -U "$PGUSER" -A trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 ||
		{
			cat "$STATE/initdb.log" >&2
			die "initdb failed"
		}
	cat >"$STATE/pg/postgresql.auto.conf" <<-EOF
		listen_addresses = ''
		port = $PGPORT
		unix_socket_directories = '$STATE/run'
		fsync = on
		synchronous_commit = on
		log_min_messages = warning
	EOF
	chown "$PGUSER": "$STATE/pg/postgresql.auto.conf"
}

pg_running() { [ -f "$STATE/pg/postmaster.pid" ] && as "$PGUSER" "$(pgbin)/pg_ctl" -D "$STATE/pg" status >/dev/null 2>&1; }

pg_start() {
	if pg_running; then return 0; fi
	log "starting PostgreSQL (socket in $STATE/run, port $PGPORT)"
	as "$PGUSER" "$(pgbin)/pg_ctl" -D "$STATE/pg" -l "$STATE/pglog/postgresql.log" -w -t 60 start >/dev/null ||
		{
			tail -n 20 "$STATE/pglog/postgresql.log" >&2 || true
			die "PostgreSQL did not start"
		}
}

pg_stop() {
	[ -f "$STATE/pg/postmaster.pid" ] || return 0
	log "stopping PostgreSQL"
	as "$PGUSER" "$(pgbin)/pg_ctl" -D "$STATE/pg" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

init_database() {
	if [ -f "$STATE/db-initialised" ]; then
		log "RT's database already initialised"
		return 0
	fi
	pg_start
	if as "$PGUSER" "$(pgbin)/psql" -h "$STATE/run" -p "$PGPORT" -U "$PGUSER" -Atqc \
		"SELECT 1 FROM pg_database WHERE datname = '$DBNAME'" postgres | grep -q 1; then
		log "dropping a half-initialised database $DBNAME"
		as "$PGUSER" "$(pgbin)/dropdb" -h "$STATE/run" -p "$PGPORT" -U "$PGUSER" "$DBNAME"
		as "$PGUSER" "$(pgbin)/psql" -h "$STATE/run" -p "$PGPORT" -U "$PGUSER" -qc "DROP ROLE IF EXISTS $DBUSER" postgres
	fi
	log "initialising RT's database (rt-setup-database-5)"
	local pwfile
	pwfile=$(mktemp)
	root_password >"$pwfile"
	# The cluster trusts local connections; RT still wants a DBA password to be given.
	RT_DBA_PASSWORD=unused rt-setup-database-5 --action init --dba "$PGUSER" \
		--root-password-file "$pwfile" >"$STATE/log/setup-database.log" 2>&1 ||
		{
			rm -f "$pwfile"
			tail -n 30 "$STATE/log/setup-database.log" >&2
			die "rt-setup-database-5 failed"
		}
	rm -f "$pwfile"
	touch "$STATE/db-initialised"
}

cmd_install() {
	need_root
	install_packages
	init_cluster
	write_config
	init_database
	log "installed; '$0 start' runs RT on $(url)"
}

# --- start / stop ----------------------------------------------------------------------

rt_pid() {
	local pid
	[ -f "$STATE/rt-server.pid" ] || return 1
	pid=$(cat "$STATE/rt-server.pid")
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

cmd_start() {
	need_root
	[ -f "$STATE/db-initialised" ] || die "not installed: run '$0 install' first"
	write_config
	pg_start
	if rt_pid >/dev/null && rt_answers; then
		log "already running on $(url) (pid $(rt_pid))"
		url
		return 0
	fi
	if rt_pid >/dev/null; then
		log "rt-server running but not answering; restarting it"
		rt_stop
	fi
	log "starting rt-server (Starlet, $WORKERS workers) as www-data on $(url)"
	# setsid: its own session, so that it outlives this shell; the pid file holds the
	# process group leader (Starlet's master, which pre-forks the workers).
	setsid runuser -u www-data -- "$RT_SERVER" --host 127.0.0.1 --port "$PORT" --server Starlet \
		--max-workers "$WORKERS" --max-reqs-per-child 100000 \
		>>"$STATE/log/rt-server.log" 2>&1 </dev/null &
	local launcher=$! i
	for ((i = 0; i < 240; i++)); do
		# runuser forks the server as its child; remember the server's pid.
		local child
		child=$(pgrep -P "$launcher" 2>/dev/null | head -n 1 || true)
		[ -n "$child" ] && echo "$child" >"$STATE/rt-server.pid"
		if rt_answers; then
			log "RT answers on $(url)/REST/2.0/"
			url
			return 0
		fi
		kill -0 "$launcher" 2>/dev/null || {
			tail -n 30 "$STATE/log/rt-server.log" >&2
			die "rt-server exited"
		}
		sleep 0.5
	done
	tail -n 30 "$STATE/log/rt-server.log" >&2
	die "RT did not answer within 120 s"
}

rt_stop() {
	local pid i
	pid=$(rt_pid) || {
		rm -f "$STATE/rt-server.pid"
		return 0
	}
	log "stopping rt-server (pid $pid)"
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 60; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
	# Starlet's workers leave with their master; wait until the port is free.
	for ((i = 0; i < 20; i++)); do
		(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
		sleep 0.5
	done
	rm -f "$STATE/rt-server.pid"
}

cmd_stop() {
	need_root
	rt_stop
	[ -d "$STATE/pg" ] && pg_stop
	return 0
}

cmd_status() {
	if rt_answers; then
		url
		return 0
	fi
	log "not running"
	return 1
}

# --- notifications ---------------------------------------------------------------------

# notify off|on: RT's notifications are scrips whose action is one of the Notify* or
# Autoreply modules; they are switched with the scrip's own Disabled flag, through RT's API
# (what Admin → Global → Scrips does in the web UI). 'off' remembers which scrips it
# disabled, so that 'on' restores exactly those.
cmd_notify() {
	need_root
	[ -f "$STATE/db-initialised" ] || die "not installed: run '$0 install' first"
	local mode=${1:-}
	case "$mode" in
	off | on) ;;
	*) die "usage: $0 notify off|on" ;;
	esac
	pg_start
	local list=$STATE/notify-disabled
	[ -f "$list" ] || : >"$list"
	RT_NOTIFY_MODE=$mode RT_NOTIFY_LIST=$list perl -I"$RT_LIB" -e '
		use strict; use warnings;
		use RT; RT::LoadConfig(); RT::Init();
		my ($mode, $list) = @ENV{qw(RT_NOTIFY_MODE RT_NOTIFY_LIST)};
		my %mine;
		if (open my $fh, "<", $list) { chomp(my @ids = <$fh>); @mine{grep length, @ids} = (); }
		my $scrips = RT::Scrips->new(RT->SystemUser);
		$scrips->UnLimit; $scrips->FindAllRows;
		my $n = 0;
		while (my $s = $scrips->Next) {
			my $module = $s->ScripActionObj->ExecModule // "";
			next unless $module =~ /^(Notify|Autoreply)/;
			if ($mode eq "off" && !$s->Disabled) {
				my ($ok, $msg) = $s->SetDisabled(1); die "scrip ".$s->id.": $msg\n" unless $ok;
				$mine{$s->id} = (); $n++;
				print STDERR "rt: disabled scrip ", $s->id, ": ", $s->Description, "\n";
			} elsif ($mode eq "on" && $s->Disabled && exists $mine{$s->id}) {
				my ($ok, $msg) = $s->SetDisabled(0); die "scrip ".$s->id.": $msg\n" unless $ok;
				delete $mine{$s->id}; $n++;
				print STDERR "rt: enabled scrip ", $s->id, ": ", $s->Description, "\n";
			}
		}
		open my $out, ">", $list or die "$list: $!\n";
		print $out "$_\n" for sort { $a <=> $b } keys %mine;
		close $out or die "$list: $!\n";
		print STDERR "rt: notifications $mode ($n scrips changed)\n";
	'
	# RT looks the scrips up in the database for every transaction: running workers apply the
	# change at once, without a restart.
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
notify) cmd_notify "${2:-}" ;;
password) root_password ;;
*)
	echo "usage: $0 install|start|stop|status|notify off|on|password" >&2
	exit 2
	;;
esac
