#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/) from the plans in examples/ and
# tests/fixtures/: every .plan file as it is, and, for `check`, each folder's plans joined
# with a \x01 byte (the target splits there into files that share a namespace). Seeds are
# named by their content's hash, so running this again adds nothing twice.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

targets=(check fmt positions ide edit)
for t in "${targets[@]}"; do mkdir -p "fuzz/corpus/$t"; done

add() { # add TARGET FILE
  local sum
  sum=$(sha1sum "$2" | cut -c1-40)
  cp "$2" "fuzz/corpus/$1/seed-$sum"
}

mapfile -t plans < <(find examples tests/fixtures -name '*.plan' -type f 2>/dev/null | LC_ALL=C sort)
for f in "${plans[@]}"; do
  for t in "${targets[@]}"; do add "$t" "$f"; done
done

# Multi-file seeds for `check`: one per folder with more than one plan.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
mapfile -t dirs < <(printf '%s\n' "${plans[@]}" | xargs -r -n1 dirname | LC_ALL=C sort -u)
for d in "${dirs[@]}"; do
  mapfile -t files < <(find "$d" -maxdepth 1 -name '*.plan' -type f | LC_ALL=C sort)
  (( ${#files[@]} > 1 )) || continue
  : >"$tmp"
  for i in "${!files[@]}"; do
    (( i > 0 )) && printf '\x01' >>"$tmp"
    cat "${files[$i]}" >>"$tmp"
  done
  add check "$tmp"
  add ide "$tmp"
  add edit "$tmp"
done

for t in "${targets[@]}"; do
  echo "fuzz/corpus/$t: $(find "fuzz/corpus/$t" -type f | wc -l) inputs"
done
