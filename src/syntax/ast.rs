//! The syntax tree of one plan file: items, fields, values and comments, all with byte spans.
//!
//! The tree is lossless in the sense the tools need: every item, field, value and comment keeps
//! its span, and parse errors are recorded as nodes (`Junk`, missing names, unclosed blocks) so
//! that the rest of the file is still analysed.

use std::fmt;

/// The text of a name or value: stored inline up to 24 bytes (no allocation per name).
pub use compact_str::CompactString;

/// A half-open byte range `start..end` in a file's text, as two 32-bit offsets (8 bytes: a
/// large plan holds millions of spans). Files are at most 256 MB
/// (`workspace::MAX_PLAN_BYTES`), and a file over 4 GB is refused before it is parsed, so
/// every offset fits; an offset past `u32::MAX` would be clamped to it, never wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

/// An offset as a span stores it: clamped into 32 bits (see [`Span`]).
fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: offset32(start),
            end: offset32(end),
        }
    }
    /// A span from offsets already in 32 bits (a token's).
    pub(crate) fn from_u32(start: u32, end: u32) -> Span {
        Span { start, end }
    }
    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Span {
        Span::new(offset, offset)
    }
    /// The byte offset where the span starts.
    pub fn start(&self) -> usize {
        self.start as usize
    }
    /// The byte offset just past the span's end.
    pub fn end(&self) -> usize {
        self.end as usize
    }
    pub fn set_start(&mut self, start: usize) {
        self.start = offset32(start);
    }
    pub fn set_end(&mut self, end: usize) {
        self.end = offset32(end);
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when `offset` lies inside the span or at its end (what a cursor "on" a token means).
    pub fn touches(&self, offset: usize) -> bool {
        self.start() <= offset && offset <= self.end()
    }
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
}

/// The eight item kinds. Their keywords are reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Person,
    Team,
    Meeting,
    Task,
    Liaison,
    Embedded,
    Rotation,
    CentralizedLiaison,
}

impl ItemKind {
    pub const ALL: [ItemKind; 8] = [
        ItemKind::Person,
        ItemKind::Team,
        ItemKind::Meeting,
        ItemKind::Task,
        ItemKind::Liaison,
        ItemKind::Embedded,
        ItemKind::Rotation,
        ItemKind::CentralizedLiaison,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            ItemKind::Person => "person",
            ItemKind::Team => "team",
            ItemKind::Meeting => "meeting",
            ItemKind::Task => "task",
            ItemKind::Liaison => "liaison",
            ItemKind::Embedded => "embedded",
            ItemKind::Rotation => "rotation",
            ItemKind::CentralizedLiaison => "centralized-liaison",
        }
    }

    pub fn from_keyword(word: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.keyword() == word)
    }

    /// Whether the item's name defines a new thing (`false` for `liaison` and `embedded`,
    /// whose name refers to an existing person).
    pub fn defines_name(self) -> bool {
        !matches!(self, ItemKind::Liaison | ItemKind::Embedded)
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// An identifier with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub text: CompactString,
    pub span: Span,
}

/// A time of day on the 24-hour clock (`09:30`); always valid (the lexer checks the range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay {
    pub hour: u8,
    pub minute: u8,
}

impl TimeOfDay {
    /// Minutes since midnight.
    pub fn minutes(self) -> u32 {
        u32::from(self.hour) * 60 + u32::from(self.minute)
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// A calendar date as written; validity is checked by the `invalid-date` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn is_valid(&self) -> bool {
        if self.month == 0 || self.month > 12 || self.day == 0 {
            return false;
        }
        self.day <= days_in_month(self.year, self.month)
    }
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A value in a field's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    Ident(CompactString),
    /// A string with its escapes decoded. Boxed rather than inline, so that a value stays
    /// 24 bytes (the inline name's spare byte tells the variants apart).
    Str(Box<str>),
    Date(Date),
    /// A duration in minutes (`1d` = 1440, `1w` = 10080).
    Duration(u64),
    Number(u64),
    /// A time of day (`09:30`).
    Time(TimeOfDay),
    /// A digit-led token that is none of the above (`45min`); already reported as `syntax`.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

impl Value {
    pub fn as_ident(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Ident(s) => Some(s),
            _ => None,
        }
    }
    /// A short description of the value's form, for messages ("a date", "the name `x`").
    pub fn describe(&self) -> String {
        match &self.kind {
            ValueKind::Ident(s) => format!("the name `{s}`"),
            ValueKind::Str(_) => "a string".into(),
            ValueKind::Date(_) => "a date".into(),
            ValueKind::Duration(_) => "a duration".into(),
            ValueKind::Number(_) => "a number".into(),
            ValueKind::Time(_) => "a time".into(),
            ValueKind::Invalid => "an invalid value".into(),
        }
    }
}

/// A field's values: inline when there is one.
pub type FieldValues = smallvec::SmallVec<[Value; 1]>;

/// `KEY value, value, ...`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: Ident,
    /// The values; one value (most fields) is stored inline, with no allocation.
    pub values: FieldValues,
    /// True when the parser had to recover inside this field (a missing value); the field
    /// still counts as written.
    pub has_error: bool,
    pub span: Span,
}

/// A `{ ... }` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub open: Span,
    /// `None` when the closing brace is missing (reported as `syntax`).
    pub close: Option<Span>,
    /// Exactly sized (a boxed slice: no spare capacity).
    pub fields: Box<[Field]>,
}

/// One item: `KIND NAME [STRING] [{ fields }]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub kind_span: Span,
    /// `None` when the name is missing (reported as `syntax`).
    pub name: Option<Ident>,
    pub title: Option<(CompactString, Span)>,
    pub block: Option<Block>,
    /// Text of the `##` doc comment directly above the item, one line per line, with the
    /// leading `##` and one space removed.
    pub doc: Option<Box<str>>,
    /// From the keyword to the closing brace (or the last token of the item).
    pub span: Span,
}

impl Item {
    /// Whether the item silences rule `code` with `allow`.
    pub fn allows(&self, code: &str) -> bool {
        self.fields()
            .iter()
            .filter(|f| f.key.text == "allow")
            .flat_map(|f| &f.values)
            .any(|v| matches!(&v.kind, ValueKind::Ident(c) if c == code))
    }
    pub fn fields(&self) -> &[Field] {
        self.block.as_ref().map_or(&[], |b| &b.fields)
    }
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().iter().find(|f| f.key.text == key)
    }
    pub fn name_text(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.text.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    /// `##` doc comment.
    pub doc: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
    /// Secondary location with its label (e.g. the brace that is never closed).
    pub label: Option<(Span, String)>,
    pub help: Option<String>,
}

/// One parsed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFile {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

impl SourceFile {
    /// The index of the first item whose span contains `offset` (its end included), found by
    /// binary search: the item a diagnostic or a cursor at `offset` belongs to.
    pub fn item_index_at(&self, offset: usize) -> Option<usize> {
        let i = self.items.partition_point(|it| it.span.end() < offset);
        self.items
            .get(i)
            .filter(|it| it.span.start() <= offset)
            .map(|_| i)
    }

    /// The item whose span contains `offset`, as [`SourceFile::item_index_at`].
    pub fn item_at(&self, offset: usize) -> Option<&Item> {
        self.item_index_at(offset).map(|i| &self.items[i])
    }
}
