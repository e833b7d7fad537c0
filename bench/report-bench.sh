#!/bin/sh
# Report benchmark: a simulated year of a very busy site (bench/report_bench_site.toml and
# bench/report_bench_profile.toml: over 500,000 tickets) made with `guichet simulate`, then one
# daily, one monthly and the yearly report, each timed in its own process, from the events
# (cold: no saved aggregate) then from the daily aggregates the controller saves (warm).
# Figures: docs/report.md and docs/benchmarks.md.
#   bench/report-bench.sh BUILD_DIR [STORE]   (a Release build of targets guichet and report_bench)
set -eu
build=${1:?build dir}
store=${2:-/tmp/guichet-report-bench/site.db}
here=$(cd "$(dirname "$0")" && pwd)
bench="$build/tests/report/report_bench"
config="$here/report_bench_site.toml"
if [ ! -f "$store" ]; then
    mkdir -p "$(dirname "$store")"
    /usr/bin/time -f "simulated in %e s" "$build/controller/cli/guichet" --config "$config" \
        simulate --profile "$here/report_bench_profile.toml" --days 365 --seed 1 \
        --out "$(dirname "$store")/simulation" --store "$store" \
        --estimate-runs 0  # 2027-01-04 .. 2028-01-03; printed estimates in expected values (fast)
fi
measure() {
    /usr/bin/time -f "  %e s wall, %U s user, %S s sys, peak RSS %M KB" \
        "$bench" measure "$store" "$config" "$@"
}
uptime
"$bench" forget "$store"
measure 2027-11-23
measure 2027-11-01 2027-11-30
measure 2027-01-04 2028-01-03
# Warm: with the daily aggregates the controller saves after closing each day.
"$bench" save "$store" "$config" 2027-01-04 2028-01-03
measure 2027-11-23
measure 2027-11-01 2027-11-30
measure 2027-01-04 2028-01-03
uptime
