//! Lowering: syntax items of all files into the model, then the derived facts.

use super::schema::{self, FieldSpec, ValueType};
use super::*;
use crate::syntax::{Field, ItemKind, ValueKind};

pub fn build(ws: &Workspace) -> Model {
    let mut m = Model::default();
    let mut live: Vec<ItemRef> = Vec::new();

    // Pass 1: definitions, in path order; later definitions of a name are duplicates.
    for file in ws.file_ids() {
        for (index, item) in ws.file(file).syntax.items.iter().enumerate() {
            let item_ref = ItemRef {
                file,
                index: index as u32,
            };
            let Some(name) = &item.name else {
                continue; // a syntax error already says the name is missing
            };
            let Some(kind) = SymbolKind::of_item(item.kind) else {
                live.push(item_ref);
                continue;
            };
            let location = Location::new(file, name.span);
            if let Some(&first) = m.by_name.get(&name.text) {
                m.duplicates.push(Duplicate {
                    first,
                    location,
                    item: item_ref,
                });
                continue;
            }
            let id = SymbolId(m.symbols.len() as u32);
            let index = match kind {
                SymbolKind::Person => push(&mut m.people, blank_person(id)),
                SymbolKind::Team => push(&mut m.teams, blank_team(id)),
                SymbolKind::Meeting => push(&mut m.meetings, blank_meeting(id)),
                SymbolKind::Task => push(&mut m.tasks, blank_task(id)),
                SymbolKind::Rotation => push(&mut m.rotations, blank_rotation(id)),
                SymbolKind::CentralizedLiaison => push(&mut m.groups, blank_group(id)),
            };
            m.by_name.insert(name.text.clone(), id);
            m.symbols.push(Symbol {
                name: name.text.clone(),
                kind,
                location,
                item: item_ref,
                index,
            });
            live.push(item_ref);
        }
    }

    // Pass 2: fields. A reference is at most one per value (plus a liaison's name): reserving
    // that many up front keeps the largest vector of the model from doubling as it grows.
    let most_references: usize = live
        .iter()
        .map(|r| {
            let item = &ws.file(r.file).syntax.items[r.index as usize];
            1 + item.fields().iter().map(|f| f.values.len()).sum::<usize>()
        })
        .sum();
    m.references.reserve_exact(most_references);
    let mut lowerer = Lowerer { m: &mut m, ws };
    for item_ref in live {
        lowerer.item(item_ref);
    }
    // Lowering goes through files and items in order, so the references usually come out
    // sorted already; checking is a fraction of the cost of sorting a large plan's.
    let key = |r: &Reference| (r.location.file, r.location.span.start);
    if !m.references.is_sorted_by_key(key) {
        m.references.sort_by_key(key);
    }
    derive(&mut m);
    m
}

fn push<T>(v: &mut Vec<T>, x: T) -> u32 {
    v.push(x);
    (v.len() - 1) as u32
}

fn blank_person(symbol: SymbolId) -> Person {
    Person {
        symbol,
        role: None,
        email: None,
        meeting_budget: None,
        tz: None,
    }
}
fn blank_team(symbol: SymbolId) -> Team {
    Team {
        symbol,
        leads: Vec::new(),
        members: Vec::new(),
        parent: None,
        model: None,
    }
}
fn blank_meeting(symbol: SymbolId) -> Meeting {
    Meeting {
        symbol,
        owner: None,
        attendees: Vec::new(),
        cadence: None,
        length: None,
        kind: MeetingKind::Decision,
        days: None,
        time: None,
        tz: None,
        starts: None,
        schedule_broken: false,
        starts_off_day: false,
    }
}
fn blank_task(symbol: SymbolId) -> Task {
    Task {
        symbol,
        owner: None,
        due: None,
        start: None,
        depends_on: Vec::new(),
        status: Status::Todo,
    }
}
fn blank_rotation(symbol: SymbolId) -> Rotation {
    Rotation {
        symbol,
        from: None,
        to: None,
        roster: Vec::new(),
        period: None,
    }
}
fn blank_group(symbol: SymbolId) -> Group {
    Group {
        symbol,
        members: Vec::new(),
        meets: None,
    }
}

/// A checked value of a field, borrowing its text from the syntax tree.
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

struct Lowerer<'a> {
    m: &'a mut Model,
    ws: &'a Workspace,
}

impl Lowerer<'_> {
    fn problem(
        &mut self,
        location: Location,
        message: String,
        help: Option<String>,
    ) -> &mut FieldProblem {
        self.m.field_problems.push(FieldProblem {
            location,
            message,
            help,
            label: None,
            replacement: None,
        });
        self.m.field_problems.last_mut().expect("just pushed")
    }

    fn reference(
        &mut self,
        item: ItemRef,
        key: &'static str,
        name: &str,
        span: Span,
        expected: KindSet,
    ) -> Option<SymbolId> {
        let resolution = match self.m.by_name.get(name) {
            Some(&id) if expected.contains(self.m.symbol(id).kind) => Resolution::Resolved(id),
            Some(&id) => Resolution::WrongKind(id),
            None => Resolution::Undefined,
        };
        self.m.references.push(Reference {
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

    fn item(&mut self, item_ref: ItemRef) {
        let ws = self.ws;
        let item = &ws.file(item_ref.file).syntax.items[item_ref.index as usize];
        let file = item_ref.file;
        // Few fields per item: a short list beats a hash map.
        let mut seen: Vec<(&str, Span)> = Vec::new();
        let mut values: Vec<(&'static FieldSpec, &Field, Vec<Checked>)> = Vec::new();
        for field in item.fields() {
            let key = field.key.text.as_str();
            let Some(spec) = schema::field(item.kind, key) else {
                if field.has_error && field.values.is_empty() {
                    continue; // the syntax error covers it
                }
                let keys = schema::fields(item.kind);
                let suggestion = crate::suggest::closest(key, keys.iter().map(|f| f.key));
                let listing = keys
                    .iter()
                    .map(|f| format!("`{}`", f.key))
                    .collect::<Vec<_>>()
                    .join(", ");
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`? A {} takes {listing}", item.kind),
                    None => format!("a {} takes {listing}", item.kind),
                };
                let p = self.problem(
                    Location::new(file, field.key.span),
                    format!("`{key}` is not a field of a {}", item.kind),
                    Some(help),
                );
                p.replacement = suggestion.map(str::to_string);
                continue;
            };
            if let Some(&(_, first)) = seen.iter().find(|(k, _)| *k == key) {
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
            seen.push((key, field.key.span));
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
            let checked = field
                .values
                .iter()
                .map(|v| self.value(item_ref, item.kind, spec, v))
                .collect();
            values.push((spec, field, checked));
        }

        // The name of a liaison or embedded item refers to a person.
        let person = if item.kind.defines_name() {
            None
        } else {
            item.name.as_ref().and_then(|n| {
                self.reference(item_ref, "", &n.text, n.span, KindSet::PERSON)
                    .map(|id| At {
                        id: PersonId(self.m.symbol(id).index),
                        span: n.span,
                    })
            })
        };

        let sym_index = item
            .name
            .as_ref()
            .and_then(|n| self.m.by_name.get(&n.text))
            .map(|&id| self.m.symbol(id).index as usize);
        let m = &mut *self.m;
        let typed = |id: SymbolId, m: &Model| m.symbol(id).index;
        let ref_of = |checked: &[Checked], field: &Field, i: usize| -> Option<(SymbolId, Span)> {
            match checked.get(i) {
                Some(Checked::Ref(id)) => Some((*id, field.values[i].span)),
                _ => None,
            }
        };
        let one_str = |checked: &[Checked]| match checked.first() {
            Some(Checked::Str(s)) => Some(s.to_string()),
            _ => None,
        };
        match item.kind {
            ItemKind::Person => {
                let p = &mut m.people[sym_index.expect("defined")];
                for (spec, field, c) in &values {
                    match (spec.key, c.first()) {
                        ("tz", Some(Checked::Zone(name, valid))) => {
                            p.tz = Some(ZoneField {
                                name: name.to_string(),
                                span: field.values[0].span,
                                valid: *valid,
                            })
                        }
                        ("role", _) => p.role = one_str(c),
                        ("email", _) => p.email = one_str(c),
                        ("meeting-budget", Some(Checked::Duration(d))) => {
                            p.meeting_budget = Some(*d)
                        }
                        _ => {}
                    }
                }
            }
            ItemKind::Team => {
                let idx = sym_index.expect("defined");
                let mut team = blank_team(m.teams[idx].symbol);
                for (spec, field, c) in &values {
                    let refs = (0..c.len()).filter_map(|i| ref_of(c, field, i));
                    match spec.key {
                        "lead" => {
                            team.leads = refs
                                .map(|(id, span)| At {
                                    id: PersonId(typed(id, m)),
                                    span,
                                })
                                .collect()
                        }
                        "members" => {
                            team.members = refs
                                .map(|(id, span)| At {
                                    id: PersonId(typed(id, m)),
                                    span,
                                })
                                .collect()
                        }
                        "parent" => {
                            team.parent = refs
                                .map(|(id, span)| At {
                                    id: TeamId(typed(id, m)),
                                    span,
                                })
                                .next()
                        }
                        "model" => {
                            if let Some(Checked::Enum(s)) = c.first() {
                                team.model = Some((s.to_string(), field.values[0].span));
                            }
                        }
                        _ => {}
                    }
                }
                m.teams[idx] = team;
            }
            ItemKind::Meeting => {
                let idx = sym_index.expect("defined");
                let mut mt = blank_meeting(m.meetings[idx].symbol);
                let mut schedule_fields: Vec<(&str, &Field, &Vec<Checked>)> = Vec::new();
                for (spec, field, c) in &values {
                    match spec.key {
                        "owner" => {
                            mt.owner = ref_of(c, field, 0).map(|(id, span)| At {
                                id: PersonId(typed(id, m)),
                                span,
                            })
                        }
                        "attendees" => {
                            mt.attendees = (0..c.len())
                                .filter_map(|i| ref_of(c, field, i))
                                .map(|(id, span)| At {
                                    id: owner_of(m, id),
                                    span,
                                })
                                .collect()
                        }
                        "cadence" => {
                            if let Some(Checked::Enum(s)) = c.first() {
                                mt.cadence = Cadence::parse(s);
                            }
                        }
                        "length" => {
                            if let Some(Checked::Duration(d)) = c.first() {
                                mt.length = Some(*d);
                            }
                        }
                        "kind" => {
                            if let Some(Checked::Enum(s)) = c.first() {
                                mt.kind = match *s {
                                    "status" => MeetingKind::Status,
                                    "broadcast" => MeetingKind::Broadcast,
                                    _ => MeetingKind::Decision,
                                };
                            }
                        }
                        "day" | "time" | "tz" | "starts" => {
                            schedule_fields.push((spec.key, field, c));
                        }
                        _ => {}
                    }
                }
                let problems = lower_schedule(&mut mt, &seen, &schedule_fields, file);
                m.field_problems.extend(problems);
                m.meetings[idx] = mt;
            }
            ItemKind::Task => {
                let idx = sym_index.expect("defined");
                let mut t = blank_task(m.tasks[idx].symbol);
                for (spec, field, c) in &values {
                    match spec.key {
                        "owner" => {
                            t.owner = ref_of(c, field, 0).map(|(id, span)| At {
                                id: owner_of(m, id),
                                span,
                            })
                        }
                        "due" | "start" => {
                            if let Some(Checked::Date(d)) = c.first() {
                                let v = Some((*d, field.values[0].span));
                                if spec.key == "due" {
                                    t.due = v
                                } else {
                                    t.start = v
                                }
                            }
                        }
                        "depends-on" => {
                            t.depends_on = (0..c.len())
                                .filter_map(|i| ref_of(c, field, i))
                                .map(|(id, span)| At {
                                    id: TaskId(typed(id, m)),
                                    span,
                                })
                                .collect()
                        }
                        "status" => {
                            if let Some(Checked::Enum(s)) = c.first() {
                                t.status = match *s {
                                    "doing" => Status::Doing,
                                    "blocked" => Status::Blocked,
                                    "done" => Status::Done,
                                    _ => Status::Todo,
                                };
                            }
                        }
                        _ => {}
                    }
                }
                m.tasks[idx] = t;
            }
            ItemKind::Liaison | ItemKind::Embedded => {
                let mut from = None;
                let mut to = None;
                let mut attends = Vec::new();
                let mut needs = Vec::new();
                for (spec, field, c) in &values {
                    match spec.key {
                        "from" => {
                            from = ref_of(c, field, 0).map(|(id, span)| At {
                                id: TeamId(typed(id, m)),
                                span,
                            })
                        }
                        "to" => {
                            to = ref_of(c, field, 0).map(|(id, span)| At {
                                id: TeamId(typed(id, m)),
                                span,
                            })
                        }
                        "attends" => {
                            attends = (0..c.len())
                                .filter_map(|i| ref_of(c, field, i))
                                .map(|(id, span)| At {
                                    id: MeetingId(typed(id, m)),
                                    span,
                                })
                                .collect()
                        }
                        "needs" => {
                            needs = c
                                .iter()
                                .zip(&field.values)
                                .filter_map(|(c, v)| match c {
                                    Checked::Str(s) => Some((s.to_string(), v.span)),
                                    _ => None,
                                })
                                .collect()
                        }
                        _ => {}
                    }
                }
                if item.kind == ItemKind::Liaison {
                    m.liaisons.push(Liaison {
                        item: item_ref,
                        person,
                        from,
                        to,
                        attends,
                        needs,
                    });
                } else {
                    m.embeds.push(Embed {
                        item: item_ref,
                        person,
                        from,
                        to,
                    });
                }
            }
            ItemKind::Rotation => {
                let idx = sym_index.expect("defined");
                let mut r = blank_rotation(m.rotations[idx].symbol);
                for (spec, field, c) in &values {
                    match spec.key {
                        "from" => {
                            r.from = ref_of(c, field, 0).map(|(id, span)| At {
                                id: TeamId(typed(id, m)),
                                span,
                            })
                        }
                        "to" => {
                            r.to = ref_of(c, field, 0).map(|(id, span)| At {
                                id: TeamId(typed(id, m)),
                                span,
                            })
                        }
                        "roster" => {
                            r.roster = (0..c.len())
                                .filter_map(|i| ref_of(c, field, i))
                                .map(|(id, span)| At {
                                    id: PersonId(typed(id, m)),
                                    span,
                                })
                                .collect()
                        }
                        "period" => {
                            if let Some(Checked::Duration(d)) = c.first() {
                                r.period = Some(*d);
                            }
                        }
                        _ => {}
                    }
                }
                m.rotations[idx] = r;
            }
            ItemKind::CentralizedLiaison => {
                let idx = sym_index.expect("defined");
                let mut g = blank_group(m.groups[idx].symbol);
                for (spec, field, c) in &values {
                    match spec.key {
                        "members" => {
                            g.members = (0..c.len())
                                .filter_map(|i| ref_of(c, field, i))
                                .map(|(id, span)| At {
                                    id: PersonId(typed(id, m)),
                                    span,
                                })
                                .collect()
                        }
                        "meets" => {
                            g.meets = ref_of(c, field, 0).map(|(id, span)| At {
                                id: MeetingId(typed(id, m)),
                                span,
                            })
                        }
                        _ => {}
                    }
                }
                m.groups[idx] = g;
            }
        }
    }

    fn value<'v>(
        &mut self,
        item: ItemRef,
        kind: ItemKind,
        spec: &'static FieldSpec,
        v: &'v crate::syntax::Value,
    ) -> Checked<'v> {
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

/// The weekday of a `day` value (`mon` ... `sun`).
fn weekday_of(word: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::*;
    Some(match word {
        "mon" => Monday,
        "tue" => Tuesday,
        "wed" => Wednesday,
        "thu" => Thursday,
        "fri" => Friday,
        "sat" => Saturday,
        "sun" => Sunday,
        _ => return None,
    })
}

/// Lowers a meeting's `day`, `time`, `tz` and `starts` (after its other fields), marks the
/// schedule broken when a value it depends on is invalid, and returns the problems: a repeated
/// day, `time` without days, days without `time`.
fn lower_schedule(
    mt: &mut Meeting,
    seen: &[(&str, Span)],
    fields: &[(&str, &Field, &Vec<Checked>)],
    file: FileId,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut problem = |span: Span, message: String, help: String| {
        problems.push(FieldProblem {
            location: Location::new(file, span),
            message,
            help: Some(help),
            label: None,
            replacement: None,
        })
    };
    let mut broken = false;
    for &(key, field, checked) in fields {
        match key {
            "day" => {
                let mut days = Vec::new();
                for (c, v) in checked.iter().zip(&field.values) {
                    match c {
                        Checked::Enum(word) => {
                            let Some(day) = weekday_of(word) else {
                                broken = true;
                                continue;
                            };
                            if days.contains(&day) {
                                broken = true;
                                problem(
                                    v.span,
                                    format!("`{word}` is given twice in `day`"),
                                    "list each meeting day once".into(),
                                );
                            } else {
                                days.push(day);
                            }
                        }
                        _ => broken = true,
                    }
                }
                days.sort_by_key(|d| d.to_monday_zero_offset());
                mt.days = Some((days, field.key.span));
            }
            "time" => match checked.first() {
                Some(Checked::Time(t)) => mt.time = Some((*t, field.values[0].span)),
                _ => broken = true,
            },
            "tz" => match checked.first() {
                Some(Checked::Zone(name, valid)) => {
                    broken |= !valid;
                    mt.tz = Some(ZoneField {
                        name: name.to_string(),
                        span: field.values[0].span,
                        valid: *valid,
                    });
                }
                _ => broken = true,
            },
            "starts" => match checked.first() {
                Some(Checked::Date(d)) => {
                    broken |= !d.is_valid();
                    mt.starts = Some((*d, field.values[0].span));
                }
                _ => broken = true,
            },
            _ => {}
        }
    }
    let written = |key: &str| seen.iter().find(|(k, _)| *k == key).map(|&(_, s)| s);
    // A key written with a list where one value is taken, or given a value of the wrong form.
    broken |= written("time").is_some() && mt.time.is_none();
    broken |= written("tz").is_some() && mt.tz.is_none();
    broken |= written("starts").is_some() && mt.starts.is_none();
    broken |= written("day").is_some() && mt.days.is_none();
    broken |= written("cadence").is_some() && mt.cadence.is_none();
    // Without its own zone, the meeting takes its owner's: an invalid owner breaks it.
    broken |= mt.tz.is_none() && written("owner").is_some() && mt.owner.is_none();
    if let (Some((starts, span)), false) = (mt.starts, broken) {
        let days = mt.meeting_days();
        let weekday = crate::date::to_civil(starts).map(|d| d.weekday());
        if weekday.is_some_and(|w| !days.contains(&w)) && !days.is_empty() {
            // `invalid-date` reports it at `starts`.
            let _ = span;
            mt.starts_off_day = true;
            broken = true;
        }
    }
    mt.schedule_broken = broken;
    let daily = mt.cadence == Some(Cadence::Daily);
    if let Some(span) = written("time") {
        if written("day").is_none() && written("starts").is_none() && !daily {
            problem(
                span,
                "`time` is given, but not the days the meeting meets".into(),
                "add `day` with the meeting days, as in `day tue, thu`, or a `starts` date; \
                 a `daily` meeting meets Monday to Friday"
                    .into(),
            );
        }
    }
    if let Some(span) = written("day") {
        if written("time").is_none() {
            problem(
                span,
                "`day` is given, but not the `time` the meeting starts".into(),
                "add the local start time, as in `time 09:30`, and its zone with `tz` \
                 (or give the owner a `tz`)"
                    .into(),
            );
        }
    }
    problems
}

fn owner_of(m: &Model, id: SymbolId) -> Owner {
    let s = m.symbol(id);
    match s.kind {
        SymbolKind::Team => Owner::Team(TeamId(s.index)),
        _ => Owner::Person(PersonId(s.index)),
    }
}

/// Computes the derived facts once all items are lowered.
fn derive(m: &mut Model) {
    let (np, nt, nm, nk) = (
        m.people.len(),
        m.teams.len(),
        m.meetings.len(),
        m.tasks.len(),
    );

    // Team membership.
    m.team_people = vec![Vec::new(); nt];
    m.person_teams = vec![Vec::new(); np];
    let mut last_team = vec![u32::MAX; np];
    for (t, team) in m.teams.iter().enumerate() {
        let people = &mut m.team_people[t];
        for p in team.leads.iter().chain(&team.members) {
            if last_team[p.id.index()] != t as u32 {
                last_team[p.id.index()] = t as u32;
                people.push(p.id);
                m.person_teams[p.id.index()].push(TeamId(t as u32));
            }
        }
    }

    // Who attends each meeting.
    let mut embeds_into: Vec<Vec<EmbedId>> = vec![Vec::new(); nt];
    for (e, embed) in m.embeds.iter().enumerate() {
        if let (Some(p), Some(to)) = (embed.person, embed.to) {
            let _ = p;
            embeds_into[to.id.index()].push(EmbedId(e as u32));
        }
    }
    let mut rotations_into: Vec<Vec<RotationId>> = vec![Vec::new(); nt];
    for (r, rot) in m.rotations.iter().enumerate() {
        if let Some(to) = rot.to {
            rotations_into[to.id.index()].push(RotationId(r as u32));
        }
    }
    let mut liaisons_at: Vec<Vec<LiaisonId>> = vec![Vec::new(); nm];
    for (l, liaison) in m.liaisons.iter().enumerate() {
        if liaison.person.is_some() {
            for a in &liaison.attends {
                let at = &mut liaisons_at[a.id.index()];
                if at.last() != Some(&LiaisonId(l as u32)) {
                    at.push(LiaisonId(l as u32));
                }
            }
        }
    }
    m.attendance = Vec::with_capacity(nm);
    let mut seen_person = vec![u32::MAX; np];
    for (mi, meeting) in m.meetings.iter().enumerate() {
        let mut seats = Vec::new();
        let mut add_person = |p: PersonId, via: Via, seats: &mut Vec<Seat>| {
            if seen_person[p.index()] != mi as u32 {
                seen_person[p.index()] = mi as u32;
                seats.push(Seat {
                    who: SeatHolder::Person(p),
                    via,
                });
            }
        };
        let mut teams_attending = Vec::new();
        for a in &meeting.attendees {
            match a.id {
                Owner::Person(p) => add_person(p, Via::Listed(a.span), &mut seats),
                Owner::Team(t) => {
                    teams_attending.push(t);
                    for &p in &m.team_people[t.index()] {
                        add_person(p, Via::Team(t, a.span), &mut seats);
                    }
                }
            }
        }
        for &l in &liaisons_at[mi] {
            let p = m.liaisons[l.index()].person.expect("filtered").id;
            add_person(p, Via::Liaison(l), &mut seats);
        }
        for &t in &teams_attending {
            for &e in &embeds_into[t.index()] {
                let p = m.embeds[e.index()].person.expect("filtered").id;
                add_person(p, Via::Embedded(e), &mut seats);
            }
        }
        let mut rotation_seen = Vec::new();
        for &t in &teams_attending {
            for &r in &rotations_into[t.index()] {
                if !rotation_seen.contains(&r) {
                    rotation_seen.push(r);
                    seats.push(Seat {
                        who: SeatHolder::Rotation(r),
                        via: Via::Rotation(r),
                    });
                }
            }
        }
        m.attendance.push(seats);
    }

    // Each person's meetings and weekly time; each team's meetings.
    m.person_meetings = vec![Vec::new(); np];
    m.person_weekly_minutes = vec![0.0; np];
    m.team_meetings = vec![Vec::new(); nt];
    for (mi, seats) in m.attendance.iter().enumerate() {
        let weekly = m.meetings[mi].weekly_minutes();
        for seat in seats {
            if let SeatHolder::Person(p) = seat.who {
                m.person_meetings[p.index()].push(MeetingId(mi as u32));
                m.person_weekly_minutes[p.index()] += weekly;
                for &t in &m.person_teams[p.index()] {
                    m.team_meetings[t.index()].push(MeetingId(mi as u32));
                }
            }
        }
    }
    for list in &mut m.team_meetings {
        list.sort_unstable();
        list.dedup();
    }

    // Links other than through meetings (see `links`).
    m.direct_links = super::links::direct_links(m);
    m.team_groups = super::links::team_groups(m);

    // Tasks: teams and dependents.
    m.task_teams = m
        .tasks
        .iter()
        .map(|t| match t.owner.map(|o| o.id) {
            Some(Owner::Team(team)) => vec![team],
            Some(Owner::Person(p)) => m.person_teams[p.index()].clone(),
            None => Vec::new(),
        })
        .collect();
    m.dependents = vec![Vec::new(); nk];
    for (i, t) in m.tasks.iter().enumerate() {
        for d in &t.depends_on {
            m.dependents[d.id.index()].push(TaskId(i as u32));
        }
    }
}
