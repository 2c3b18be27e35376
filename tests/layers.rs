//! The layers of ARCHITECTURE.md, checked: no module of `src/` imports from a layer to its
//! right. The order is written once, here and in ARCHITECTURE.md ("Layers"); this test reads
//! every `crate::` path outside test code.

use std::collections::BTreeSet;
use std::path::Path;

/// Layers from left (depends on nothing) to right (depends on anything to its left). Modules in
/// one layer may use each other.
const LAYERS: &[&[&str]] = &[
    &["syntax"],
    &["workspace", "suggest", "synth", "date", "cores"],
    &["diagnostic"],
    &["model"],
    &["rules", "config"],
    &["analysis", "host"],
    &["reference", "docs", "fmt"],
    &["ide", "graph", "report", "calendar", "diff", "import"],
    &["lsp", "cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a file without its test code and comments: an item under `#[cfg(test)]` is
/// left out (`mod NAME;`, `use ...;`, a `fn` or `impl` to its closing brace), and an inline
/// `mod NAME { ... }` under it is taken to run to the end of the file, as test modules do.
fn code(text: &str) -> String {
    let mut text = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    while let Some(at) = text.find("#[cfg(test)]") {
        let mut rest = &text[at + "#[cfg(test)]".len()..];
        // Further attributes of the same item.
        loop {
            rest = rest.trim_start();
            match rest.strip_prefix("#[") {
                Some(r) => rest = &r[r.find(']').map_or(r.len(), |i| i + 1)..],
                None => break,
            }
        }
        let semi = rest.find(';').unwrap_or(rest.len());
        let brace = rest.find('{').unwrap_or(rest.len());
        let end = if semi < brace {
            semi + 1
        } else if rest[..brace].split_whitespace().any(|w| w == "mod") {
            rest.len()
        } else {
            let mut depth = 0;
            let mut end = rest.len();
            for (i, c) in rest.char_indices().skip(brace) {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            end
        };
        let item_end = text.len() - rest.len() + end;
        text.replace_range(at..item_end, "");
    }
    text
}

#[test]
fn test_code_is_left_out_and_the_code_after_it_kept() {
    let text = "use crate::a;\n#[cfg(test)]\nmod tests;\nuse crate::b;\n\
                #[cfg(test)]\n#[allow(dead_code)]\nfn helper() { if x { crate::c } }\n\
                use crate::d; // crate::e\n#[cfg(test)]\nmod tests {\n    use crate::f;\n}\n";
    let kept = code(text);
    for (name, expected) in [
        ("a", true),
        ("b", true),
        ("c", false),
        ("d", true),
        ("e", false),
        ("f", false),
    ] {
        assert_eq!(
            kept.contains(&format!("crate::{name}")),
            expected,
            "{name} in {kept:?}"
        );
    }
    assert!(declared_for_tests(
        "#[cfg(test)]\npub(crate) mod tests;\n",
        "tests"
    ));
    assert!(!declared_for_tests("mod tests;\n", "tests"));
    assert!(!declared_for_tests(
        "#[cfg(test)]\nmod props;\nmod tests;\n",
        "tests"
    ));
}

/// Whether `rel` (a path under `src/`) holds a module compiled only for tests: it, or a module
/// it is in, is declared under `#[cfg(test)]` (`#[cfg(test)] mod tests;`) in its parent.
fn is_test_module(src: &Path, rel: &Path) -> bool {
    let mut names: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = names.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        names.push(stem.to_string());
    }
    for i in 1..names.len() {
        let parent = names[..i].join("/");
        let parent_text = [format!("{parent}.rs"), format!("{parent}/mod.rs")]
            .iter()
            .find_map(|f| std::fs::read_to_string(src.join(f)).ok())
            .unwrap_or_default();
        if declared_for_tests(&parent_text, &names[i]) {
            return true;
        }
    }
    false
}

/// Whether `text` declares `mod name;` under `#[cfg(test)]` (among the attributes above it).
fn declared_for_tests(text: &str, name: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.iter().enumerate().any(|(i, line)| {
        let declares = line
            .strip_suffix(&format!("mod {name};"))
            .is_some_and(|vis| vis.is_empty() || vis.starts_with("pub"));
        declares
            && lines[..i]
                .iter()
                .rev()
                .take_while(|l| l.starts_with("#["))
                .any(|l| *l == "#[cfg(test)]")
    })
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
        if matches!(module.as_str(), "lib" | "main" | "bin") || is_test_module(&src, rel) {
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
