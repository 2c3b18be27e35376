//! Checking one value of a field against the form its key takes (a string, a duration, a
//! date, a time, a zone, a reference, one of a list of words, a rule code), with the
//! `unknown-field` problem when it is not.

use super::{Checked, Lowerer};
use crate::model::schema::{FieldSpec, ValueType};
use crate::model::*;
use crate::syntax::{ItemKind, ValueKind};

impl<'a> Lowerer<'a> {
    pub(super) fn value(
        &mut self,
        syntax: &'a crate::syntax::SourceFile,
        item: ItemRef,
        kind: ItemKind,
        spec: &'static FieldSpec,
        v: &'a crate::syntax::Value,
    ) -> Checked<'a> {
        let location = Location::new(item.file, v.span);
        let key = spec.key;
        let form = v.kind(syntax);
        if form == ValueKind::Invalid {
            return Checked::Bad; // reported as syntax
        }
        let wrong_form = |this: &mut Self| {
            let p = this.problem(
                location,
                format!(
                    "`{key}` takes {}, but this is {}",
                    spec.ty.describe(),
                    v.describe(syntax)
                ),
                Some(match spec.ty {
                    ValueType::Str => {
                        format!("put the text in double quotes, as in `{key} \"...\"`")
                    }
                    ValueType::Date => {
                        format!("write the date as YYYY-MM-DD, as in `{key} 2026-12-01`")
                    }
                    ValueType::Duration => {
                        format!("write the duration with a unit, as in `{key} 45m`")
                    }
                    ValueType::Time => {
                        format!("write the time as HH:MM on the 24-hour clock, as in `{key} 09:30`")
                    }
                    ValueType::Zone => format!(
                        "put the zone name in double quotes, as in `{key} \"Europe/Berlin\"`"
                    ),
                    _ => format!("see `coord explain {kind}` for the fields a {kind} takes"),
                }),
            );
            let _ = p;
            Checked::Bad
        };
        match spec.ty {
            ValueType::Str => match v.string(syntax) {
                Some(s) => Checked::Str(s),
                _ => wrong_form(self),
            },
            ValueType::Duration => match form {
                ValueKind::Duration(d) => Checked::Duration(d),
                _ => wrong_form(self),
            },
            ValueType::Time => match form {
                ValueKind::Time(t) => Checked::Time(t),
                _ => wrong_form(self),
            },
            ValueType::Zone => match v.string(syntax) {
                Some(s) if crate::date::zone(s).is_some() => Checked::Zone(s, true),
                Some(s) => {
                    let suggestion = crate::date::suggest_zone(s);
                    let p = self.problem(
                        location,
                        format!("`{s}` is not a time zone Coord knows"),
                        Some(match suggestion {
                            Some(sug) => format!(
                                "did you mean `{sug}`? `{key}` takes an IANA zone name, like \"Europe/Berlin\", \"America/Los_Angeles\" or \"UTC\""
                            ),
                            None => format!(
                                "`{key}` takes an IANA zone name, like \"Europe/Berlin\", \"America/Los_Angeles\" or \"UTC\" (a city in the zone, not an abbreviation such as PST)"
                            ),
                        }),
                    );
                    p.replacement = suggestion.map(|z| format!("\"{z}\""));
                    Checked::Zone(s, false)
                }
                _ => wrong_form(self),
            },
            ValueType::Date => match form {
                ValueKind::Date(d) => Checked::Date(d),
                _ => wrong_form(self),
            },
            ValueType::Ref(expected) => match v.as_ident(syntax) {
                Some(name) => {
                    match self.reference(item, FieldKey::of(kind, spec), name, v.span, expected) {
                        Some(id) => Checked::Ref(id),
                        None => Checked::Bad,
                    }
                }
                _ => wrong_form(self),
            },
            ValueType::Enum(allowed) => match v.as_ident(syntax) {
                Some(s) if allowed.contains(&s) => Checked::Enum(s),
                Some(s) => {
                    let suggestion = crate::suggest::closest(s, allowed.iter().copied());
                    let listing = allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let p = self.problem(
                        location,
                        format!("`{s}` is not a valid `{key}`"),
                        Some(match suggestion {
                            Some(sug) => {
                                format!("did you mean `{sug}`? `{key}` is one of {listing}")
                            }
                            None => format!("`{key}` is one of {listing}"),
                        }),
                    );
                    p.replacement = suggestion.map(str::to_string);
                    Checked::Bad
                }
                _ => wrong_form(self),
            },
            // Whether the name is a rule's is for the rules to say (`unknown-field`): the model
            // comes before the rules and does not know them.
            ValueType::RuleCode => match form {
                ValueKind::Ident => Checked::Rule,
                _ => wrong_form(self),
            },
        }
    }
}
