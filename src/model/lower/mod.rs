//! Lowering: the syntax items of every file into the model. Definitions are collected first
//! (in path order; later ones are duplicates), then each item's fields are checked against the
//! schema here (each value in `values.rs`), in runs of files (`runs.rs`), and stored by the
//! lowering of its kind (`kinds.rs`, meetings in `meeting.rs`).

mod definitions;
pub(super) mod edit;
mod kinds;
mod meeting;
mod runs;
mod values;

use super::schema::{self, FieldSpec};
use super::*;
use crate::syntax::{Field, ItemKind, SourceFile, Value};
use runs::{lower_fields, Sink, PARALLEL_ITEMS};
use std::ops::Range;

/// The symbol index of an item that defines no name (`liaison`, `embedded`).
const NO_SYMBOL: u32 = u32::MAX;

pub fn build(ws: &Workspace) -> Model {
    let items: usize = ws.files.iter().map(|f| f.syntax.items.len()).sum();
    let runs = if items >= PARALLEL_ITEMS && crate::cores::available() >= 2 {
        2
    } else {
        1
    };
    build_in_runs(ws, runs)
}

/// [`build`], lowering fields in `runs` (1 or 2) runs of files at once (and, with 2, the
/// other passes on two threads too).
fn build_in_runs(ws: &Workspace, runs: usize) -> Model {
    let mut m = Model::default();
    // Pass 1: definitions, in path order; later definitions of a name are duplicates. Each
    // kind's symbols are numbered in file order, so a run of files owns one range of each.
    let definitions::Definitions { live, file_bases } = definitions::collect(&mut m, ws, runs >= 2);
    // Pass 2: fields, in up to two runs of files at once, merged in file order.
    lower_fields(&mut m, ws, &live, &file_bases, runs);
    // Lowering goes through files and items in order, so the references usually come out
    // sorted already; checking is a fraction of the cost of sorting a large plan's.
    let key = |r: &Reference| (r.location.file, r.location.span.start());
    if !m.references.is_sorted_by_key(key) {
        m.references.sort_by_key(key);
    }
    super::derive::derive(&mut m, runs >= 2);
    m
}

/// A checked value of a field, borrowing its text from the syntax tree.
#[derive(Clone, Copy)]
enum Checked<'v> {
    Str(&'v str),
    Duration(u64),
    Date(Date),
    Ref(SymbolId),
    Enum(&'v str),
    Rule,
    Time(crate::syntax::TimeOfDay),
    /// A `tz` string, and whether it names an IANA zone (reported when not).
    Zone(&'v str, bool),
    /// Reported already (as unknown-field, undefined-reference, wrong-kind or syntax).
    Bad,
}

/// A field that passed the key checks, with its checked values (a range of the lowerer's
/// `checked`).
#[derive(Clone)]
struct Lowered<'a> {
    spec: &'static FieldSpec,
    field: &'a Field,
    values: Range<usize>,
}

/// A field as a kind's lowering sees it: its key, its syntax and its checked values.
#[derive(Clone, Copy)]
struct Written<'x, 'a> {
    key: &'static str,
    field: &'a Field,
    /// The field's values.
    values: &'a [Value],
    checked: &'x [Checked<'a>],
}

impl<'a> Written<'_, 'a> {
    fn first(&self) -> Option<Checked<'a>> {
        self.checked.first().copied()
    }
    /// The span of the first value (a written field that reaches lowering has one).
    fn first_span(&self) -> Span {
        self.values[0].span
    }
    /// The first value, when it resolved to a symbol, with where it is written.
    fn first_ref(&self) -> Option<(SymbolId, Span)> {
        match self.first() {
            Some(Checked::Ref(id)) => Some((id, self.first_span())),
            _ => None,
        }
    }
    /// Every value that resolved to a symbol, with where it is written.
    fn refs(&self) -> impl Iterator<Item = (SymbolId, Span)> + '_ {
        self.checked
            .iter()
            .zip(self.values)
            .filter_map(|(c, v)| match c {
                Checked::Ref(id) => Some((*id, v.span)),
                _ => None,
            })
    }
    fn first_str(&self) -> Option<String> {
        match self.first() {
            Some(Checked::Str(s)) => Some(s.to_string()),
            _ => None,
        }
    }
    fn first_enum(&self) -> Option<&'a str> {
        match self.first() {
            Some(Checked::Enum(s)) => Some(s),
            _ => None,
        }
    }
    fn first_duration(&self) -> Option<u64> {
        match self.first() {
            Some(Checked::Duration(d)) => Some(d),
            _ => None,
        }
    }
}

/// What a kind's lowering gets: the item, its symbol's index (or [`NO_SYMBOL`]), the keys
/// written (first occurrence of each), and its fields that passed the key checks.
struct ItemFields<'x, 'a> {
    item_ref: ItemRef,
    /// The item's file and the item.
    file: &'a SourceFile,
    item: &'a crate::syntax::Item,
    index: u32,
    seen: &'x [(&'a str, Span)],
    fields: &'x [Lowered<'a>],
    checked: &'x [Checked<'a>],
}

impl<'x, 'a> ItemFields<'x, 'a> {
    fn iter(&self) -> impl Iterator<Item = Written<'x, 'a>> + '_ {
        self.fields.iter().map(|l| Written {
            key: l.spec.key,
            field: l.field,
            values: l.field.values(self.file),
            checked: &self.checked[l.values.clone()],
        })
    }
    fn index(&self) -> usize {
        debug_assert_ne!(self.index, NO_SYMBOL);
        self.index as usize
    }
}

struct Lowerer<'a> {
    names: &'a names::NameTable,
    /// Names this run looked up or defined lately, found here before the table.
    recent: names::RecentNames,
    ws: &'a Workspace,
    sink: Sink<'a>,
    // Scratch, kept from item to item so that lowering allocates nothing per item for it.
    seen: Vec<(&'a str, Span)>,
    fields: Vec<Lowered<'a>>,
    checked: Vec<Checked<'a>>,
}

impl<'a> Lowerer<'a> {
    fn problem(
        &mut self,
        location: Location,
        message: String,
        help: Option<String>,
    ) -> &mut FieldProblem {
        self.sink.out.field_problems.push(FieldProblem {
            location,
            message,
            help,
            label: None,
            replacement: None,
        });
        self.sink
            .out
            .field_problems
            .last_mut()
            .expect("just pushed")
    }

    fn reference(
        &mut self,
        item: ItemRef,
        key: FieldKey,
        name: &str,
        span: Span,
        expected: KindSet,
    ) -> Option<SymbolId> {
        let resolution = match self.recent.get(self.names, self.sink.symbols, name) {
            Some(id) if expected.contains(self.sink.symbol(id).kind) => Resolution::Resolved(id),
            Some(id) => Resolution::WrongKind(id),
            None => Resolution::Undefined,
        };
        self.sink.out.references.push(Reference {
            location: Location::new(item.file, span),
            expected,
            resolution,
            field: key,
        });
        match resolution {
            Resolution::Resolved(id) => Some(id),
            _ => None,
        }
    }

    /// Checks an item's fields (unknown keys, repeated keys, several values where one is
    /// taken, each value's form and references), then has its kind's lowering store them.
    fn item(&mut self, item_ref: ItemRef, index: u32) {
        let ws = self.ws;
        let syntax = &ws.file(item_ref.file).syntax;
        let item = &syntax.items[item_ref.index as usize];
        let file = item_ref.file;
        self.seen.clear();
        self.fields.clear();
        self.checked.clear();
        // References to what was defined a few lines before are common (`depends-on`).
        if index != NO_SYMBOL {
            if let Some(name) = item.name {
                let id = self.sink.symbol_at(item.kind, index);
                self.recent.remember(name.text(syntax), id);
            }
        }
        // The name of a liaison or embedded item refers to a person (it is written before the
        // fields, so references stay in the order of the text).
        let person = if item.kind.defines_name() {
            None
        } else {
            item.name.and_then(|n| {
                self.reference(
                    item_ref,
                    FieldKey::name(item.kind),
                    n.text(syntax),
                    n.span,
                    KindSet::PERSON,
                )
                .map(|id| At {
                    id: PersonId(self.sink.symbol(id).index),
                    span: n.span,
                })
            })
        };
        for (field_index, field) in item.fields(syntax).iter().enumerate() {
            let key = field.key_text(syntax);
            let values = field.values(syntax);
            let Some(spec) = schema::field(item.kind, key) else {
                if field.has_error && values.is_empty() {
                    continue; // the syntax error covers it
                }
                self.unknown_key(item.kind, key, field, file);
                continue;
            };
            // Few fields per item: a short list beats a hash map.
            if let Some(&(_, first)) = self.seen.iter().find(|(k, _)| *k == key) {
                let p = self.problem(
                    Location::new(file, field.key.span),
                    format!("`{key}` is given twice in this {}", item.kind),
                    Some(if spec.list {
                        format!("list every value in the first `{key}`, separated by commas")
                    } else {
                        format!("keep one `{key}`")
                    }),
                );
                p.label = Some((Location::new(file, first), "first given here".into()));
                continue;
            }
            self.seen.push((key, field.key.span));
            if key == "allow" {
                self.sink
                    .out
                    .allow_fields
                    .push((item_ref, field_index as u32));
            }
            if !spec.list && values.len() > 1 {
                self.problem(
                    Location::new(
                        file,
                        values[1].span.cover(values.last().expect("non-empty").span),
                    ),
                    format!("`{key}` takes one value, but {} are given", values.len()),
                    Some(format!("keep one value for `{key}`")),
                );
                continue;
            }
            let start = self.checked.len();
            for v in values {
                let c = self.value(syntax, item_ref, item.kind, spec, v);
                self.checked.push(c);
            }
            self.fields.push(Lowered {
                spec,
                field,
                values: start..self.checked.len(),
            });
        }

        let (seen, fields, checked) = (
            std::mem::take(&mut self.seen),
            std::mem::take(&mut self.fields),
            std::mem::take(&mut self.checked),
        );
        let it = ItemFields {
            item_ref,
            file: syntax,
            item,
            index,
            seen: &seen,
            fields: &fields,
            checked: &checked,
        };
        let m = &mut self.sink;
        match item.kind {
            ItemKind::Person => kinds::person(m, &it),
            ItemKind::Team => kinds::team(m, &it),
            ItemKind::Meeting => meeting::meeting(m, &it),
            ItemKind::Task => kinds::task(m, &it),
            ItemKind::Liaison | ItemKind::Embedded => kinds::liaison_or_embed(m, &it, person),
            ItemKind::Rotation => kinds::rotation(m, &it),
            ItemKind::CentralizedLiaison => kinds::group(m, &it),
        }
        (self.seen, self.fields, self.checked) = (seen, fields, checked);
    }

    /// A key the item's kind does not take, with the closest one it does.
    fn unknown_key(&mut self, kind: ItemKind, key: &str, field: &Field, file: FileId) {
        let keys = schema::fields(kind);
        let suggestion = crate::suggest::closest(key, keys.iter().map(|f| f.key));
        let listing = keys
            .iter()
            .map(|f| format!("`{}`", f.key))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`? A {kind} takes {listing}"),
            None => format!("a {kind} takes {listing}"),
        };
        let p = self.problem(
            Location::new(file, field.key.span),
            format!("`{key}` is not a field of a {kind}"),
            Some(help),
        );
        p.replacement = suggestion.map(str::to_string);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_runs_build_the_same_model_as_one() {
        let mut sources = crate::synth::generate(&crate::synth::SynthOptions {
            tasks: 3_000,
            files: 5,
            seed: 11,
        });
        // Liaisons, problems and references in both runs, and a name defined in both.
        sources[0]
            .1
            .push_str("\nliaison nobody { from x  to y  attends z  needs \"a\" }\n");
        sources[4]
            .1
            .push_str("\ntask t-x { owner nobody  due soon  status lost }\nperson dup\n");
        sources[1]
            .1
            .push_str("\nperson dup\nembedded nobody { from q  to r }\n");
        let ws = Workspace::from_texts(sources);
        let one = format!("{:?}", build_in_runs(&ws, 1));
        let two = format!("{:?}", build_in_runs(&ws, 2));
        assert!(one.contains("nobody") || one.contains("Undefined"));
        assert_eq!(one, two);
    }
}
