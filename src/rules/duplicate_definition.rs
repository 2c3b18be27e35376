//! `duplicate-definition`: a name defined twice in the workspace.

use crate::model::edit::Facts;
use crate::rules::Finds;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "duplicate-definition",
    default_severity: Severity::Error,
    summary: "a name defined twice in the workspace (both places shown)",
    doc: r#"## What it checks
That each name (of a person, team, meeting, task, rotation or centralized liaison group) is
defined once across all plan files of the workspace. All `.plan` files share one namespace,
so a team `platform` and a person `platform` clash too.

## Why it matters
With two definitions, every reference to the name is ambiguous: which `alice` owns the task,
which `platform` attends the meeting? Coord keeps the first definition (files in path order)
and ignores the later one for every other rule, so its fields are not checked at all.

## How to fix
Merge the two definitions into one, or rename one of them (rename in the editor updates
every reference). Liaison and embedded items are not definitions: one person may have several.

## Example
```plan
person alice "Alice Chen"
person alice "Alice Martin"
```
Rename the second, e.g. `alice-m`, and update the references that mean her.
"#,
    reads: Facts::DUPLICATES,
    finds: Finds::Anywhere,
    check,
};

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for dup in &cx.model.duplicates {
        let first = cx.model.symbol(dup.first);
        let (_, item) = cx.model.item(cx.ws, dup.item);
        let here = if item.kind.keyword() == first.kind.keyword() {
            String::new()
        } else {
            format!(
                " (as {} here, {} there)",
                crate::model::SymbolKind::of_item(item.kind).map_or("", |k| k.a()),
                first.kind.a()
            )
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                dup.location,
                format!("`{}` is already defined{here}", first.name),
            )
            .with_label(first.location, "first defined here")
            .with_help("names are shared by all plan files of the workspace: rename one of the two, or merge them"),
        );
    }
}
