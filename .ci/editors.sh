#!/usr/bin/env bash
# Editor and grammar tests (issue 4). Installs what it needs (Neovim from apt, the
# tree-sitter CLI from crates.io, npm packages), then runs:
#   1. tree-sitter: generated parser up to date, `tree-sitter test` (corpus and
#      highlight tests), the editors' query copies identical to the grammar's, every
#      query (grammar, Neovim, Helix, Zed) compiles against the grammar
#   2. TextMate grammar: scope tests (vscode-tmgrammar-test), and no `invalid.*`
#      scope in the valid fixtures
#   3. VS Code extension: tsc compile, unit tests, vsce package (vsix contents checked)
#   4. differential test: tree-sitter vs the Rust parser (`coord check --format json`),
#      on the fixtures and on 150 seeded mutants of them (EDITORS_MUTANTS, EDITORS_MUTANT_SEED)
#   5. Neovim plugin (filetype, syntax, tree-sitter queries in Neovim, live diagnostics,
#      roots, mappings); the full end-to-end tests on Neovim 0.11 and 0.7 are
#      tests/lsp_nvim.rs, run by `cargo test`
# and ends with one line "editors: N passed, N failed"; exits non-zero on any failure.
#
#   COORD_BIN=/path/to/coord   use this binary instead of `cargo build --release`
#   COORD_REQUIRE_ALL=0        let the differential test skip the Rust comparison when
#                              `coord check --format json` does not work (default 1)
#   EDITORS_SKIP_INSTALL=1     install nothing (use what is on the machine)
#   EDITORS_CHECK_ZED=1        also `cargo check` the Zed extension (editors/zed)
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export PATH="$HOME/.cargo/bin:$PATH"
export COORD_REQUIRE_ALL="${COORD_REQUIRE_ALL:-1}"
# The version that generated grammar/tree-sitter-plan/src/parser.c.
TREE_SITTER_CLI_VERSION=0.27.1

started=$SECONDS
passed=0
failed=0
failures=()

section() { printf '\n=== %s\n' "$*"; }

# step NAME COMMAND...: runs one test step, counting it as passed or failed.
step() {
  local name="$1"
  shift
  section "$name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "--- ok: $name ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "--- FAILED: $name ($((SECONDS - t0)) s)"
  fi
}

# --- installs ------------------------------------------------------------------------
install_all() {
  if [[ "${EDITORS_SKIP_INSTALL:-0}" == 1 ]]; then
    echo "EDITORS_SKIP_INSTALL=1: installing nothing"
    return 0
  fi
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  if ! command -v nvim >/dev/null 2>&1; then
    section "install neovim (apt)"
    $sudo apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >/dev/null || return 1
  fi
  if ! command -v tree-sitter >/dev/null 2>&1; then
    section "install tree-sitter-cli $TREE_SITTER_CLI_VERSION (cargo, takes a few minutes)"
    cargo install --locked --version "$TREE_SITTER_CLI_VERSION" tree-sitter-cli || return 1
  fi
  section "npm ci (grammar/textmate, editors/vscode)"
  (cd grammar/textmate && npm ci --no-audit --no-fund) || return 1
  (cd editors/vscode && npm ci --no-audit --no-fund) || return 1
}

if ! install_all; then
  echo "editors: installing the test tools failed" >&2
  echo "editors: 0 passed, 1 failed"
  exit 1
fi
echo "nvim: $(nvim --version | head -1); tree-sitter: $(tree-sitter --version); node: $(node --version)"

# --- 1. tree-sitter --------------------------------------------------------------------
ts_generated_up_to_date() {
  local tmp
  tmp="$(mktemp -d)"
  cp -r grammar/tree-sitter-plan/. "$tmp/"
  (cd "$tmp" && tree-sitter generate) || { rm -rf "$tmp"; return 1; }
  local stale=0 f
  for f in src/parser.c src/grammar.json src/node-types.json src/tree_sitter/parser.h src/tree_sitter/alloc.h src/tree_sitter/array.h; do
    if ! cmp -s "$tmp/$f" "grammar/tree-sitter-plan/$f"; then
      echo "grammar/tree-sitter-plan/$f is not what \`tree-sitter generate\` makes of grammar.js"
      stale=1
    fi
  done
  rm -rf "$tmp"
  if [[ $stale == 1 ]]; then
    local have
    have="$(tree-sitter --version | awk '{print $2}')"
    if [[ "$have" != "$TREE_SITTER_CLI_VERSION" ]]; then
      echo "(tree-sitter $have is not $TREE_SITTER_CLI_VERSION, which generated the committed parser: not counted as a failure)"
      return 0
    fi
    echo "run \`tree-sitter generate\` in grammar/tree-sitter-plan and commit src/"
    return 1
  fi
  echo "generated parser is up to date"
}

ts_test() {
  (cd grammar/tree-sitter-plan && tree-sitter test)
}


every_query_compiles() {
  local q bad=0 err
  err="$(mktemp)"
  for q in grammar/tree-sitter-plan/queries/*.scm editors/nvim/queries/plan/*.scm \
    editors/helix/queries/plan/*.scm editors/zed/languages/plan/*.scm; do
    if (cd grammar/tree-sitter-plan && tree-sitter query "$repo/$q" "$repo/tests/editors/fixtures/valid/example.plan") >/dev/null 2>"$err"; then
      echo "ok    $q"
    else
      echo "FAIL  $q"
      cat "$err"
      bad=1
    fi
  done
  rm -f "$err"
  return $bad
}

# Optional (EDITORS_CHECK_ZED=1): type-check the Zed extension's Rust code.
zed_extension_check() {
  (cd editors/zed && cargo check --quiet --locked --target-dir "$repo/target/zed-extension")
}

step "tree-sitter generate: committed parser up to date" ts_generated_up_to_date
step "tree-sitter test (corpus and highlight tests)" ts_test
step "editors' query copies identical to the grammar's" editors/sync-queries.sh --check
step "every query (grammar, Neovim, Helix, Zed) compiles against the grammar" every_query_compiles
if [[ "${EDITORS_CHECK_ZED:-0}" == 1 ]]; then
  step "Zed extension: cargo check" zed_extension_check
fi

# --- 2. TextMate -----------------------------------------------------------------------
step "TextMate grammar scope tests" bash -c 'cd grammar/textmate && npm test --silent'

# --- 3. VS Code extension --------------------------------------------------------------
vscode_build_and_test() {
  (cd editors/vscode && npm run --silent compile && node --test test/)
}

vscode_package() {
  (
    cd editors/vscode || exit 1
    rm -f ./*.vsix
    npx --no-install vsce package --allow-missing-repository --skip-license --out coord-plan.vsix || exit 1
    local listing
    listing="$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' coord-plan.vsix)" || exit 1
    local want
    for want in extension/package.json extension/out/extension.js extension/out/server.js \
      extension/language-configuration.json extension/syntaxes/plan.tmLanguage.json \
      extension/node_modules/vscode-languageclient/package.json \
      extension/node_modules/vscode-languageclient/lib/node/main.js \
      extension/node_modules/vscode-jsonrpc/package.json; do
      if ! grep -qx "$want" <<<"$listing"; then
        echo "coord-plan.vsix lacks $want"
        exit 1
      fi
    done
    echo "coord-plan.vsix holds the extension, its grammar and vscode-languageclient"
  )
}

step "VS Code extension: tsc compile and unit tests" vscode_build_and_test
step "VS Code extension: vsce package" vscode_package

# --- coord binary for 4 and 5 ---------------------------------------------------------
if [[ -z "${COORD_BIN:-}" ]]; then
  section "cargo build --release (coord for the differential and Neovim tests)"
  cargo build --release --quiet || echo "cargo build --release failed"
  export COORD_BIN="$repo/target/release/coord"
fi

# --- 4. differential -------------------------------------------------------------------
step "differential test: tree-sitter vs the Rust parser" tests/editors/differential.sh

differential_mutants() {
  local dir status=0
  dir="$(mktemp -d)"
  if ! python3 tests/editors/mutate_plans.py --seed "${EDITORS_MUTANT_SEED:-1}" \
    --count "${EDITORS_MUTANTS:-150}" "$dir/plans"; then
    rm -rf "$dir"
    return 1
  fi
  tests/editors/differential.sh "$dir/plans" >"$dir/log" 2>&1 || status=$?
  grep -v '^ok ' "$dir/log" # the failures and the summary
  rm -rf "$dir"
  return "$status"
}
step "differential test on generated mutants of the fixtures" differential_mutants

# --- 5. Neovim -------------------------------------------------------------------------
step "Neovim plugin end to end" tests/editors/nvim_plugin.sh

section "summary ($((SECONDS - started)) s)"
for f in "${failures[@]}"; do
  echo "failed: $f"
done
echo "editors: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
