#!/usr/bin/env bash
# Short fuzzing run (issue 6): every cargo-fuzz target in fuzz/ for FUZZ_SECONDS (default 60)
# each, one after the other, from corpora seeded with the examples and test fixtures.
# Exits non-zero when a target crashes, hangs (over 10 s on one input) or runs out of memory;
# the input that did it is saved under fuzz/artifacts/TARGET/ and the command to replay it is
# printed. Ends with one line per target: executions and coverage.
#
#   FUZZ_SECONDS=300           run longer
#   FUZZ_TARGETS="check fmt"   run only these targets
#   FUZZ_LOG_DIR=dir           keep each target's full libFuzzer log there (TARGET.log)
#   COORD_REQUIRE_ALL=1        fail (instead of skipping) when there is no nightly toolchain
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${FUZZ_SECONDS:-60}"
read -r -a targets <<<"${FUZZ_TARGETS:-check fmt positions ide edit}"

skip() {
  echo "fuzz: skipped: $*"
  if [[ "${COORD_REQUIRE_ALL:-0}" == 1 ]]; then
    echo "fuzz: COORD_REQUIRE_ALL=1, so this is a failure"
    exit 1
  fi
  exit 0
}

# cargo-fuzz needs a nightly compiler (sanitizer and coverage flags).
if ! cargo +nightly --version >/dev/null 2>&1; then
  skip "no nightly Rust toolchain (install one with \`rustup toolchain install nightly\`)"
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install --locked cargo-fuzz || skip "cargo-fuzz could not be installed"
fi

bash fuzz/seed.sh || exit 1
echo "fuzz: building the targets"
# No sanitizer: what the targets run has no `unsafe` code (the one `unsafe` block is the
# server's `mallopt` at start-up), so AddressSanitizer finds nothing safe Rust would not, at a third of the speed. Debug assertions (`-a`) are on: an integer overflow panics.
flags=(-s none -a)
cargo +nightly fuzz build "${flags[@]}" || { echo "fuzz: the targets do not build"; exit 1; }

failed=()
summary=()
for t in "${targets[@]}"; do
  echo "fuzz: running $t for ${seconds}s"
  if [[ -n "${FUZZ_LOG_DIR:-}" ]]; then
    mkdir -p "$FUZZ_LOG_DIR"
    log="$FUZZ_LOG_DIR/$t.log"
  else
    log="$(mktemp)"
  fi
  cargo +nightly fuzz run "${flags[@]}" "$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -dict=fuzz/plan.dict -max_len=8192 -print_final_stats=1 >"$log" 2>&1
  status=$?
  # The last status line: "#N DONE cov: C ft: F corp: ..." (or the line before a crash).
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1)"
  execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')"
  # When coverage last grew: a plateau shows as a last NEW long before the end.
  last_new="$(grep -E '^#[0-9]+[[:space:]]+NEW' "$log" | tail -n 1 | grep -oE '^#[0-9]+')"
  line="$t: ${execs:-?} executions (last new coverage at ${last_new:-none}); $(sed -E 's/^#[0-9]+[[:space:]]+//' <<<"$last")"
  if ((status != 0)); then
    failed+=("$t")
    line="$line  FAILED (exit $status)"
    tail -n 60 "$log"
    artifact="$(grep -oE 'fuzz/artifacts/[^ ]+' "$log" | tail -n 1)"
    if [[ -n "$artifact" ]]; then
      echo "fuzz: $t: the input is saved in $artifact; replay it with"
      echo "  cargo +nightly fuzz run -s none -a $t $artifact"
    fi
  fi
  summary+=("$line")
  [[ -n "${FUZZ_LOG_DIR:-}" ]] || rm -f "$log"
done

echo
printf 'fuzz: %s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: no crashes"
