#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 in the browser, the newest code-server that
# runs on Node 20) from the npm registry, for the VS Code end-to-end test (e2e.js), and
# playwright-core (pinned in package-lock.json) beside this script. Nothing is downloaded
# from outside the npm registry:
#   - `@vscode/ripgrep`'s postinstall would fetch rg from GitHub; it skips the download when
#     its bin/ folder exists, so the folder is made first with a link to apt's /usr/bin/rg;
#   - native modules (argon2, node-pty, kerberos, ...) fall back to building from source
#     against the installed Node's headers (npm_config_nodedir=/usr);
#   - playwright-core never downloads a browser: the test launches apt's /usr/bin/chromium.
# Needs from apt: ripgrep, libkrb5-dev (kerberos), chromium, and a C++ compiler.
#
#   CODE_SERVER_DIR   where to install (default ~/.cache/coord-e2e/code-server-4.100.3)
# Prints the code-server binary's path as its last line. Idempotent: an existing complete
# install is kept.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/coord-e2e/code-server-$CODE_SERVER_VERSION}"
export npm_config_yes=true npm_config_nodedir=/usr npm_config_audit=false npm_config_fund=false \
  npm_config_update_notifier=false

log() { echo "vscode-e2e install: $*" >&2; }

for tool in node npm rg c++ make python3; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing $tool"; exit 1; }
done

# playwright-core at the version package-lock.json pins (reinstalled when the pin changes).
if ! (cd "$here" && node -e '
  const want = require("./package-lock.json").packages["node_modules/playwright-core"].version;
  process.exit(require("playwright-core/package.json").version === want ? 0 : 1);' 2>/dev/null); then
  (cd "$here" && npm ci --silent) >&2
fi

cs="$dir/node_modules/code-server"
if [[ -f "$dir/.complete" && -x "$cs/out/node/entry.js" ]]; then
  echo "$cs/out/node/entry.js"
  exit 0
fi

log "installing code-server@$CODE_SERVER_VERSION into $dir (several minutes: native modules are built)"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
echo '{"private": true}' >package.json
# 1. The package and its own dependencies, with no install scripts yet.
npm install --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION" >&2
# 2. code-server's one dependency that builds native code (argon2, for password login).
npm rebuild argon2 >&2 2>&1 || { log "npm rebuild argon2 failed"; exit 1; }
# 3. What code-server's postinstall.sh does, with rg taken from apt.
cd "$cs/lib/vscode"
npm install --unsafe-perm --omit=dev --ignore-scripts >&2
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild >&2 2>&1 || { log "npm rebuild (VS Code's native modules) failed"; exit 1; }
[[ -x node_modules/@vscode/ripgrep/bin/rg ]] || { log "ripgrep link missing"; exit 1; }
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
cd extensions
npm install --unsafe-perm --omit=dev >&2
touch "$dir/.complete"
log "code-server installed"
echo "$cs/out/node/entry.js"
