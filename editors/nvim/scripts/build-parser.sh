#!/bin/sh
# Builds the tree-sitter parser for .plan files (grammar/tree-sitter-plan) for the Neovim
# on PATH (or $NVIM_BIN), into Neovim's parser folder:
#   ${XDG_DATA_HOME:-~/.local/share}/nvim/site/parser/plan.so   (or the folder given as $1)
# Neovim 0.11 loads the committed parser (ABI 15) as it is; 0.9 and 0.10 load ABI 14 at
# most, so for them the parser is generated again at ABI 14 (`tree-sitter generate --abi
# 14`, in a scratch copy of the grammar: needs the tree-sitter CLI). Before 0.9 the plugin
# highlights with the Vim syntax file and nothing is built. Needs a C compiler (cc).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
grammar=$(cd "$here/../../../grammar/tree-sitter-plan" && pwd)
nvim=${NVIM_BIN:-nvim}
out=${1:-${XDG_DATA_HOME:-$HOME/.local/share}/nvim/site/parser}

version=$("$nvim" --version | head -1)
# The newest parser ABI this Neovim loads (0 when it has no tree-sitter highlighting to use).
nvim_abi=$("$nvim" --headless -u NONE -i NONE --cmd \
  'lua io.stdout:write(vim.fn.has("nvim-0.9") == 1 and tostring(vim.treesitter.language_version) or "0")' \
  --cmd 'qall!' 2>/dev/null | tr -dc '0-9')
if [ "${nvim_abi:-0}" = 0 ]; then
  echo "$version: the plugin highlights with the Vim syntax file (tree-sitter needs Neovim 0.9+); nothing to build"
  exit 0
fi
parser_abi=$(sed -n 's/^#define LANGUAGE_VERSION \([0-9]*\).*/\1/p' "$grammar/src/parser.c")
cc=${CC:-cc}
mkdir -p "$out"

if [ "$parser_abi" -le "$nvim_abi" ]; then
  src="$grammar/src"
  scratch=""
else
  ts=$(command -v tree-sitter || true)
  if [ -z "$ts" ]; then
    echo "error: $version loads tree-sitter parsers of ABI $nvim_abi at most; the committed parser is ABI $parser_abi." >&2
    echo "Install the tree-sitter CLI (cargo install tree-sitter-cli) so this script can generate it at ABI $nvim_abi." >&2
    exit 1
  fi
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  cp -R "$grammar/." "$scratch/"
  (cd "$scratch" && "$ts" generate --abi "$nvim_abi" >/dev/null)
  src="$scratch/src"
fi
"$cc" -O2 -shared -fPIC -I "$src" -o "$out/plan.so" "$src/parser.c" "$grammar/src/scanner.c"
echo "built $out/plan.so (ABI $([ "$parser_abi" -le "$nvim_abi" ] && echo "$parser_abi" || echo "$nvim_abi")) for $version"
