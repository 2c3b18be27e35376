//! The layers of ARCHITECTURE.md, checked: no module of `src/` imports from a layer to its
//! right. The order is written once, here and in ARCHITECTURE.md ("Layers"); this test reads
//! every `crate::` path outside test code.

use std::collections::BTreeSet;
use std::path::Path;

/// Layers from left (depends on nothing) to right (depends on anything to its left). Modules in
/// one layer may use each other.
const LAYERS: &[&[&str]] = &[
    &["syntax"],
    &["workspace", "suggest", "synth", "date"],
    &["diagnostic"],
    &["model"],
    &["rules", "config"],
    &["analysis"],
    &["reference", "docs", "fmt"],
    &["ide", "graph", "report", "calendar", "diff", "import"],
    &["lsp", "cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a file without its test module and comments.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn visit(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_to_its_right() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    visit(&src, &mut files);
    let mut problems = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if matches!(module.as_str(), "lib" | "main" | "bin") {
            continue;
        }
        let Some(from) = layer(&module) else {
            unknown.insert(module);
            continue;
        };
        let text = code(&std::fs::read_to_string(&path).unwrap());
        let mut uses: Vec<String> = Vec::new();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + 7..];
            let ident = |s: &str| -> String {
                s.trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect()
            };
            match rest.strip_prefix('{') {
                // `crate::{a::X, b}`: the first name of each path in the group.
                Some(group) => {
                    let mut depth = 0;
                    let mut start = 0;
                    for (j, c) in group.char_indices() {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => {
                                uses.push(ident(&group[start..j]));
                                break;
                            }
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                uses.push(ident(&group[start..j]));
                                start = j + 1;
                            }
                            _ => {}
                        }
                    }
                }
                None => uses.push(ident(rest)),
            }
        }
        for used in uses {
            if used == module || used.is_empty() || used == "self" {
                continue;
            }
            match layer(&used) {
                Some(to) if to > from => {
                    problems.insert(format!(
                        "{} uses crate::{used} (layer {to}), to the right of {module} (layer {from})",
                        rel.display()
                    ));
                }
                Some(_) => {}
                None => {
                    unknown.insert(used);
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS (add them here and in ARCHITECTURE.md): {unknown:?}"
    );
    assert!(
        problems.is_empty(),
        "imports against the layers:\n{}",
        problems.into_iter().collect::<Vec<_>>().join("\n")
    );
}
