//! The syntax tree of one plan file: items, fields, values and comments, all with byte spans.
//!
//! The tree is lossless in the sense the tools need: every item, field, value and comment keeps
//! its span, and parse errors are recorded as nodes (`Junk`, missing names, unclosed blocks) so
//! that the rest of the file is still analysed.
//!
//! It is stored flat: a [`SourceFile`] holds its text and one vector each of items, fields and
//! values; an item holds a range of the fields, a field a range of the values, and names and
//! strings are read from the text. So the nodes are read with their file
//! (`item.fields(file)`, `field.values(file)`, `ident.text(file)`).

use std::fmt;

/// An inline string (no allocation up to 24 bytes), in which the model keeps symbol names.
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

/// An identifier: where it is written. Its text is the file's text there
/// ([`Ident::text`]), so a name is never copied into the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ident {
    pub span: Span,
}

impl Ident {
    /// The identifier as written.
    pub fn text(self, file: &SourceFile) -> &str {
        file.slice(self.span)
    }
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

/// What a value is, read from its text ([`Value::kind`]). Identifiers and strings hold no
/// text: it is the file's text at the value's span ([`Value::as_ident`], [`Value::string`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A name; its text is the value's span.
    Ident,
    /// A string; [`Value::string`] gives its text with the escapes decoded.
    Str,
    Date(Date),
    /// A duration in minutes (`1d` = 1440, `1w` = 10080).
    Duration(u64),
    Number(u64),
    /// A time of day (`09:30`).
    Time(TimeOfDay),
    /// A digit-led token that is none of the above (`45min`); already reported as `syntax`.
    Invalid,
}

/// A value's token, as the tree keeps it (its meaning is decoded from its text when asked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueTok {
    Ident,
    Str,
    Date,
    Duration,
    Number,
    Time,
    Invalid,
}

/// A value in a field's list: its token and span (12 bytes; what it means is read from the
/// text, [`Value::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    pub(crate) tok: ValueTok,
    pub span: Span,
}

impl Value {
    /// What the value is: a name, a string, a date, ... (decoded from its text).
    pub fn kind(&self, file: &SourceFile) -> ValueKind {
        use super::lexer;
        let text = file.slice(self.span);
        match self.tok {
            ValueTok::Ident => ValueKind::Ident,
            ValueTok::Str => ValueKind::Str,
            ValueTok::Date => lexer::parse_date(text).map_or(ValueKind::Invalid, ValueKind::Date),
            ValueTok::Duration => {
                lexer::parse_duration(text).map_or(ValueKind::Invalid, ValueKind::Duration)
            }
            ValueTok::Number => text.parse().map_or(ValueKind::Invalid, ValueKind::Number),
            ValueTok::Time => lexer::parse_time(text).map_or(ValueKind::Invalid, ValueKind::Time),
            ValueTok::Invalid => ValueKind::Invalid,
        }
    }
    /// The name, when the value is one.
    pub fn as_ident<'f>(&self, file: &'f SourceFile) -> Option<&'f str> {
        match self.tok {
            ValueTok::Ident => Some(file.slice(self.span)),
            _ => None,
        }
    }
    /// The text of a string value, its escapes decoded.
    pub fn string<'f>(&self, file: &'f SourceFile) -> Option<&'f str> {
        match self.tok {
            ValueTok::Str => Some(file.string_at(self.span)),
            _ => None,
        }
    }
    /// A short description of the value's form, for messages ("a date", "the name `x`").
    pub fn describe(&self, file: &SourceFile) -> String {
        match self.kind(file) {
            ValueKind::Ident => format!("the name `{}`", file.slice(self.span)),
            ValueKind::Str => "a string".into(),
            ValueKind::Date(_) => "a date".into(),
            ValueKind::Duration(_) => "a duration".into(),
            ValueKind::Number(_) => "a number".into(),
            ValueKind::Time(_) => "a time".into(),
            ValueKind::Invalid => "an invalid value".into(),
        }
    }
}

/// A range of one of a file's node vectors, as two 32-bit numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Range32 {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl Range32 {
    pub(crate) fn new(start: usize, end: usize) -> Range32 {
        // A file's node counts are bounded by its size (at most 256 MB), so they fit.
        Range32 {
            start: start as u32,
            len: (end - start) as u32,
        }
    }
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// `KEY value, value, ...`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: Ident,
    /// Where the field's values are in the file's values ([`Field::values`]).
    pub(crate) values: Range32,
    /// True when the parser had to recover inside this field (a missing value); the field
    /// still counts as written.
    pub has_error: bool,
    /// Where the field ends (it starts with its key).
    pub(crate) end: u32,
}

impl Field {
    /// From the key to the last value.
    pub fn span(&self) -> Span {
        Span {
            start: self.key.span.start,
            end: self.end,
        }
    }
    /// The key as written.
    pub fn key_text(self, file: &SourceFile) -> &str {
        self.key.text(file)
    }
    /// The field's values, in order.
    pub fn values(self, file: &SourceFile) -> &[Value] {
        &file.values[self.values.range()]
    }
    /// How many values the field has.
    pub fn value_count(self) -> usize {
        self.values.len as usize
    }
}

/// A `{ ... }` block's braces (its fields are the item's, [`Item::fields`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub open: Span,
    /// `None` when the closing brace is missing (reported as `syntax`).
    pub close: Option<Span>,
}

/// One item: `KIND NAME [STRING] [{ fields }]`. Its fields are a range of the file's fields,
/// its title and doc comment are read from the file: an item is a few spans, and building one
/// allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// `None` when the name is missing (reported as `syntax`).
    pub name: Option<Ident>,
    /// The title's string token ([`Item::title`] gives its text).
    pub title_span: Option<Span>,
    pub block: Option<Block>,
    /// Where the item's fields are in the file's fields ([`Item::fields`]).
    pub(crate) fields: Range32,
    /// From the keyword to the closing brace (or the last token of the item).
    pub span: Span,
}

impl Item {
    /// The kind keyword's span (an item starts with it).
    pub fn kind_span(&self) -> Span {
        Span::new(
            self.span.start(),
            self.span.start() + self.kind.keyword().len(),
        )
    }
    /// The item's fields, in order (none without a block).
    pub fn fields<'f>(&self, file: &'f SourceFile) -> &'f [Field] {
        &file.fields[self.fields.range()]
    }
    /// The first field with key `key`.
    pub fn field<'f>(&self, file: &'f SourceFile, key: &str) -> Option<&'f Field> {
        self.fields(file).iter().find(|f| f.key_text(file) == key)
    }
    /// Whether the item silences rule `code` with `allow`.
    pub fn allows(&self, file: &SourceFile, code: &str) -> bool {
        self.fields(file)
            .iter()
            .filter(|f| f.key_text(file) == "allow")
            .flat_map(|f| f.values(file))
            .any(|v| v.as_ident(file) == Some(code))
    }
    /// The item's name as written.
    pub fn name_text<'f>(&self, file: &'f SourceFile) -> Option<&'f str> {
        self.name.map(|n| n.text(file))
    }
    /// The title's text, its escapes decoded.
    pub fn title<'f>(&self, file: &'f SourceFile) -> Option<&'f str> {
        self.title_span.map(|s| file.string_at(s))
    }
    /// Text of the `##` doc comment directly above the item, one line per line, with the
    /// leading `##` and one space removed.
    pub fn doc<'f>(&self, file: &'f SourceFile) -> Option<&'f str> {
        let start = self.span.start;
        let i = file.docs.partition_point(|(s, _)| *s < start);
        file.docs
            .get(i)
            .filter(|(s, _)| *s == start)
            .map(|(_, d)| &**d)
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

/// One parsed file: its text, and its items, fields and values each in one vector (an item
/// holds a range of the fields, a field a range of the values), with the comments and the
/// syntax errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFile {
    /// The text parsed (shared with the file that holds it).
    pub(crate) text: std::sync::Arc<String>,
    pub items: Vec<Item>,
    pub(crate) fields: Vec<Field>,
    pub(crate) values: Vec<Value>,
    /// The strings (values and titles) with escapes, decoded, by their token's start; the
    /// others are read from the text.
    pub(crate) escaped: Vec<(u32, Box<str>)>,
    /// The doc comments, by the start of their item.
    pub(crate) docs: Vec<(u32, Box<str>)>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

impl SourceFile {
    /// The text parsed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text at `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Every field of every item, in order.
    pub fn all_fields(&self) -> &[Field] {
        &self.fields
    }

    /// The text of the string token at `span`, its escapes decoded.
    fn string_at(&self, span: Span) -> &str {
        let start = span.start;
        let i = self.escaped.partition_point(|(s, _)| *s < start);
        match self.escaped.get(i) {
            Some((s, decoded)) if *s == start => decoded,
            _ => super::lexer::unquote(self.slice(span)),
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_stay_small() {
        // A large plan holds millions of these: a byte more each is megabytes.
        assert_eq!(std::mem::size_of::<Value>(), 12);
        assert_eq!(std::mem::size_of::<Field>(), 24);
        assert_eq!(std::mem::size_of::<Item>(), 64);
    }
}
