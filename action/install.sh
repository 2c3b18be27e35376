#!/usr/bin/env bash
# Installs `coord` for the action: a coord already on PATH (or $COORD_BIN) is used as is; with
# COORD_VERSION, the released binary is downloaded; otherwise the action's own source is built
# with `cargo install --locked` (the action's folder is a checkout of the crate).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/coord-bin"
mkdir -p "$bin_dir"
publish() { # puts coord on the PATH of the following steps
  if [[ -n "${GITHUB_PATH:-}" ]]; then echo "$1" >>"$GITHUB_PATH"; fi
  echo "coord: using $("$1/coord" --version)"
}
if [[ -n "${COORD_BIN:-}" ]]; then
  ln -sf "$COORD_BIN" "$bin_dir/coord"
  publish "$bin_dir"
  exit 0
fi
if [[ -n "${COORD_VERSION:-}" ]]; then
  url="https://github.com/coord-dev/coord/releases/download/v${COORD_VERSION}/coord-$(uname -m)-unknown-linux-gnu.tar.gz"
  if curl -fsSL "$url" | tar -xz -C "$bin_dir" coord; then
    publish "$bin_dir"
    exit 0
  fi
  echo "coord: no release binary at $url; building from source instead" >&2
fi
cargo install --locked --root "$bin_dir/.." --path "$here" --bin coord
publish "$bin_dir"
