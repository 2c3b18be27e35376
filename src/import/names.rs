//! Plan names for imported things: valid identifiers, never a kind keyword, unique in a plan.

use std::collections::HashSet;

use crate::syntax::ItemKind;

const MAX_CHARS: usize = 40;

/// Turns free text (a Backstage name, a display name, a meeting summary, an email's local
/// part) into a plan identifier: lower case, runs of anything that is not a letter or digit
/// become one `-`, and a name that would start with a digit or `-` gets `fallback` in front
/// (`2026-planning` becomes `meeting-2026-planning`). Empty text gives `fallback` itself.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    // Long names (a meeting's whole summary) are cut at a word, after at most 40 characters.
    if out.chars().count() > MAX_CHARS {
        let cut: String = out.chars().take(MAX_CHARS + 1).collect();
        out = match cut.rfind('-') {
            Some(i) if i > 0 => cut[..i].to_string(),
            _ => cut.chars().take(MAX_CHARS).collect(),
        };
    }
    match out.chars().next() {
        None => fallback.to_string(),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("{fallback}-{out}"),
    }
}

/// True when `name` is a valid plan identifier: a letter or `_`, then letters, digits, `_`
/// or `-`, and not one of the eight kind keywords.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    first_ok
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && ItemKind::from_keyword(name).is_none()
}

/// The names already given in one plan, so every new one is different.
#[derive(Debug, Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    pub fn new() -> Names {
        Names::default()
    }

    /// Marks a name as used (a name defined in the plan the import adds to).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// A new unique name from `text`: its [`slug`], else the slug with `-KIND` after it
    /// (a team and a person both called `platform`), else with `-2`, `-3`, ...
    pub fn unique(&mut self, text: &str, kind: &str) -> String {
        let base = slug(text, kind);
        let mut candidates = vec![base.clone()];
        if !base.ends_with(&format!("-{kind}")) && base != kind {
            candidates.push(format!("{base}-{kind}"));
        }
        let chosen = candidates
            .into_iter()
            .find(|c| is_identifier(c) && !self.taken.contains(c))
            .unwrap_or_else(|| {
                (2..)
                    .map(|n| format!("{base}-{n}"))
                    .find(|c| !self.taken.contains(c))
                    .expect("an unused number exists")
            });
        self.taken.insert(chosen.clone());
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_identifiers() {
        assert_eq!(slug("Platform Weekly", "meeting"), "platform-weekly");
        assert_eq!(slug("j.doe", "person"), "j-doe");
        assert_eq!(slug("  --Équipe  Paris!! ", "team"), "équipe-paris");
        assert_eq!(slug("2026 planning", "meeting"), "meeting-2026-planning");
        assert_eq!(slug("!!!", "meeting"), "meeting");
        assert_eq!(slug("山田 太郎", "person"), "山田-太郎");
        assert_eq!(
            slug(
                "Data & Analytics: metrics review with the product managers",
                "m"
            ),
            "data-analytics-metrics-review-with-the"
        );
        assert_eq!(slug(&"x".repeat(50), "m").len(), 40);
        for text in ["a", "2", "-x-", "team", "Ω", "__", ""] {
            let mut names = Names::new();
            let n = names.unique(text, "team");
            assert!(is_identifier(&n), "{text:?} gave {n:?}");
        }
    }

    #[test]
    fn names_are_unique_and_never_keywords() {
        let mut names = Names::new();
        assert_eq!(names.unique("Platform", "team"), "platform");
        assert_eq!(names.unique("platform", "person"), "platform-person");
        assert_eq!(names.unique("platform", "person"), "platform-2");
        assert_eq!(names.unique("Team", "team"), "team-2");
        assert_eq!(names.unique("meeting", "person"), "meeting-person");
        names.reserve("x");
        assert_eq!(names.unique("x", "team"), "x-team");
    }
}
