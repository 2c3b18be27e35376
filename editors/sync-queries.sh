#!/usr/bin/env bash
# Copies the tree-sitter queries from grammar/tree-sitter-plan/queries (the one
# source of truth) to the editors that ship their own copy:
#   editors/nvim/queries/plan/   highlights, locals, folds, indents
#   editors/helix/queries/plan/  highlights, locals (indents.scm there is Helix's own)
#   editors/zed/languages/plan/  highlights
# With --check, changes nothing and fails when a copy differs.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$repo/grammar/tree-sitter-plan/queries"
copies=(
  "highlights.scm editors/nvim/queries/plan"
  "locals.scm editors/nvim/queries/plan"
  "folds.scm editors/nvim/queries/plan"
  "indents.scm editors/nvim/queries/plan"
  "highlights.scm editors/helix/queries/plan"
  "locals.scm editors/helix/queries/plan"
  "highlights.scm editors/zed/languages/plan"
)
check=0
[[ "${1:-}" == --check ]] && check=1
stale=0
for entry in "${copies[@]}"; do
  read -r file dir <<<"$entry"
  if [[ $check == 1 ]]; then
    if ! cmp -s "$src/$file" "$repo/$dir/$file"; then
      echo "$dir/$file differs from grammar/tree-sitter-plan/queries/$file (run editors/sync-queries.sh)"
      stale=1
    fi
  else
    mkdir -p "$repo/$dir"
    cp "$src/$file" "$repo/$dir/$file"
    echo "copied queries/$file -> $dir/"
  fi
done
if [[ $check == 1 && $stale == 0 ]]; then
  echo "every editor's copy of the tree-sitter queries is up to date"
fi
exit $stale
