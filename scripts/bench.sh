#!/usr/bin/env bash
# End-to-end timing of `coord check` on synthetic organisations of growing size, with
# hyperfine, plus peak memory. Usage: scripts/bench.sh [SIZES...] (default 10000 100000 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --quiet --bin coord --bin coord-synth
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in "${sizes[@]}"; do
  files=$(( n / 2500 )); (( files < 1 )) && files=1; (( files > 400 )) && files=400
  target/release/coord-synth --tasks "$n" --files "$files" "$dir/org-$n" >/dev/null
  echo "== $n tasks, $(du -sh "$dir/org-$n" | cut -f1) in $files files"
  hyperfine --warmup 2 --runs 20 -N -i "target/release/coord check --format json --today 2026-11-22 $dir/org-$n" \
    --export-markdown "$dir/h-$n.md" | grep -E "Time|Range"
  # coord exits 1 (the synthetic plans have errors on purpose): that is not a failure here.
  { /usr/bin/time -f "peak memory: %M KB" target/release/coord check --format json --today 2026-11-22 "$dir/org-$n" >/dev/null || true; } 2>&1 | tail -1
done
