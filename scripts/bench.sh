#!/usr/bin/env bash
# make bench: measure torg end to end on this machine (docs/benchmarks.md).
#
#   1. build bin/torg
#   2. generate the synthetic nation once (kept in TORG_BENCH_DIR, keyed by scale and schema)
#   3. serve a copy of it on loopback and drive the mixed staff workload with the machine's
#      limits in the same run (torg bench run), with the server's CPU profile
#   4. install and start Request Tracker 5 and run the intake workflow side by side
#      (torg bench workflow), unless TORG_BENCH_RT=0
#   5. write docs/bench/latest.md and .json
#
# Settings (environment):
#   TORG_BENCH_SCALE    full (1M persons, 1M cases, 10M records; default) or small (100k/100k/1M)
#   TORG_BENCH_DIR      where generated databases are kept (default /var/tmp/torg-bench)
#   TORG_BENCH_CLIENTS  concurrent clients of the mixed workload (default 64)
#   TORG_BENCH_TIME     measured time of each load run (default 30s)
#   TORG_BENCH_RT       1 (default) to run the Request Tracker comparison, 0 to skip it
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SCALE=${TORG_BENCH_SCALE:-full}
DIR=${TORG_BENCH_DIR:-/var/tmp/torg-bench}
CLIENTS=${TORG_BENCH_CLIENTS:-64}
TIME=${TORG_BENCH_TIME:-30s}
RT=${TORG_BENCH_RT:-1}
PORT=${TORG_BENCH_PORT:-8181}
OUT=docs/bench

case $SCALE in
full) SIZE=(--persons 1000000 --cases 1000000 --records 10000000 --notes 2000000 --tasks 1000000 --inquiries 500000) ;;
small) SIZE=(--persons 100000 --cases 100000 --records 1000000 --notes 200000 --tasks 100000 --inquiries 50000) ;;
*)
	echo "bench: TORG_BENCH_SCALE is full or small, not $SCALE" >&2
	exit 2
	;;
esac

log() { echo "bench: $*" >&2; }

go build -o bin/torg ./cmd/torg
TORG=$PWD/bin/torg

# The generated database is kept while the schema, the generator and the scale are the same.
key=$( (ls internal/store/migrations/sqlite; cat internal/bench/gen/*.go; echo "${SIZE[*]}") | sha256sum | cut -c1-12)
GEN=$DIR/gen-$SCALE-$key
if [ ! -f "$GEN/bench.json" ]; then
	log "generating the $SCALE dataset into $GEN (once)"
	rm -rf "$GEN"
	mkdir -p "$GEN"
	"$TORG" bench gen --data "$GEN" "${SIZE[@]}"
	# bench.json is written last: its presence means the dataset is whole.
fi

RUN=$DIR/run
rm -rf "$RUN"
mkdir -p "$RUN"
log "copying the dataset to $RUN"
cp -a "$GEN/." "$RUN/"

mkdir -p "$OUT"
"$TORG" serve --data "$RUN" --addr 127.0.0.1:$PORT --debug-addr 127.0.0.1:$((PORT + 1)) >"$RUN/serve.log" 2>&1 &
SERVER=$!
cleanup() {
	kill "$SERVER" 2>/dev/null || true
	wait "$SERVER" 2>/dev/null || true
	if [ "$RT" = 1 ] && [ "${RT_STARTED:-0}" = 1 ]; then scripts/rt.sh stop || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 600); do
	curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	kill -0 "$SERVER" 2>/dev/null || {
		cat "$RUN/serve.log" >&2
		exit 1
	}
	sleep 0.5
done

log "mixed staff workload, $CLIENTS clients, $TIME, with the machine's limits"
"$TORG" bench run --url "http://127.0.0.1:$PORT" --manifest "$RUN/bench.json" --pid "$SERVER" \
	--clients "$CLIENTS" --duration "$TIME" --disk "$RUN" \
	--profile "$RUN/cpu.pprof" --debug-url "http://127.0.0.1:$((PORT + 1))" \
	--json "$OUT/latest-run.json" --md "$OUT/latest-run.md"
go tool pprof -top -nodecount 40 "$TORG" "$RUN/cpu.pprof" >"$OUT/latest-profile.txt" 2>/dev/null || true

if [ "$RT" = 1 ]; then
	log "Request Tracker side by side"
	scripts/rt.sh install
	scripts/rt.sh start
	RT_STARTED=1
	"$TORG" bench workflow --torg "http://127.0.0.1:$PORT" --manifest "$RUN/bench.json" \
		--rt-notify "scripts/rt.sh notify" \
		--json "$OUT/latest-workflow.json" --md "$OUT/latest-workflow.md"
fi

{
	echo "# Latest benchmark run"
	echo
	echo "Written by \`make bench\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m), $(go version | cut -d' ' -f3));"
	echo "dataset: $SCALE (${SIZE[*]}). See [benchmarks.md](../benchmarks.md) for the method."
	echo
	echo "## Mixed staff workload and the machine's limits"
	echo
	cat "$OUT/latest-run.md"
	if [ -f "$OUT/latest-workflow.md" ] && [ "$RT" = 1 ]; then
		echo
		echo "## Request Tracker side by side"
		echo
		cat "$OUT/latest-workflow.md"
	fi
} >"$OUT/latest.md"
log "wrote $OUT/latest.md"
