#!/bin/sh
# Report benchmark: a simulated year (> 500,000 tickets) of bench/report_bench_site.toml, then one
# daily, one monthly and the yearly report, each timed in its own process, from the events (cold)
# then with the daily aggregates saved (warm). Figures: docs/report.md.
#   bench/report-bench.sh BUILD_DIR [STORE]
set -eu
build=${1:?build dir}
store=${2:-/tmp/guichet-report-bench.db}
here=$(cd "$(dirname "$0")" && pwd)
bench="$build/tests/report/report_bench"
config="$here/report_bench_site.toml"
[ -f "$store" ] || "$bench" generate "$store" "$config"
"$bench" measure "$store" "$config" 2026-11-23
"$bench" measure "$store" "$config" 2026-11-01 2026-11-30
"$bench" measure "$store" "$config" 2026-01-01 2026-12-31
# Warm: with the daily aggregates the controller saves after closing each day.
"$bench" save "$store" "$config" 2026-01-01 2026-12-31
"$bench" measure "$store" "$config" 2026-11-01 2026-11-30
"$bench" measure "$store" "$config" 2026-01-01 2026-12-31
