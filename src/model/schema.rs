//! Which fields each item kind takes, and the form of their values.

use crate::syntax::ItemKind;

/// What a name may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Person,
    Team,
    Meeting,
    Task,
    Rotation,
    CentralizedLiaison,
}

impl SymbolKind {
    pub fn of_item(kind: ItemKind) -> Option<SymbolKind> {
        match kind {
            ItemKind::Person => Some(SymbolKind::Person),
            ItemKind::Team => Some(SymbolKind::Team),
            ItemKind::Meeting => Some(SymbolKind::Meeting),
            ItemKind::Task => Some(SymbolKind::Task),
            ItemKind::Rotation => Some(SymbolKind::Rotation),
            ItemKind::CentralizedLiaison => Some(SymbolKind::CentralizedLiaison),
            ItemKind::Liaison | ItemKind::Embedded => None,
        }
    }
    /// "a person", "a team", ... for messages.
    pub fn a(self) -> &'static str {
        match self {
            SymbolKind::Person => "a person",
            SymbolKind::Team => "a team",
            SymbolKind::Meeting => "a meeting",
            SymbolKind::Task => "a task",
            SymbolKind::Rotation => "a rotation",
            SymbolKind::CentralizedLiaison => "a centralized liaison group",
        }
    }
    pub fn keyword(self) -> &'static str {
        match self {
            SymbolKind::Person => "person",
            SymbolKind::Team => "team",
            SymbolKind::Meeting => "meeting",
            SymbolKind::Task => "task",
            SymbolKind::Rotation => "rotation",
            SymbolKind::CentralizedLiaison => "centralized-liaison",
        }
    }
}

/// The kinds a reference accepts: one byte (an index into a table of the sets the schema
/// uses), so that a large plan's hundreds of thousands of references stay small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct KindSet(u8);

/// The sets of kinds a reference can accept, in the order of [`KindSet`]'s constants.
const KIND_SETS: [&[SymbolKind]; 5] = [
    &[SymbolKind::Person],
    &[SymbolKind::Team],
    &[SymbolKind::Meeting],
    &[SymbolKind::Task],
    &[SymbolKind::Person, SymbolKind::Team],
];

impl std::fmt::Debug for KindSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("KindSet").field(&self.kinds()).finish()
    }
}

impl KindSet {
    pub const PERSON: KindSet = KindSet(0);
    pub const TEAM: KindSet = KindSet(1);
    pub const MEETING: KindSet = KindSet(2);
    pub const TASK: KindSet = KindSet(3);
    pub const PERSON_OR_TEAM: KindSet = KindSet(4);

    /// The kinds in the set.
    pub fn kinds(self) -> &'static [SymbolKind] {
        KIND_SETS[usize::from(self.0)]
    }
    pub fn contains(self, k: SymbolKind) -> bool {
        self.kinds().contains(&k)
    }
    /// "a person or a team"
    pub fn describe(self) -> String {
        self.kinds()
            .iter()
            .map(|k| k.a())
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Str,
    Duration,
    Date,
    Ref(KindSet),
    Enum(&'static [&'static str]),
    RuleCode,
    /// A time of day, `HH:MM`.
    Time,
    /// An IANA time zone name in a string (`"Europe/Berlin"`).
    Zone,
}

impl ValueType {
    /// How to write such a value, for messages.
    pub fn describe(self) -> String {
        match self {
            ValueType::Str => "a string in double quotes".into(),
            ValueType::Duration => "a duration such as `45m`, `2h`, `3d` or `1w`".into(),
            ValueType::Date => "a date such as `2026-12-01`".into(),
            ValueType::Ref(kinds) => format!("the name of {}", kinds.describe()),
            ValueType::Enum(values) => format!(
                "one of {}",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ValueType::RuleCode => "a rule code such as `oversized-meeting`".into(),
            ValueType::Time => "a time such as `09:30` (24-hour clock, HH:MM)".into(),
            ValueType::Zone => {
                "an IANA time zone name in double quotes, such as `\"Europe/Berlin\"`".into()
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub key: &'static str,
    pub ty: ValueType,
    pub list: bool,
}

const fn one(key: &'static str, ty: ValueType) -> FieldSpec {
    FieldSpec {
        key,
        ty,
        list: false,
    }
}
const fn list(key: &'static str, ty: ValueType) -> FieldSpec {
    FieldSpec {
        key,
        ty,
        list: true,
    }
}

pub const CADENCES: &[&str] = &[
    "daily",
    "weekly",
    "biweekly",
    "monthly",
    "quarterly",
    "adhoc",
];
/// Meeting days, Monday first.
pub const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
pub const MEETING_KINDS: &[&str] = &["decision", "status", "broadcast"];
pub const STATUSES: &[&str] = &["todo", "doing", "blocked", "done"];
pub const TEAM_MODELS: &[&str] = &[
    "service-provider",
    "consultant",
    "self-service",
    "independent-executor",
    "single-threaded-owner",
    "merged-group",
    "task-force",
    "away-team",
    "tiger-team",
    "objective-expert",
];

const COMMON: [FieldSpec; 2] = [
    list("allow", ValueType::RuleCode),
    one("link", ValueType::Str),
];

const PERSON: &[FieldSpec] = &[
    one("role", ValueType::Str),
    one("email", ValueType::Str),
    one("meeting-budget", ValueType::Duration),
    one("tz", ValueType::Zone),
    COMMON[0],
    COMMON[1],
];
const TEAM: &[FieldSpec] = &[
    list("lead", ValueType::Ref(KindSet::PERSON)),
    list("members", ValueType::Ref(KindSet::PERSON)),
    one("parent", ValueType::Ref(KindSet::TEAM)),
    one("model", ValueType::Enum(TEAM_MODELS)),
    COMMON[0],
    COMMON[1],
];
const MEETING: &[FieldSpec] = &[
    one("owner", ValueType::Ref(KindSet::PERSON)),
    list("attendees", ValueType::Ref(KindSet::PERSON_OR_TEAM)),
    one("cadence", ValueType::Enum(CADENCES)),
    one("length", ValueType::Duration),
    one("kind", ValueType::Enum(MEETING_KINDS)),
    list("day", ValueType::Enum(DAYS)),
    one("time", ValueType::Time),
    one("tz", ValueType::Zone),
    one("starts", ValueType::Date),
    COMMON[0],
    COMMON[1],
];
const TASK: &[FieldSpec] = &[
    one("owner", ValueType::Ref(KindSet::PERSON_OR_TEAM)),
    one("due", ValueType::Date),
    one("start", ValueType::Date),
    list("depends-on", ValueType::Ref(KindSet::TASK)),
    one("status", ValueType::Enum(STATUSES)),
    COMMON[0],
    COMMON[1],
];
const LIAISON: &[FieldSpec] = &[
    one("from", ValueType::Ref(KindSet::TEAM)),
    one("to", ValueType::Ref(KindSet::TEAM)),
    list("attends", ValueType::Ref(KindSet::MEETING)),
    list("needs", ValueType::Str),
    COMMON[0],
    COMMON[1],
];
const EMBEDDED: &[FieldSpec] = &[
    one("from", ValueType::Ref(KindSet::TEAM)),
    one("to", ValueType::Ref(KindSet::TEAM)),
    COMMON[0],
    COMMON[1],
];
const ROTATION: &[FieldSpec] = &[
    one("from", ValueType::Ref(KindSet::TEAM)),
    one("to", ValueType::Ref(KindSet::TEAM)),
    list("roster", ValueType::Ref(KindSet::PERSON)),
    one("period", ValueType::Duration),
    COMMON[0],
    COMMON[1],
];
const CENTRALIZED_LIAISON: &[FieldSpec] = &[
    list("members", ValueType::Ref(KindSet::PERSON)),
    one("meets", ValueType::Ref(KindSet::MEETING)),
    COMMON[0],
    COMMON[1],
];

/// The fields `kind` takes, in the spec's order.
pub fn fields(kind: ItemKind) -> &'static [FieldSpec] {
    match kind {
        ItemKind::Person => PERSON,
        ItemKind::Team => TEAM,
        ItemKind::Meeting => MEETING,
        ItemKind::Task => TASK,
        ItemKind::Liaison => LIAISON,
        ItemKind::Embedded => EMBEDDED,
        ItemKind::Rotation => ROTATION,
        ItemKind::CentralizedLiaison => CENTRALIZED_LIAISON,
    }
}

/// A reference's field key in two bytes: the item's kind and the field's place among the
/// fields that kind takes, or the item's name (`liaison`/`embedded`), so a large plan's
/// references stay small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FieldKey {
    /// The kind's place in [`ItemKind::ALL`].
    kind: u8,
    /// The field's index in [`fields`] of the kind, or [`FieldKey::NAME_INDEX`].
    index: u8,
}

impl FieldKey {
    const NAME_INDEX: u8 = u8::MAX;

    /// The key of `spec`, one of the fields `kind` takes.
    pub fn of(kind: ItemKind, spec: &'static FieldSpec) -> FieldKey {
        let index = fields(kind)
            .iter()
            .position(|f| std::ptr::eq(f, spec))
            .expect("a field of its kind");
        FieldKey {
            kind: Self::kind_index(kind),
            index: index as u8,
        }
    }

    /// The name of an item of `kind` (a reference to a person for `liaison`/`embedded`).
    pub fn name(kind: ItemKind) -> FieldKey {
        FieldKey {
            kind: Self::kind_index(kind),
            index: Self::NAME_INDEX,
        }
    }

    /// `kind`'s place in [`ItemKind::ALL`].
    fn kind_index(kind: ItemKind) -> u8 {
        ItemKind::ALL
            .iter()
            .position(|&k| k == kind)
            .expect("every kind is in ALL") as u8
    }

    /// The field key as written, or `""` for an item's name.
    pub fn text(self) -> &'static str {
        if self.index == Self::NAME_INDEX {
            return "";
        }
        fields(ItemKind::ALL[usize::from(self.kind)])[usize::from(self.index)].key
    }
}

impl std::fmt::Debug for FieldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

pub fn field(kind: ItemKind, key: &str) -> Option<&'static FieldSpec> {
    fields(kind).iter().find(|f| f.key == key)
}

/// What the item's name is: a new definition, or a reference to a person.
pub fn name_reference(kind: ItemKind) -> Option<KindSet> {
    (!kind.defines_name()).then_some(KindSet::PERSON)
}
