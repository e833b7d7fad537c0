#!/bin/sh
# Simulator speed: a year (365 days) of a site with about 1,500 visitors a weekday through
# the real engine and regulation, written to a real store and tickets.csv, timed.
#   bench/simulate-year.sh BUILD_DIR [RUNS]   (a Release build of target guichet)
# RUNS: Monte Carlo runs per printed estimate (default 0: expected values; 256 is
# what the controller prints, several times slower).
set -eu
build=${1:?build dir}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d /tmp/guichet-simulate-year.XXXXXX)
trap 'rm -rf "$out"' EXIT
uptime
/usr/bin/time -f "%e s wall, %U s user, %S s sys, peak RSS %M KB" \
    "$build/controller/cli/guichet" --config "$here/report_bench_site.toml" simulate \
    --profile "$here/year_1500_profile.toml" --days 365 --seed 1 --out "$out" \
    --store "$out/site.db" --estimate-runs "${2:-0}"
echo "store: $(du -m "$out/site.db" | cut -f1) MB"
