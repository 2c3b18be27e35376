#!/usr/bin/env bash
# End-to-end timing of `coord check` and `coord fmt --check` on synthetic organisations of
# growing size, with hyperfine: median wall time, CPU time (user + system) and peak memory,
# as one Markdown table row per size.
#
# Usage: scripts/bench.sh [SIZES...]          (default: 1000 10000 100000 1000000)
# Environment: BENCH_RUNS (default 10), COORD (a coord binary to time instead of this tree's
# release build, e.g. an older build to compare with), BENCH_KEEP=DIR (keep the plans there).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 2; }
cargo build --release --quiet --bin coord --bin coord-synth
coord=${COORD:-$PWD/target/release/coord}
runs=${BENCH_RUNS:-10}
sizes=("$@")
(( ${#sizes[@]} )) || sizes=(1000 10000 100000 1000000)
if [[ -n ${BENCH_KEEP:-} ]]; then dir=$BENCH_KEEP; mkdir -p "$dir"; else
  dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT; fi

# median wall (ms), median user+system (ms) of one hyperfine JSON export
stats() {
  jq -r '.results[0] | [ (.median * 1000), ((.user + .system) * 1000) ] | map(. * 10 | round / 10) | @tsv' "$1"
}
# peak resident memory (MB) of one run; coord exits 1 on the synthetic plans' findings, on purpose
peak() {
  /usr/bin/time -o "$dir/peak" -f "%M" "$@" >/dev/null 2>&1 || true
  tail -1 "$dir/peak" | awk '{ printf "%.0f", $1 / 1024 }'
}

echo "coord: $coord ($("$coord" --version)), $(nproc) cores, $runs runs per measure, $(date -u +%F)"
echo
echo "| tasks | size | files | check: median wall | check: CPU (user+sys, mean) | check: peak memory | fmt --check: median wall |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for n in "${sizes[@]}"; do
  files=$(( n / 2500 )); (( files < 1 )) && files=1; (( files > 400 )) && files=400
  org="$dir/org-$n"
  [[ -d $org ]] || target/release/coord-synth --tasks "$n" --files "$files" "$org" >/dev/null
  check=("$coord" check --format json --today 2026-11-22 "$org")
  hyperfine --warmup 2 --runs "$runs" -N -i --style none --export-json "$dir/check-$n.json" \
    "${check[*]}" >/dev/null 2>&1
  hyperfine --warmup 1 --runs "$runs" -N -i --style none --export-json "$dir/fmt-$n.json" \
    "$coord fmt --check $org" >/dev/null 2>&1
  read -r wall cpu < <(stats "$dir/check-$n.json")
  read -r fmt_wall _ < <(stats "$dir/fmt-$n.json")
  mem=$(peak "${check[@]}")
  size=$(find "$org" -name "*.plan" -exec cat {} +  | wc -c | awk '{ printf "%.1f", $1 / 1e6 }')
  printf '| %s | %s MB | %s | %s ms | %s ms | %s MB | %s ms |\n' \
    "$n" "$size" "$files" "$wall" "$cpu" "$mem" "$fmt_wall"
done
