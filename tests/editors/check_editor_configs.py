#!/usr/bin/env python3
"""Checks the editor configuration files that no test can load in their editor here
(Helix and Zed are not installable on the CI machine), plus VS Code's JSON manifests:
every TOML and JSON file parses, the TOML and JSON snippets in editors/README.md parse,
the README's Helix snippet is editors/helix/languages.toml, and the files agree with
each other and with the grammar (language name `plan`, scope `source.plan`, file
suffix `.plan`, grammar folder grammar/tree-sitter-plan, server `coord lsp`).

    python3 tests/editors/check_editor_configs.py

Prints one line per check and exits 1 when any fails. (That the Helix and Zed query
files compile against the grammar is checked by .ci/editors.sh with `tree-sitter query`.)
"""
import json
import os
import pathlib
import re
import sys

try:
    import tomllib  # Python 3.11+
except ModuleNotFoundError:
    if os.environ.get("COORD_REQUIRE_ALL") == "1":
        sys.exit("editor configs: FAIL: Python 3.11+ (tomllib) is needed to parse TOML")
    print("editor configs: SKIP: Python 3.11+ (tomllib) is needed to parse TOML"
          " (set COORD_REQUIRE_ALL=1 to make this an error)")
    sys.exit(0)

REPO = pathlib.Path(__file__).resolve().parents[2]
failures = []


def check(what, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'}  {what}{'' if ok else f': {detail}'}")
    if not ok:
        failures.append(what)
    return ok


def load(path):
    """Parses a .toml or .json file, or records why it does not parse."""
    rel = path.relative_to(REPO)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as err:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        check(f"{rel} parses", False, str(err))
        return None
    check(f"{rel} parses", True)
    return data


def readme_blocks(text, lang):
    """(heading, code) for every ```lang fenced block, with the `## ` heading above it."""
    blocks, heading, fence = [], "", None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence is None:
            if line.startswith("## "):
                heading = line[3:].strip()
            elif stripped.startswith("```"):
                fence = {"lang": stripped[3:].strip(), "indent": len(line) - len(line.lstrip()), "code": []}
        elif stripped == "```":
            if fence["lang"] == lang:
                blocks.append((heading, "".join(fence["code"])))
            fence = None
        else:
            fence["code"].append(line[fence["indent"]:] if line[: fence["indent"]].isspace() else line)
    return blocks


def main():
    grammar_dir = REPO / "grammar/tree-sitter-plan"
    ts_json = load(grammar_dir / "tree-sitter.json")
    grammar_name = ts_json["grammars"][0]["name"] if ts_json else "plan"
    scope = ts_json["grammars"][0]["scope"] if ts_json else "source.plan"
    check("tree-sitter grammar is named `plan`, scope `source.plan`",
          (grammar_name, scope) == ("plan", "source.plan"), f"{grammar_name}, {scope}")
    tm = load(REPO / "grammar/textmate/plan.tmLanguage.json")
    if tm:
        check("TextMate grammar scope is the tree-sitter grammar's", tm.get("scopeName") == scope,
              tm.get("scopeName"))

    # --- Helix: editors/helix/languages.toml, and the same in editors/README.md -------
    helix = load(REPO / "editors/helix/languages.toml")
    readme = (REPO / "editors/README.md").read_text(encoding="utf-8")
    toml_blocks = readme_blocks(readme, "toml")
    json_blocks = readme_blocks(readme, "json")
    check("editors/README.md has TOML and JSON snippets", toml_blocks and json_blocks,
          "no ```toml or ```json block found")
    for i, (heading, code) in enumerate(toml_blocks + json_blocks):
        kind = "TOML" if i < len(toml_blocks) else "JSON"
        try:
            data = tomllib.loads(code) if kind == "TOML" else json.loads(code)
            check(f"editors/README.md, {heading}: {kind} snippet {i + 1} parses", True)
        except ValueError as err:
            check(f"editors/README.md, {heading}: {kind} snippet {i + 1} parses", False, str(err))
            continue
        if kind == "TOML" and heading == "Helix" and "language" in data:
            check("editors/README.md's Helix languages.toml is editors/helix/languages.toml",
                  data == helix, "the two differ: keep them the same")
    if not any(h == "Helix" and "[[language]]" in c for h, c in toml_blocks):
        check("editors/README.md shows the Helix languages.toml", False, "no such ```toml block under `## Helix`")
    if helix:
        langs = [lang for lang in helix.get("language", []) if lang.get("name") == "plan"]
        if check("Helix: a [[language]] named `plan`", len(langs) == 1, f"{len(langs)} found"):
            lang = langs[0]
            check("Helix: scope source.plan, file type plan",
                  lang.get("scope") == scope and "plan" in lang.get("file-types", []), str(lang))
            check("Helix: grammar `plan`", lang.get("grammar") == grammar_name, lang.get("grammar"))
            servers = helix.get("language-server", {})
            check("Helix: its language servers are defined",
                  all(s in servers for s in lang.get("language-servers", [])) and lang.get("language-servers"),
                  f"{lang.get('language-servers')} vs {list(servers)}")
            coord = servers.get("coord", {})
            check("Helix: the server runs `coord lsp`",
                  coord.get("command") == "coord" and coord.get("args") == ["lsp"], str(coord))
        grammars = [g for g in helix.get("grammar", []) if g.get("name") == grammar_name]
        if check("Helix: a [[grammar]] named `plan`", len(grammars) == 1, f"{len(grammars)} found"):
            path = grammars[0].get("source", {}).get("path", "")
            check("Helix: the grammar source is a grammar/tree-sitter-plan folder",
                  path.rstrip("/").endswith("grammar/tree-sitter-plan"), path)
    for q in ("highlights", "indents", "locals"):
        check(f"Helix: queries/plan/{q}.scm exists", (REPO / f"editors/helix/queries/plan/{q}.scm").is_file())

    # --- Zed: the extension ---------------------------------------------------------
    ext = load(REPO / "editors/zed/extension.toml")
    cfg = load(REPO / "editors/zed/languages/plan/config.toml")
    load(REPO / "editors/zed/Cargo.toml")
    if ext and cfg:
        for key in ("id", "name", "version", "schema_version"):
            check(f"Zed extension.toml has `{key}`", key in ext)
        g = ext.get("grammars", {}).get(grammar_name, {})
        check("Zed: grammar `plan` at grammar/tree-sitter-plan",
              g.get("path") == "grammar/tree-sitter-plan" and (REPO / g.get("path", "-") / "grammar.js").is_file(),
              str(g))
        check("Zed: the language uses grammar `plan` for .plan files",
              cfg.get("grammar") == grammar_name and "plan" in cfg.get("path_suffixes", []), str(cfg))
        check("Zed: the `coord` server serves the language",
              cfg.get("name") in ext.get("language_servers", {}).get("coord", {}).get("languages", []),
              f"{cfg.get('name')} vs {ext.get('language_servers')}")
        check("Zed: `#` comments", any(c.strip() == "#" for c in cfg.get("line_comments", [])),
              cfg.get("line_comments"))
        lib = (REPO / "editors/zed/src/lib.rs").read_text(encoding="utf-8")
        check("Zed: the extension code starts `coord lsp`", re.search(r'"lsp"', lib) is not None,
              "no \"lsp\" argument in editors/zed/src/lib.rs")
    for q in ("highlights", "brackets", "indents", "outline"):
        check(f"Zed: languages/plan/{q}.scm exists", (REPO / f"editors/zed/languages/plan/{q}.scm").is_file())

    # --- VS Code: the manifests -----------------------------------------------------
    pkg = load(REPO / "editors/vscode/package.json")
    load(REPO / "editors/vscode/language-configuration.json")
    if pkg:
        contrib = pkg.get("contributes", {})
        langs = [lang for lang in contrib.get("languages", []) if lang.get("id") == "plan"]
        check("VS Code: language `plan` for .plan files",
              len(langs) == 1 and ".plan" in langs[0].get("extensions", []), str(langs))
        if langs:
            conf = langs[0].get("configuration", "")
            check("VS Code: its language configuration exists",
                  (REPO / "editors/vscode" / conf).is_file(), conf)
        grammars = [g for g in contrib.get("grammars", []) if g.get("language") == "plan"]
        check("VS Code: the TextMate grammar source.plan",
              len(grammars) == 1 and grammars[0].get("scopeName") == scope, str(grammars))

    print(f"editor configs: {len(failures)} failed" if failures else "editor configs: all parse and agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
