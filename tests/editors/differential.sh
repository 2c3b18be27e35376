#!/usr/bin/env bash
# Differential test: the tree-sitter grammar and the Rust parser must agree on which
# .plan files are syntactically valid.
#
#   tests/editors/differential.sh [--listing FILE] [DIR_OR_FILE...]
#
# Every .plan file under the given directories (default: tests/editors/fixtures) is
# parsed by tree-sitter (grammar/tree-sitter-plan); it "fails" there when the tree
# has an ERROR or MISSING node. The Rust parser's verdict comes from
# `coord check --format json FILE`: a file is rejected when any diagnostic has code
# `syntax` (other diagnostics, such as undefined-reference, do not matter here).
# Files under a directory named `valid` must be accepted by both, files under one
# named `invalid` rejected by both; elsewhere the two just have to agree.
#
#   --listing FILE   take the Rust verdicts from FILE instead of running coord:
#                    one "accept PATH" or "reject PATH" per line
#   COORD_BIN        the coord binary (default: target/release/coord, built with
#                    `cargo build --release` when missing)
#   TREE_SITTER      the tree-sitter CLI (default: tree-sitter on PATH or in ~/.cargo/bin)
#   COORD_REQUIRE_ALL=1  fail, instead of skipping, when tree-sitter is missing or
#                    the Rust side cannot give verdicts (no binary, no JSON output).
#                    A crash of coord (a panic) always fails.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
grammar_dir="$repo/grammar/tree-sitter-plan"
require_all="${COORD_REQUIRE_ALL:-0}"

listing=""
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --listing)
      listing="$2"
      shift 2
      ;;
    -h | --help)
      sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      targets+=("$1")
      shift
      ;;
  esac
done
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=("$repo/tests/editors/fixtures")
fi

skip_or_fail() { # reason
  if [[ "$require_all" == 1 ]]; then
    echo "differential: FAIL: $1" >&2
    exit 1
  fi
  echo "differential: SKIP: $1 (set COORD_REQUIRE_ALL=1 to make this an error)"
  exit 0
}

# --- tree-sitter -------------------------------------------------------------------
ts="${TREE_SITTER:-}"
if [[ -z "$ts" ]]; then
  if command -v tree-sitter >/dev/null 2>&1; then
    ts="$(command -v tree-sitter)"
  elif [[ -x "$HOME/.cargo/bin/tree-sitter" ]]; then
    ts="$HOME/.cargo/bin/tree-sitter"
  fi
fi
if [[ -z "$ts" ]]; then
  skip_or_fail "tree-sitter CLI not found (cargo install --locked tree-sitter-cli)"
fi
if ! command -v cc >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  skip_or_fail "no C compiler to build the tree-sitter parser"
fi

# --- files ---------------------------------------------------------------------------
files=()
for t in "${targets[@]}"; do
  if [[ -d "$t" ]]; then
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$t" -name '*.plan' -type f -print0 | sort -z)
  elif [[ -f "$t" ]]; then
    files+=("$t")
  else
    echo "differential: no such file or directory: $t" >&2
    exit 2
  fi
done
if [[ ${#files[@]} -eq 0 ]]; then
  echo "differential: no .plan files under ${targets[*]}" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Build the parser once (`parse --grammar-path` would rebuild it for every file).
if ! "$ts" build --output "$tmp/plan.so" "$grammar_dir" >"$tmp/build.out" 2>&1; then
  cat "$tmp/build.out" >&2
  echo "differential: FAIL: tree-sitter build $grammar_dir failed" >&2
  exit 1
fi

# tree-sitter verdict: accept | reject
ts_verdict() {
  local out="$tmp/ts.out"
  "$ts" parse --lib-path "$tmp/plan.so" --lang-name plan "$1" >"$out" 2>&1
  local status=$?
  if grep -Eq '\((ERROR|MISSING)([ )]|$)' "$out"; then
    echo reject
  elif [[ $status -ne 0 ]]; then
    # No tree at all: the CLI itself failed (e.g. the parser did not compile).
    echo "tree-sitter parse failed on $1:" >&2
    cat "$out" >&2
    echo broken
  else
    echo accept
  fi
}

# Label from the path: accept (under valid/), reject (under invalid/), or none.
label_of() {
  case "$1" in
    */invalid/*) echo reject ;;
    */valid/*) echo accept ;;
    *) echo none ;;
  esac
}

# --- the Rust side ---------------------------------------------------------------------
rust_mode=""       # listing | coord | none
rust_reason=""
coord=""
declare -A listed=()
if [[ -n "$listing" ]]; then
  rust_mode=listing
  while read -r verdict path; do
    [[ -z "${verdict:-}" || "$verdict" == \#* ]] && continue
    case "$verdict" in
      accept | reject) listed["$(realpath -m "$path")"]="$verdict" ;;
      *)
        echo "differential: bad listing line: $verdict $path" >&2
        exit 2
        ;;
    esac
  done <"$listing"
else
  coord="${COORD_BIN:-}"
  if [[ -z "$coord" ]]; then
    coord="$repo/target/release/coord"
    if [[ ! -x "$coord" ]]; then
      echo "differential: building coord (cargo build --release)"
      if ! (cd "$repo" && cargo build --release --quiet); then
        rust_reason="cargo build --release failed"
      fi
    fi
  fi
  if [[ -z "$rust_reason" && ! -x "$coord" ]]; then
    rust_reason="no coord binary at $coord"
  fi
  rust_mode=coord
  [[ -n "$rust_reason" ]] && rust_mode=none
fi

# Rust verdict for one file: accept | reject | crash (coord panicked) | broken (no
# verdict: the interface is missing), with the reason in $tmp/rust.why
rust_verdict() {
  local f="$1"
  if [[ "$rust_mode" == listing ]]; then
    local v="${listed[$(realpath -m "$f")]:-}"
    if [[ -z "$v" ]]; then
      echo "not in the listing" >"$tmp/rust.why"
      echo broken
    else
      echo "$v"
    fi
    return
  fi
  local status=0
  "$coord" check --format json "$f" >"$tmp/rust.json" 2>"$tmp/rust.err" || status=$?
  if [[ $status -ge 100 ]]; then
    # A panic (101) or a signal: a bug in coord, not a missing feature.
    echo "\`coord check --format json\` crashed (exit $status): $(grep -v '^[[:space:]]*$' "$tmp/rust.err" | head -3 | tr '\n' ' ' | cut -c1-400)" >"$tmp/rust.why"
    echo crash
  elif [[ $status -ne 0 && $status -ne 1 ]]; then
    echo "\`coord check --format json\` exited $status: $(grep -v '^[[:space:]]*$' "$tmp/rust.err" | head -3 | tr '\n' ' ' | cut -c1-400)" >"$tmp/rust.why"
    echo broken
  elif ! grep -q '"diagnostics"' "$tmp/rust.json"; then
    echo "\`coord check --format json\` (exit $status) printed no diagnostics JSON" >"$tmp/rust.why"
    echo broken
  elif grep -Eq '"code"[[:space:]]*:[[:space:]]*"syntax"' "$tmp/rust.json"; then
    echo reject
  else
    echo accept
  fi
}

# --- compare ---------------------------------------------------------------------------
passed=0
failed=0
rust_broken=0
fail() {
  echo "FAIL  $*"
}

for f in "${files[@]}"; do
  rel="${f#"$repo"/}"
  tsv="$(ts_verdict "$f")"
  label="$(label_of "$f")"
  ok=1
  if [[ "$tsv" == broken ]]; then
    fail "$rel: tree-sitter could not parse it at all"
    failed=$((failed + 1))
    continue
  fi
  if [[ "$label" != none && "$tsv" != "$label" ]]; then
    ok=0
    fail "$rel: expected $label, tree-sitter says $tsv"
  fi
  if [[ "$rust_mode" != none ]]; then
    rv="$(rust_verdict "$f")"
    if [[ "$rv" == crash ]]; then
      ok=0
      fail "$rel: $(head -1 "$tmp/rust.why")"
    elif [[ "$rv" == broken ]]; then
      rust_broken=$((rust_broken + 1))
      rust_reason="$(head -1 "$tmp/rust.why")"
      echo "RUST? $rel: $rust_reason"
      rv="?"
    else
      if [[ "$rv" != "$tsv" ]]; then
        ok=0
        fail "$rel: the Rust parser says $rv, tree-sitter says $tsv"
      fi
      if [[ "$label" != none && "$rv" != "$label" ]]; then
        ok=0
        fail "$rel: expected $label, the Rust parser says $rv"
      fi
    fi
  else
    rv="-"
  fi
  if [[ $ok == 0 ]]; then
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
    printf 'ok    %-55s tree-sitter=%s rust=%s\n' "$rel" "$tsv" "$rv"
  fi
done

status=0
if [[ "$rust_mode" == none || $rust_broken -gt 0 ]]; then
  what="the Rust side gave no verdicts"
  [[ $rust_broken -gt 0 ]] && what="the Rust side gave no verdict for $rust_broken file(s)"
  if [[ "$require_all" == 1 ]]; then
    echo "differential: FAIL: $what: $rust_reason"
    status=1
  else
    echo "differential: SKIP (Rust comparison): $what: $rust_reason (only tree-sitter vs valid/invalid labels was checked; set COORD_REQUIRE_ALL=1 to make this an error)"
  fi
fi
echo "differential: $passed passed, $failed failed"
if [[ $failed -gt 0 ]]; then
  status=1
fi
exit $status
