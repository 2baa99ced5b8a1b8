#!/usr/bin/env bash
# Run every fuzz target of the module, one after the other, each for a
# while: scripts/fuzz.sh [FUZZTIME] (default 10m; go test's -fuzztime, so
# "3s", "10m" or "1000x").
#
# The targets are found in the code: every "func FuzzXxx(f *testing.F)" in
# a _test.go file of the module. A target that finds a
# failure stops the run; its input is saved under the package's
# testdata/fuzz/FuzzXxx/ and replays in every go test from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${1:-${FUZZTIME:-10m}}
# Each new interesting input is minimised first, for up to a minute by
# default; with real files as seeds that leaves little time to fuzz.
minimize=${FUZZMINIMIZETIME:-5s}
go=${GO:-go}

mapfile -t targets < <(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' . \
	--exclude-dir=.git --exclude-dir=node_modules --exclude-dir=testdata |
	sed -E 's#^\./(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+).*#./\1 \2#; s#^\./[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+).*#. \1#' |
	sort -u)

if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no fuzz targets found" >&2
	exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${fuzztime} each"
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "fuzz: $name in $pkg"
	$go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" "$pkg"
done
