#!/usr/bin/env bash
# The check step: GitHub annotations for every finding (and a SARIF file when asked).
# Exit status as `coord check`'s: 1 on errors (or warnings with COORD_DENY_WARNINGS=true).
set -uo pipefail
path="${COORD_PATH:-.}"
flags=()
[[ "${COORD_DENY_WARNINGS:-false}" == true ]] && flags+=(--deny-warnings)
if [[ "${COORD_SARIF:-false}" == true ]]; then
  coord check --format sarif "$path" >coord.sarif || true
fi
coord check --format github "${flags[@]}" "$path"
