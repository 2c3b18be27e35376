//! Lowering: the syntax items of every file into the model. Definitions are collected first
//! (in path order; later ones are duplicates), then each item's fields are checked against the
//! schema here and stored by the lowering of its kind (`kinds.rs`, meetings in `meeting.rs`).

mod kinds;
mod meeting;

use super::schema::{self, FieldSpec, ValueType};
use super::*;
use crate::syntax::{Field, ItemKind, ValueKind};
use std::ops::Range;

/// The symbol index of an item that defines no name (`liaison`, `embedded`).
const NO_SYMBOL: u32 = u32::MAX;

pub fn build(ws: &Workspace) -> Model {
    let items: usize = ws.files.iter().map(|f| f.syntax.items.len()).sum();
    let runs = if items >= PARALLEL_ITEMS
        && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
    {
        2
    } else {
        1
    };
    build_in_runs(ws, runs)
}

/// [`build`], lowering fields in `runs` (1 or 2) runs of files at once.
fn build_in_runs(ws: &Workspace, runs: usize) -> Model {
    let mut m = Model::default();
    let items: usize = ws.files.iter().map(|f| f.syntax.items.len()).sum();
    // Items to lower, with the index of their symbol in its kind's vector.
    let mut live: Vec<(ItemRef, u32)> = Vec::with_capacity(items);
    // Room for every symbol of each kind, so no vector grows by copying.
    let mut counts = [0usize; 6];
    for file in &ws.files {
        for item in &file.syntax.items {
            if let Some(kind) = SymbolKind::of_item(item.kind) {
                counts[kind as usize] += 1;
            }
        }
    }
    let symbols: usize = counts.iter().sum();
    m.symbols.reserve_exact(symbols);
    m.by_name = names::NameTable::with_capacity(symbols);
    m.people.reserve_exact(counts[SymbolKind::Person as usize]);
    m.teams.reserve_exact(counts[SymbolKind::Team as usize]);
    m.meetings
        .reserve_exact(counts[SymbolKind::Meeting as usize]);
    m.tasks.reserve_exact(counts[SymbolKind::Task as usize]);
    m.rotations
        .reserve_exact(counts[SymbolKind::Rotation as usize]);
    m.groups
        .reserve_exact(counts[SymbolKind::CentralizedLiaison as usize]);

    // Pass 1: definitions, in path order; later definitions of a name are duplicates. Each
    // kind's symbols are numbered in file order, so a run of files owns one range of each.
    let mut file_bases: Vec<Bases> = Vec::with_capacity(ws.files.len());
    for file in ws.file_ids() {
        file_bases.push(Bases::of(&m));
        for (index, item) in ws.file(file).syntax.items.iter().enumerate() {
            let item_ref = ItemRef {
                file,
                index: index as u32,
            };
            let Some(name) = &item.name else {
                continue; // a syntax error already says the name is missing
            };
            let Some(kind) = SymbolKind::of_item(item.kind) else {
                live.push((item_ref, NO_SYMBOL));
                continue;
            };
            let location = Location::new(file, name.span);
            let id = SymbolId(m.symbols.len() as u32);
            if let Err(first) = m.by_name.insert(&m.symbols, &name.text, id) {
                m.duplicates.push(Duplicate {
                    first,
                    location,
                    item: item_ref,
                });
                continue;
            }
            let index = match kind {
                SymbolKind::Person => push(&mut m.people, kinds::blank_person(id)),
                SymbolKind::Team => push(&mut m.teams, kinds::blank_team(id)),
                SymbolKind::Meeting => push(&mut m.meetings, meeting::blank_meeting(id)),
                SymbolKind::Task => push(&mut m.tasks, kinds::blank_task(id)),
                SymbolKind::Rotation => push(&mut m.rotations, kinds::blank_rotation(id)),
                SymbolKind::CentralizedLiaison => push(&mut m.groups, kinds::blank_group(id)),
            };
            m.symbols.push(Symbol {
                name: name.text.clone(),
                kind,
                location,
                item: item_ref,
                index,
            });
            live.push((item_ref, index));
        }
    }

    // Pass 2: fields, in up to two runs of files at once, merged in file order.
    lower_fields(&mut m, ws, &live, &file_bases, runs);
    // Lowering goes through files and items in order, so the references usually come out
    // sorted already; checking is a fraction of the cost of sorting a large plan's.
    let key = |r: &Reference| (r.location.file, r.location.span.start);
    if !m.references.is_sorted_by_key(key) {
        m.references.sort_by_key(key);
    }
    super::derive::derive(&mut m);
    m
}

/// From this many items, fields are lowered on two threads.
const PARALLEL_ITEMS: usize = 20_000;

/// How many symbols of each kind come before a run of files: where its slots start.
#[derive(Debug, Clone, Copy, Default)]
struct Bases {
    people: usize,
    teams: usize,
    meetings: usize,
    tasks: usize,
    rotations: usize,
    groups: usize,
}

impl Bases {
    fn of(m: &Model) -> Bases {
        Bases {
            people: m.people.len(),
            teams: m.teams.len(),
            meetings: m.meetings.len(),
            tasks: m.tasks.len(),
            rotations: m.rotations.len(),
            groups: m.groups.len(),
        }
    }
}

/// What lowering a run of files adds to the model besides its symbols' slots; runs are
/// appended in file order.
#[derive(Default)]
struct Output {
    references: Vec<Reference>,
    field_problems: Vec<FieldProblem>,
    allow_fields: Vec<(ItemRef, u32)>,
    liaisons: Vec<Liaison>,
    embeds: Vec<Embed>,
}

/// Where lowering a run of files writes: the slots of its symbols in each kind's vector (the
/// run's first symbol of a kind is at `base`), and its [`Output`].
struct Sink<'s> {
    symbols: &'s [Symbol],
    base: Bases,
    people: &'s mut [Person],
    teams: &'s mut [Team],
    meetings: &'s mut [Meeting],
    tasks: &'s mut [Task],
    rotations: &'s mut [Rotation],
    groups: &'s mut [Group],
    out: Output,
}

impl Sink<'_> {
    fn symbol(&self, id: SymbolId) -> &Symbol {
        &self.symbols[id.index()]
    }
}

/// Lowers the fields of the `live` items (with their symbol's index), in `runs` runs of
/// files of about the same number of items, each on its own thread.
fn lower_fields(
    m: &mut Model,
    ws: &Workspace,
    live: &[(ItemRef, u32)],
    file_bases: &[Bases],
    runs: usize,
) {
    // The first file of the second run: where half the items are lowered.
    let split_file = if runs < 2 || live.is_empty() {
        ws.files.len()
    } else {
        let half = live[live.len() / 2].0.file.index();
        half.max(1)
    };
    let split_item = live.partition_point(|(r, _)| r.file.index() < split_file);
    let (first, second) = live.split_at(split_item);
    let base = file_bases
        .get(split_file)
        .copied()
        .unwrap_or_else(|| Bases::of(m));
    let Model {
        symbols,
        by_name,
        people,
        teams,
        meetings,
        tasks,
        rotations,
        groups,
        ..
    } = m;
    let (people_1, people_2) = people.split_at_mut(base.people);
    let (teams_1, teams_2) = teams.split_at_mut(base.teams);
    let (meetings_1, meetings_2) = meetings.split_at_mut(base.meetings);
    let (tasks_1, tasks_2) = tasks.split_at_mut(base.tasks);
    let (rotations_1, rotations_2) = rotations.split_at_mut(base.rotations);
    let (groups_1, groups_2) = groups.split_at_mut(base.groups);
    let sink_1 = Sink {
        symbols,
        base: Bases::default(),
        people: people_1,
        teams: teams_1,
        meetings: meetings_1,
        tasks: tasks_1,
        rotations: rotations_1,
        groups: groups_1,
        out: Output::default(),
    };
    let sink_2 = Sink {
        symbols,
        base,
        people: people_2,
        teams: teams_2,
        meetings: meetings_2,
        tasks: tasks_2,
        rotations: rotations_2,
        groups: groups_2,
        out: Output::default(),
    };
    // A reference is at most one per value (plus a liaison's name): reserving that many up
    // front keeps the largest vector of the model from doubling as it grows.
    let most_references = |items: &[(ItemRef, u32)]| -> usize {
        items
            .iter()
            .map(|(r, _)| {
                let item = &ws.file(r.file).syntax.items[r.index as usize];
                1 + item.fields().iter().map(|f| f.values.len()).sum::<usize>()
            })
            .sum()
    };
    let run = |items: &[(ItemRef, u32)], mut sink: Sink, reserve: usize| -> Output {
        sink.out.references.reserve_exact(reserve);
        let mut lowerer = Lowerer {
            names: by_name,
            ws,
            sink,
            seen: Vec::new(),
            fields: Vec::new(),
            checked: Vec::new(),
        };
        for &(item_ref, index) in items {
            lowerer.item(item_ref, index);
        }
        lowerer.sink.out
    };
    let (out_1, out_2) = if second.is_empty() {
        (
            run(first, sink_1, most_references(first)),
            Output::default(),
        )
    } else {
        std::thread::scope(|scope| {
            let handle = scope.spawn(|| run(second, sink_2, most_references(second)));
            let total = most_references(first) + most_references(second);
            let out_1 = run(first, sink_1, total);
            let out_2 = handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (out_1, out_2)
        })
    };
    for out in [out_1, out_2] {
        if m.references.is_empty() {
            m.references = out.references;
        } else {
            m.references.extend(out.references);
        }
        m.field_problems.extend(out.field_problems);
        m.allow_fields.extend(out.allow_fields);
        m.liaisons.extend(out.liaisons);
        m.embeds.extend(out.embeds);
    }
}

fn push<T>(v: &mut Vec<T>, x: T) -> u32 {
    v.push(x);
    (v.len() - 1) as u32
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
    checked: &'x [Checked<'a>],
}

impl<'a> Written<'_, 'a> {
    fn first(&self) -> Option<Checked<'a>> {
        self.checked.first().copied()
    }
    /// The span of the first value (a written field that reaches lowering has one).
    fn first_span(&self) -> Span {
        self.field.values[0].span
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
            .zip(&self.field.values)
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
        key: &'static str,
        name: &str,
        span: Span,
        expected: KindSet,
    ) -> Option<SymbolId> {
        let resolution = match self.names.get(self.sink.symbols, name) {
            Some(id) if expected.contains(self.sink.symbol(id).kind) => Resolution::Resolved(id),
            Some(id) => Resolution::WrongKind(id),
            None => Resolution::Undefined,
        };
        self.sink.out.references.push(Reference {
            location: Location::new(item.file, span),
            expected,
            resolution,
            item,
            key,
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
        let item = &ws.file(item_ref.file).syntax.items[item_ref.index as usize];
        let file = item_ref.file;
        self.seen.clear();
        self.fields.clear();
        self.checked.clear();
        // The name of a liaison or embedded item refers to a person (it is written before the
        // fields, so references stay in the order of the text).
        let person = if item.kind.defines_name() {
            None
        } else {
            item.name.as_ref().and_then(|n| {
                self.reference(item_ref, "", &n.text, n.span, KindSet::PERSON)
                    .map(|id| At {
                        id: PersonId(self.sink.symbol(id).index),
                        span: n.span,
                    })
            })
        };
        for (field_index, field) in item.fields().iter().enumerate() {
            let key = field.key.text.as_str();
            let Some(spec) = schema::field(item.kind, key) else {
                if field.has_error && field.values.is_empty() {
                    continue; // the syntax error covers it
                }
                self.unknown_key(item.kind, field, file);
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
            if !spec.list && field.values.len() > 1 {
                self.problem(
                    Location::new(
                        file,
                        field.values[1]
                            .span
                            .cover(field.values.last().expect("non-empty").span),
                    ),
                    format!(
                        "`{key}` takes one value, but {} are given",
                        field.values.len()
                    ),
                    Some(format!("keep one value for `{key}`")),
                );
                continue;
            }
            let start = self.checked.len();
            for v in &field.values {
                let c = self.value(item_ref, item.kind, spec, v);
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
    fn unknown_key(&mut self, kind: ItemKind, field: &Field, file: FileId) {
        let key = field.key.text.as_str();
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

    fn value(
        &mut self,
        item: ItemRef,
        kind: ItemKind,
        spec: &'static FieldSpec,
        v: &'a crate::syntax::Value,
    ) -> Checked<'a> {
        let location = Location::new(item.file, v.span);
        let key = spec.key;
        if v.kind == ValueKind::Invalid {
            return Checked::Bad; // reported as syntax
        }
        let wrong_form = |this: &mut Self| {
            let p = this.problem(
                location,
                format!(
                    "`{key}` takes {}, but this is {}",
                    spec.ty.describe(),
                    v.describe()
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
            ValueType::Str => match &v.kind {
                ValueKind::Str(s) => Checked::Str(s),
                _ => wrong_form(self),
            },
            ValueType::Duration => match &v.kind {
                ValueKind::Duration(d) => Checked::Duration(*d),
                _ => wrong_form(self),
            },
            ValueType::Time => match &v.kind {
                ValueKind::Time(t) => Checked::Time(*t),
                _ => wrong_form(self),
            },
            ValueType::Zone => match &v.kind {
                ValueKind::Str(s) if crate::date::zone(s).is_some() => Checked::Zone(s, true),
                ValueKind::Str(s) => {
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
            ValueType::Date => match &v.kind {
                ValueKind::Date(d) => Checked::Date(*d),
                _ => wrong_form(self),
            },
            ValueType::Ref(expected) => match &v.kind {
                ValueKind::Ident(name) => match self.reference(item, key, name, v.span, expected) {
                    Some(id) => Checked::Ref(id),
                    None => Checked::Bad,
                },
                _ => wrong_form(self),
            },
            ValueType::Enum(allowed) => match &v.kind {
                ValueKind::Ident(s) if allowed.contains(&s.as_str()) => Checked::Enum(s),
                ValueKind::Ident(s) => {
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
            ValueType::RuleCode => match &v.kind {
                ValueKind::Ident(_) => Checked::Rule,
                _ => wrong_form(self),
            },
        }
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
