//! The library's public surface, checked: the public modules (`pub mod`, followed from
//! `src/lib.rs` into each public module's file) and the names `src/lib.rs` re-exports are
//! exactly the lists below, and ARCHITECTURE.md's "Public API" section names each of them.
//! A new public module or re-export fails here until it is added to both, on purpose: the
//! surface is a decision (what the binaries, benches, fuzz targets and integration tests
//! need), not a default. Everything else is `pub(crate)` or in a private module.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every public module, by path from the crate root.
const PUBLIC_MODULES: &[&str] = &[
    "cli",
    "cli::render",
    "fmt",
    "ide",
    "ide::code_actions",
    "ide::completion",
    "ide::folding",
    "ide::formatting",
    "ide::hover",
    "ide::inlay_hints",
    "ide::navigation",
    "ide::rename",
    "ide::semantic_tokens",
    "ide::semantic_tokens::modifiers",
    "ide::symbols",
    "server",
    "syntax",
    "synth",
];

/// Every name `src/lib.rs` re-exports at the crate root.
const ROOT_REEXPORTS: &[&str] = &[
    "Analysis",
    "Config",
    "ConfigError",
    "Date",
    "Diagnostic",
    "FileId",
    "Fix",
    "Host",
    "Label",
    "LoadError",
    "Location",
    "PlanFile",
    "Severity",
    "Span",
    "Summary",
    "TextEdit",
    "Workspace",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The file of the module at `path` (`a::b`): `src/a/b.rs` or `src/a/b/mod.rs`; `None` for an
/// inline module.
fn module_file(path: &str) -> Option<PathBuf> {
    let rel = path.replace("::", "/");
    [format!("{rel}.rs"), format!("{rel}/mod.rs")]
        .into_iter()
        .map(|f| src().join(f))
        .find(|f| f.is_file())
}

/// The modules `text` declares `pub` (not `pub(crate)`, not under `#[cfg(test)]`), inline
/// ones included, each with the text of its body when it is inline.
fn pub_mods(text: &str) -> Vec<(String, Option<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    // The module's own items are the least indented; deeper ones are inside inline modules.
    let base = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if indent(line) != base {
            continue;
        }
        let Some(rest) = line.trim_start().strip_prefix("pub mod ") else {
            continue;
        };
        let for_tests = lines[..i]
            .iter()
            .rev()
            .map(|l| l.trim())
            .take_while(|l| l.starts_with("#["))
            .any(|l| l == "#[cfg(test)]");
        if for_tests {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let inline = rest.trim_end().ends_with('{').then(|| {
            // The body: the lines up to the closing brace at the declaration's indentation.
            let close = format!("{}}}", " ".repeat(base));
            lines[i + 1..]
                .iter()
                .take_while(|l| **l != close)
                .copied()
                .collect::<Vec<_>>()
                .join("\n")
        });
        out.push((name, inline));
    }
    out
}

fn collect(prefix: &str, text: &str, out: &mut BTreeSet<String>) {
    for (name, inline) in pub_mods(text) {
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}::{name}")
        };
        let body = inline.or_else(|| std::fs::read_to_string(module_file(&path)?).ok());
        if let Some(body) = body {
            collect(&path, &body, out);
        }
        out.insert(path);
    }
}

/// The names of the `pub use` items of `text` (the last segment of each path, or its alias).
fn reexports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("\npub use ") {
        let after = &rest[at + "\npub use ".len()..];
        let end = after.find(';').unwrap();
        let stmt = &after[..end];
        let items = match (stmt.find('{'), stmt.rfind('}')) {
            (Some(open), Some(close)) => stmt[open + 1..close].split(',').collect(),
            _ => vec![stmt.rsplit("::").next().unwrap()],
        };
        for item in items {
            let item = item.trim();
            let name = item
                .rsplit(" as ")
                .next()
                .unwrap()
                .rsplit("::")
                .next()
                .unwrap();
            if !name.is_empty() && name != "self" {
                out.insert(name.to_string());
            }
        }
        rest = &after[end..];
    }
    out
}

#[test]
fn the_public_modules_are_the_documented_ones() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut found = BTreeSet::new();
    collect("", &lib, &mut found);
    let expected: BTreeSet<String> = PUBLIC_MODULES.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        found, expected,
        "the public modules changed: decide whether the new surface is needed (keep it \
         `pub(crate)` otherwise), then list it here and in ARCHITECTURE.md (\"Public API\")"
    );
}

#[test]
fn the_root_reexports_are_the_documented_ones() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let found = reexports(&format!("\n{lib}"));
    let expected: BTreeSet<String> = ROOT_REEXPORTS.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        found, expected,
        "src/lib.rs re-exports other names: list them here and in ARCHITECTURE.md \
         (\"Public API\")"
    );
}

#[test]
fn architecture_md_names_the_whole_surface() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let start = text
        .find("## Public API")
        .expect("ARCHITECTURE.md has a \"Public API\" section");
    let section = &text[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let top_modules = PUBLIC_MODULES.iter().filter(|m| !m.contains("::"));
    for name in ROOT_REEXPORTS.iter().chain(top_modules) {
        assert!(
            section.contains(&format!("`{name}`")),
            "ARCHITECTURE.md's \"Public API\" does not name `{name}`"
        );
    }
}

/// The parsing above, on a small example, so that the tests above cannot pass by reading
/// nothing.
#[test]
fn the_surface_is_read_from_the_source() {
    let text = "pub mod a;\npub(crate) mod b;\n#[cfg(test)]\npub mod c;\nmod d;\n\
                pub mod e {\n    pub mod f {\n    }\n    pub(crate) mod g;\n}\n\
                pub use x::{Y, z::W as V};\npub use q::R;\npub(crate) use s::T;\n";
    let mut found = BTreeSet::new();
    collect("", text, &mut found);
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["a", "e", "e::f"]);
    assert_eq!(
        reexports(&format!("\n{text}"))
            .into_iter()
            .collect::<Vec<_>>(),
        ["R", "V", "Y"]
    );
}
